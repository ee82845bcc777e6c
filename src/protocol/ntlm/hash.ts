/** Hash helpers of NTLM; MD4 comes from js-md4 because OpenSSL 3 no longer offers it. */
import { createHash, createHmac } from 'node:crypto';
import md4 from 'js-md4';

export const utf16 = (s: string): Buffer => Buffer.from(s, 'utf16le');

export function hmacMd5(key: Uint8Array, ...data: Uint8Array[]): Buffer {
  const h = createHmac('md5', key);
  for (const d of data) h.update(d);
  return h.digest();
}

export function md5(...data: Uint8Array[]): Buffer {
  const h = createHash('md5');
  for (const d of data) h.update(d);
  return h.digest();
}

export function md4Hash(data: Uint8Array): Buffer {
  return Buffer.from(md4.arrayBuffer(data));
}

/** NTOWFv2 = HMAC-MD5(MD4(UTF-16LE(password)), UTF-16LE(UPPER(user) + domain)) (§3.3.2). */
export function ntowfV2(password: string, user: string, domain: string): Buffer {
  return hmacMd5(md4Hash(utf16(password)), utf16(user.toUpperCase() + domain));
}
