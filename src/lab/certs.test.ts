import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { connect, createServer, type Server } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { createLabPki, labIntermediatePem, type LabPki } from './certs.js';
import type { CertKind } from './types.js';

const HOSTS = ['pool.corp.example', 'sip.corp.example', 'lyncdiscover.corp.example', 'lyncdiscoverinternal.corp.example'];

let pki: LabPki;
const servers: Server[] = [];

beforeAll(async () => {
  pki = await createLabPki(HOSTS);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  await pki.cleanup();
});

/** handshake against a loopback TLS server presenting `kind`; resolves the Node error code or 'ok' */
async function handshake(kind: CertKind, servername: string, ca: string): Promise<string> {
  const c = pki.certs[kind];
  const server = createServer({ cert: c.chainPem, key: c.keyPem }, (s) => s.end());
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return new Promise((resolve) => {
    const sock = connect({ host: '127.0.0.1', port, servername, ca, timeout: 5000 }, () => {
      sock.destroy();
      resolve('ok');
    });
    sock.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

describe('lab certificates', () => {
  it('writes the CA to caFile and the valid leaf covers every lab host and 127.0.0.1', async () => {
    expect(await readFile(pki.caFile, 'utf8')).toBe(pki.caPem);
    const ca = new X509Certificate(pki.caPem);
    const leaf = new X509Certificate(pki.certs.valid.certPem);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.checkIssued(ca)).toBe(true);
    for (const h of HOSTS) expect(leaf.checkHost(h)).toBe(h);
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(ca.ca).toBe(true);
  });

  it('the valid leaf verifies in a real TLS handshake against caFile', async () => {
    expect(await handshake('valid', 'pool.corp.example', pki.caPem)).toBe('ok');
  });

  it.each([
    ['wrong-host', 'ERR_TLS_CERT_ALTNAME_INVALID'],
    ['expired', 'CERT_HAS_EXPIRED'],
    ['not-yet-valid', 'CERT_NOT_YET_VALID'],
    ['self-signed', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['missing-intermediate', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
  ] as const)('%s fails with %s', async (kind, code) => {
    expect(await handshake(kind, 'pool.corp.example', pki.caPem)).toBe(code);
  });

  it('the missing-intermediate leaf is fine once the intermediate is known', async () => {
    const inter = await labIntermediatePem();
    expect(await handshake('missing-intermediate', 'pool.corp.example', pki.caPem + inter)).toBe('ok');
  });

  it('the CA is generated once per process', async () => {
    const again = await createLabPki(['x.corp.example']);
    expect(again.caPem).toBe(pki.caPem);
    await again.cleanup();
  });
});
