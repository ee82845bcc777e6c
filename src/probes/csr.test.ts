import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { makeCsr } from './csr.js';

describe('makeCsr', () => {
  it('makes a PKCS#10 request openssl accepts, with the subject and a valid self-signature', async () => {
    const b64 = await makeCsr('CN=alice@corp.example');
    const pem = `-----BEGIN CERTIFICATE REQUEST-----\n${b64.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE REQUEST-----\n`;
    const out = execFileSync('openssl', ['req', '-noout', '-verify', '-subject'], { input: pem }).toString();
    expect(out).toMatch(/subject=CN ?= ?alice@corp\.example/);
  }, 20_000);
});
