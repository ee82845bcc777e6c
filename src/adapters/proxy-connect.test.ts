import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { bypassesProxy, proxyConnector, ProxyConnectError } from './proxy-connect.js';

const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();
afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))));
});

async function proxy(onConn: (s: net.Socket) => void): Promise<{ url: URL; count: () => number }> {
  let n = 0;
  const srv = net.createServer((s) => {
    n++;
    sockets.add(s);
    s.on('error', () => undefined);
    onConn(s);
  });
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { url: new URL(`http://127.0.0.1:${(srv.address() as AddressInfo).port}`), count: () => n };
}

function connect(c: ReturnType<typeof proxyConnector>): Promise<{ err: Error | null; sock: net.Socket | null }> {
  return new Promise((resolve) => {
    c({ hostname: 'web.corp.test', host: 'web.corp.test', protocol: 'http:', port: '80' } as never, (err, sock) => {
      resolve({ err, sock: sock as net.Socket | null });
      (sock as net.Socket | null)?.destroy();
    });
  });
}

describe('proxyConnector', () => {
  it('retries a closed CONNECT at most maxAttempts times, then fails with the proxy named (not an undici socket error)', async () => {
    const p = await proxy((s) => s.once('data', () => s.destroy()));
    const { err } = await connect(proxyConnector({ proxy: p.url, timeoutMs: 1000, maxAttempts: 3, backoffMs: 10 }));
    expect(err).toBeInstanceOf(ProxyConnectError);
    expect((err as ProxyConnectError).code).toBe('E_PROXY_CONNECT');
    expect((err as ProxyConnectError).proxy).toMatchObject({ host: '127.0.0.1', outcome: 'closed', attempts: 3 });
    expect(p.count()).toBe(3);
  });

  it('a 407 fails at once as auth-required', async () => {
    const p = await proxy((s) => s.once('data', () => s.end('HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n')));
    const { err } = await connect(proxyConnector({ proxy: p.url, timeoutMs: 1000 }));
    expect((err as ProxyConnectError).proxy).toMatchObject({ outcome: 'auth-required', status: 407, attempts: 1 });
    expect(p.count()).toBe(1);
  });

  it('a silent proxy fails after the attempt timeout, once', async () => {
    const p = await proxy(() => undefined);
    const t0 = performance.now();
    const { err } = await connect(proxyConnector({ proxy: p.url, timeoutMs: 300 }));
    expect((err as ProxyConnectError).proxy.outcome).toBe('timeout');
    expect(performance.now() - t0).toBeLessThan(1500);
    expect(p.count()).toBe(1);
  });

  it('the run ending abandons a pending CONNECT at once', async () => {
    const p = await proxy(() => undefined);
    const over = new AbortController();
    setTimeout(() => over.abort(), 50);
    const t0 = performance.now();
    const { err } = await connect(proxyConnector({ proxy: p.url, timeoutMs: 10_000, signal: over.signal }));
    expect(err).toBeInstanceOf(ProxyConnectError);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('a 200 hands over the tunnel', async () => {
    const p = await proxy((s) => s.once('data', () => s.write('HTTP/1.1 200 Connection established\r\n\r\n')));
    const { err, sock } = await connect(proxyConnector({ proxy: p.url, timeoutMs: 1000 }));
    expect(err).toBeNull();
    expect(sock).toBeTruthy();
  });
});

describe('bypassesProxy (NO_PROXY)', () => {
  it('matches *, names, domain suffixes and ports', () => {
    expect(bypassesProxy('*', 'a.b', 443)).toBe(true);
    expect(bypassesProxy('corp.test', 'web.corp.test', 443)).toBe(true);
    expect(bypassesProxy('.corp.test', 'corp.test', 443)).toBe(true);
    expect(bypassesProxy('corp.test:80', 'web.corp.test', 443)).toBe(false);
    expect(bypassesProxy('other.test, localhost', 'web.corp.test', 443)).toBe(false);
    expect(bypassesProxy(undefined, 'web.corp.test', 443)).toBe(false);
  });
});
