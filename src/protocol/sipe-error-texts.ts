/**
 * The English connection-error texts SIPE 1.25 (and libpurple for SIPE accounts) store as
 * `<current_error><description>`. `%s` marks the one argument.
 * Used only to decide whether a stored description is an untranslated SIPE text.
 */
export const SIPE_ERROR_MSGIDS: readonly string[] = [
  // §2.1 validation
  'SIP Exchange user name contains invalid characters',
  'User name should be a valid SIP URI\nExample: user@company.com',
  'Password is required when Single Sign-On is not enabled',
  'Login and password are required when Single Sign-On is not enabled',
  'Email address should be valid if provided\nExample: user@company.com',
  'SIP Exchange user name contains whitespace',
  'Email services URL should be valid if provided\nExample: https://exchange.corp.com/EWS/Exchange.asmx\nExample: https://domino.corp.com/maildatabase.nsf',
  'Password required',
  // §2.2 transport
  'Could not connect',
  'Could not create socket',
  'Could not create SSL context',
  'SSL Connection Failed',
  'SSL Handshake Failed',
  'SSL peer presented an invalid certificate',
  'Unknown SSL error',
  'Read error',
  'Server has disconnected',
  'Write error',
  'This should not happen...',
  'Corrupted message received',
  'Invalid message signature received',
  'Service unavailable: %s',
  // §2.3 authentication / registration
  'Failed to authenticate to server',
  'Authentication failed',
  'Incompatible authentication scheme chosen',
  'No URI for certificate provisioning service provided',
  "Can't request certificate from %s",
  'Web ticket request to %s failed',
  'Certificate request to %s failed',
  'You have been rejected by the server: %s',
  'Not found: %s. Please contact your Administrator',
];

/** Prefix of SIPE's 'You have been rejected by the server: %s'. */
export const REJECTED_PREFIX = 'You have been rejected by the server: ';
/** Transport texts that only say "something on the way failed". */
export const GENERIC_CONNECT_ERRORS = ['SSL Connection Failed', 'Could not connect', 'Could not create socket', 'Connection failed'];
/** The web-ticket and certificate-provisioning path. */
export const WEBTICKET_ERROR_PREFIX = 'Web ticket request to ';
export const CERT_ERROR_PREFIXES = ['Certificate request to ', "Can't request certificate from ", 'No URI for certificate provisioning service provided'];

export interface MatchedErrorText {
  english: string;
  detail?: string;
}

/** Match a stored description against the msgids; `%s` matches any text (non-greedy only at the end). */
export function matchSipeErrorText(description: string): MatchedErrorText | undefined {
  const text = description.replace(/\r\n?/g, '\n');
  for (const msgid of SIPE_ERROR_MSGIDS) {
    const at = msgid.indexOf('%s');
    if (at < 0) {
      if (text === msgid) return { english: msgid };
      continue;
    }
    const head = msgid.slice(0, at);
    const tail = msgid.slice(at + 2);
    if (text.length >= head.length + tail.length && text.startsWith(head) && text.endsWith(tail)) {
      const detail = text.slice(head.length, text.length - tail.length);
      // 'Web ticket request to %s failed' may carry a `\n(<server text>)` suffix (1.14+)
      return { english: msgid, detail };
    }
    if (tail && text.startsWith(head)) {
      const i = text.indexOf(tail + '\n(', head.length);
      if (i > 0 && text.endsWith(')')) return { english: msgid, detail: text.slice(head.length, i) };
    }
  }
  return undefined;
}
