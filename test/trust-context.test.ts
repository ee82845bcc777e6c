/**
 * `--ca`: the TLS context built from Node's default roots plus the extra CA trusts a server the
 * extra CA signed, keeps trusting what the roots trust (the same verdicts as `ca: [...roots, extra]`),
 * and leaves every other connection's trust alone (the extra CA never reaches Node's shared store).
 * Loopback only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { createTlsPort, trustContext, trustStore } from '../src/adapters/node-tls.js';
import { createTcpPort } from '../src/adapters/node-net.js';
import { createLabPki, type LabPki } from '../src/lab/certs.js';

const HOST = 'pool.corp.example';
let pki: LabPki;
const servers: tls.Server[] = [];

beforeAll(async () => {
  pki = await createLabPki([HOST]);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  await pki.cleanup();
});

async function server(kind: 'valid' | 'self-signed' | 'expired'): Promise<number> {
  const c = pki.certs[kind];
  const s = tls.createServer({ cert: c.chainPem, key: c.keyPem }, (sock) => sock.end());
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return (s.address() as AddressInfo).port;
}

/** 'trusted' or the verification error code */
function verdict(port: number, opts: tls.ConnectionOptions): Promise<string> {
  return new Promise((resolve) => {
    const s = tls.connect({ host: '127.0.0.1', port, servername: HOST, rejectUnauthorized: false, ...opts }, () => {
      const err = s.authorizationError as unknown as { code?: string } | string | null;
      resolve(err ? String(typeof err === 'object' ? err.code : err) : 'trusted');
      s.destroy();
    });
    s.on('error', (e: NodeJS.ErrnoException) => resolve(`error ${e.code ?? e.message}`));
  });
}

describe('trustContext (--ca)', () => {
  it('gives the same verdicts as ca: [...system roots, extra], and never changes the default trust', async () => {
    const ports = { valid: await server('valid'), selfSigned: await server('self-signed'), expired: await server('expired') };
    const ctx = trustContext([pki.caPem]);
    const legacy = { ca: trustStore([pki.caPem])! };
    for (const port of Object.values(ports)) {
      expect(await verdict(port, { secureContext: ctx })).toBe(await verdict(port, legacy));
    }
    expect(await verdict(ports.valid, { secureContext: ctx })).toBe('trusted');
    // after the context was built: a connection without it still does not trust the lab's CA
    expect(await verdict(ports.valid, {})).not.toBe('trusted');
    expect(await verdict(ports.valid, { secureContext: tls.createSecureContext() })).not.toBe('trusted');
  });

  it('the TLS port with --ca verifies against roots + extra, also with a minimum version (legacy ciphers)', async () => {
    const port = await server('valid');
    const tcp = createTcpPort();
    const tlsPort = createTlsPort({ extraCaPem: [pki.caPem] });
    const bare = createTlsPort();
    for (const minVersion of [undefined, 'TLSv1'] as const) {
      for (const [p, trusted] of [[tlsPort, true], [bare, false]] as const) {
        const conn = await tcp.connect({ host: HOST, address: '127.0.0.1', port, signal: AbortSignal.timeout(5000) });
        expect(conn.outcome).toBe('ok');
        if (!conn.conn) continue;
        const r = await p.handshake({ conn: conn.conn, host: HOST, port, servername: HOST, signal: AbortSignal.timeout(5000), ...(minVersion ? { minVersion } : {}) });
        (r.conn ?? conn.conn).close();
        expect(r.outcome).toBe('ok');
        expect(r.verifyError === undefined).toBe(trusted);
      }
    }
  });
});
