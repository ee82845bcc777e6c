/**
 * The PKCS#10 request SIPE sends to the certificate provisioning service (RSA 2048, subject
 * CN=<sign-in address>, SHA-256 with RSA), DER-encoded by hand (RFC 2986). The private key never
 * leaves memory and is dropped after signing.
 */
import { generateKeyPair, sign } from 'node:crypto';
import { promisify } from 'node:util';

const generate = promisify(generateKeyPair);

function der(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, content]);
}
const seq = (...parts: Buffer[]): Buffer => der(0x30, Buffer.concat(parts));
const OID_CN = Buffer.from([0x06, 0x03, 0x55, 0x04, 0x03]);
const SHA256_RSA = seq(Buffer.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]), Buffer.from([0x05, 0x00]));

/** `CN=alice@corp.example` → base64 DER CertificationRequest. */
export async function makeCsr(subject: string): Promise<string> {
  const cn = subject.replace(/^CN=/i, '');
  const { publicKey, privateKey } = await generate('rsa', { modulusLength: 2048 });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const name = seq(der(0x31, seq(OID_CN, der(0x0c, Buffer.from(cn, 'utf8')))));
  const info = seq(Buffer.from([0x02, 0x01, 0x00]), name, spki, Buffer.from([0xa0, 0x00]));
  const signature = sign('sha256', info, privateKey);
  return seq(info, SHA256_RSA, der(0x03, Buffer.concat([Buffer.from([0]), signature]))).toString('base64');
}
