/** SIPE's client error texts of the web-ticket and certificate-provisioning path. */
export const WEBTICKET_ERROR_PREFIX = 'Web ticket request to ';
export const CERT_ERROR_PREFIXES = ['Certificate request to ', "Can't request certificate from ", 'No URI for certificate provisioning service provided'];
