/** Server fault texts of the web-ticket path that have their own rule. */
export const URI_MISMATCH = /SIP URI mismatch|does not match the SIP URI associated with the presented credentials/i;
export const MFA_FAULT = /AADSTS50076|AADSTS50079|AADSTS50074|multi-?factor|\bMFA\b|strong authentication/i;
export const WEBTICKET_ERROR_PREFIX = 'Web ticket request to ';
export const CERT_ERROR_PREFIXES = ['Certificate request to ', "Can't request certificate from ", 'No URI for certificate provisioning service provided'];
