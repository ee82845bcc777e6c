/**
 * HTTP CONNECT through a proxy for undici's Agent (its `connect` option), replacing undici's own
 * ProxyAgent: that one reconnects without limit when a proxy closes each CONNECT (tens of
 * thousands of CONNECTs a second, the request never settling, the budget and Ctrl-C ignored).
 * Here every attempt is bounded in time and in the size of the proxy's answer, a closed or reset
 * CONNECT is retried at most `maxAttempts` times with doubling backoff, anything else fails at
 * once, and a failure carries a `proxy` description the probes turn into evidence. Its error code
 * is never undici's UND_ERR_SOCKET, which undici treats as "reconnect and try again".
 */
import net from 'node:net';
import tls from 'node:tls';
import type { buildConnector } from 'undici';

export interface ProxyConnectOptions {
  proxy: URL;
  /** what the origin's certificate is checked against (undefined = Node's default roots) */
  secureContext?: tls.SecureContext;
  /** per attempt: TCP connect + CONNECT answer + TLS handshake */
  timeoutMs: number;
  /** attempts when the proxy closes or resets the CONNECT (default 3) */
  maxAttempts?: number;
  /** first backoff, doubled per retry (default 200 ms) */
  backoffMs?: number;
  /** largest CONNECT answer head accepted (default 16 KiB) */
  maxHeadBytes?: number;
  /** the run is over (budget, Ctrl-C, ports closed): pending attempts fail at once, no retry */
  signal?: AbortSignal;
}

/** What the probes read off a failed request (anywhere in its `cause` chain). */
export interface ProxyFailureInfo {
  host: string;
  port: number;
  outcome: 'closed' | 'reset' | 'timeout' | 'refused' | 'rejected' | 'auth-required' | 'error';
  status?: number;
  detail: string;
  attempts: number;
}

export class ProxyConnectError extends Error {
  readonly code = 'E_PROXY_CONNECT';
  constructor(readonly proxy: ProxyFailureInfo) {
    super(`proxy ${proxy.host}:${proxy.port}: ${proxy.detail}`);
    this.name = 'ProxyConnectError';
  }
}

type Attempt = { socket: net.Socket } | { fail: Omit<ProxyFailureInfo, 'attempts' | 'host' | 'port'>; retry: boolean };

const RETRYABLE = new Set(['ECONNRESET', 'EPIPE']);

/** One CONNECT: resolves with the tunnel socket or a classified failure. */
function connectOnce(o: ProxyConnectOptions, host: string, port: number, target: string): Promise<Attempt> {
  const maxHead = o.maxHeadBytes ?? 16 * 1024;
  return new Promise<Attempt>((resolve) => {
    if (o.signal?.aborted) return resolve({ fail: { outcome: 'error', detail: `CONNECT ${target} not attempted: the run is over` }, retry: false });
    const sock = net.connect({ host, port });
    let head = Buffer.alloc(0);
    let done = false;
    const onAbort = (): void => finish({ fail: { outcome: 'timeout', detail: `CONNECT ${target} abandoned: the run is over (budget or interrupt)` }, retry: false });
    o.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (r: Attempt): void => {
      if (done) return;
      done = true;
      o.signal?.removeEventListener('abort', onAbort);
      clearTimeout(timer);
      sock.removeAllListeners('data');
      if (!('socket' in r)) sock.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ fail: { outcome: 'timeout', detail: `no answer to CONNECT ${target} within ${o.timeoutMs} ms` }, retry: false }), o.timeoutMs);
    sock.on('error', (e: NodeJS.ErrnoException) => {
      const code = e.code ?? '';
      if (code === 'ECONNREFUSED') return finish({ fail: { outcome: 'refused', detail: 'connection to the proxy refused' }, retry: false });
      finish({ fail: { outcome: RETRYABLE.has(code) ? 'reset' : 'error', detail: `${code || e.message} during CONNECT ${target}` }, retry: RETRYABLE.has(code) });
    });
    sock.on('close', () => finish({ fail: { outcome: 'closed', detail: `the proxy closed the connection before answering CONNECT ${target}` }, retry: true }));
    sock.on('connect', () => sock.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\nProxy-Connection: keep-alive\r\n\r\n`));
    sock.on('data', (d: Buffer) => {
      head = Buffer.concat([head, d]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > maxHead) finish({ fail: { outcome: 'error', detail: `the answer to CONNECT ${target} has a head over ${maxHead} bytes` }, retry: false });
        return;
      }
      const statusLine = head.subarray(0, Math.min(end, 200)).toString('latin1').split('\r\n')[0] ?? '';
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
      if (!m) return finish({ fail: { outcome: 'error', detail: `the answer to CONNECT ${target} is not HTTP (${JSON.stringify(statusLine.slice(0, 60))})` }, retry: false });
      const status = Number(m[1]);
      if (status === 407) return finish({ fail: { outcome: 'auth-required', status, detail: 'the proxy requires authentication (HTTP 407)' }, retry: false });
      if (status < 200 || status > 299) return finish({ fail: { outcome: 'rejected', status, detail: `the proxy refused CONNECT ${target} (HTTP ${status})` }, retry: false });
      const rest = head.subarray(end + 4);
      if (rest.length) sock.unshift(rest);
      finish({ socket: sock });
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** undici `connect` function: tunnel through the proxy, then TLS (verified) for https origins. */
export function proxyConnector(o: ProxyConnectOptions): buildConnector.connector {
  const proxyHost = o.proxy.hostname.replace(/^\[|\]$/g, '');
  const proxyPort = Number(o.proxy.port || (o.proxy.protocol === 'https:' ? 443 : 80));
  const maxAttempts = Math.max(1, o.maxAttempts ?? 3);
  return (opts, callback) => {
    const https = opts.protocol === 'https:';
    const port = Number(opts.port || (https ? 443 : 80));
    const target = `${opts.hostname.includes(':') && !opts.hostname.startsWith('[') ? `[${opts.hostname}]` : opts.hostname}:${port}`;
    void (async () => {
      let backoff = o.backoffMs ?? 200;
      for (let attempt = 1; ; attempt++) {
        const r = await connectOnce(o, proxyHost, proxyPort, target);
        if ('socket' in r) return r.socket;
        if (!r.retry || attempt >= maxAttempts) {
          const detail = attempt > 1 ? `${r.fail.detail} (${attempt} attempts)` : r.fail.detail;
          throw new ProxyConnectError({ host: proxyHost, port: proxyPort, ...r.fail, detail, attempts: attempt });
        }
        await sleep(backoff);
        backoff *= 2;
        if (o.signal?.aborted) throw new ProxyConnectError({ host: proxyHost, port: proxyPort, ...r.fail, detail: `${r.fail.detail} (${attempt} attempts; the run ended before the next)`, attempts: attempt });
      }
    })().then(
      (sock) => {
        if (!https) return callback(null, sock);
        const servername = opts.servername ?? (net.isIP(opts.hostname) ? undefined : opts.hostname);
        // `host`: the certificate is checked against the origin, never against the proxy the socket went to
        const t = tls.connect({ socket: sock, host: opts.hostname, ...(servername ? { servername } : {}), ...(o.secureContext ? { secureContext: o.secureContext } : {}), ALPNProtocols: ['http/1.1'] });
        const timer = setTimeout(() => t.destroy(Object.assign(new Error(`no TLS handshake with ${target} through the proxy within ${o.timeoutMs} ms`), { code: 'ETIMEDOUT' })), o.timeoutMs);
        t.once('secureConnect', () => {
          clearTimeout(timer);
          t.removeListener('error', onErr);
          callback(null, t);
        });
        const onErr = (e: Error): void => {
          clearTimeout(timer);
          sock.destroy();
          callback(e, null);
        };
        t.once('error', onErr);
      },
      (e: Error) => callback(e, null),
    );
  };
}

/** NO_PROXY matching as curl does it: `*`, host names and domain suffixes, optional `:port`. */
export function bypassesProxy(noProxy: string | undefined, hostname: string, port: number): boolean {
  if (!noProxy) return false;
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const m = /^(.*?)(?::(\d+))?$/.exec(entry);
    const name = (m?.[1] ?? entry).replace(/^\*?\./, '');
    if (m?.[2] && Number(m[2]) !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}
