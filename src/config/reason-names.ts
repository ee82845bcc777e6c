/**
 * libpurple 2.x `PurpleConnectionError` numbers (libpurple/connection.h), as stored in
 * accounts.xml `<current_error><type>N</type>` and printed as `reason: N` in debug logs.
 */
const REASON_NAMES: readonly string[] = [
  'NETWORK_ERROR', 'INVALID_USERNAME', 'AUTHENTICATION_FAILED', 'AUTHENTICATION_IMPOSSIBLE',
  'NO_SSL_SUPPORT', 'ENCRYPTION_ERROR', 'NAME_IN_USE', 'INVALID_SETTINGS', 'CERT_NOT_PROVIDED',
  'CERT_UNTRUSTED', 'CERT_EXPIRED', 'CERT_NOT_ACTIVATED', 'CERT_HOSTNAME_MISMATCH',
  'CERT_FINGERPRINT_MISMATCH', 'CERT_SELF_SIGNED', 'CERT_OTHER_ERROR', 'OTHER_ERROR',
];

/** `PURPLE_CONNECTION_ERROR_INVALID_SETTINGS` for 7; undefined for numbers libpurple 2 does not define. */
export function reasonName(reason: number): string | undefined {
  const name = Number.isInteger(reason) && reason >= 0 ? REASON_NAMES[reason] : undefined;
  return name === undefined ? undefined : `PURPLE_CONNECTION_ERROR_${name}`;
}

/** Fatal reasons disable the account until the user acts; 0 and 5 make Pidgin reconnect on its own. */
export function isFatalReason(reason: number): boolean {
  return reason !== 0 && reason !== 5;
}
