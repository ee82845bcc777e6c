/**
 * Authentication parameters whose values are secrets ([MS-SIPAE] tokens, signatures, Digest responses).
 * Decoders keep the name (presence matters to rules) and replace the value with REDACTED.
 */
export const SECRET_AUTH_PARAMS: ReadonlySet<string> = new Set([
  'gssapi-data', 'opaque', 'response', 'crand', 'cnum', 'rspauth', 'srand', 'snum',
]);

export { REDACTED } from '../../redact/marker.js';

export function isSecretAuthParam(name: string): boolean {
  return SECRET_AUTH_PARAMS.has(name.toLowerCase());
}
