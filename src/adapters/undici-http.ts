/**
 * The HTTP Dispatcher probes use (autodiscover): undici Agent with the probes' resolver and trust
 * store; `--proxy URL`, or HTTPS_PROXY / HTTP_PROXY / NO_PROXY in the environment → a bounded CONNECT
 * tunnel (proxy-connect.ts) under the same per-operation timeout. An optional port map (`443=8443`) sends a default port elsewhere, for labs
 * and tunnels, keeping the Host header SIPE would send.
 */
import type net from 'node:net';
import type tls from 'node:tls';
import { Agent, buildConnector, type Dispatcher } from 'undici';
import { bypassesProxy, proxyConnector } from './proxy-connect.js';
import { proxySettings } from './proxy-env.js';


export interface HttpDispatcherOptions {
  /** `--proxy URL` */
  proxy?: string;
  /** the process environment (HTTPS_PROXY …), read only when `proxy` is not given */
  env?: Readonly<Record<string, string | undefined>>;
  /** what HTTPS trusts (node-tls.ts trustContext: the default roots + `--ca`; undefined = Node's default roots) */
  secureContext?: tls.SecureContext;
  lookup?: net.LookupFunction;
  connectTimeoutMs: number;
  /** default port → port actually used */
  portMap?: Readonly<Record<number, number>>;
  /** one connection per origin (connection-bound NTLM) */
  singleConnection?: boolean;
  /** the run is over: proxy CONNECTs in progress are abandoned */
  signal?: AbortSignal;
}

/**
 * One CONNECT attempt gets a little less than the request's own timeout, so that a silent proxy is
 * reported as the proxy's failure (evidence naming the proxy) rather than as the server's timeout.
 */
const proxyAttemptMs = (timeoutMs: number): number => Math.max(Math.round(timeoutMs * 0.6), timeoutMs - 500);

export function createHttpDispatcher(o: HttpDispatcherOptions): Dispatcher {
  const trust = o.secureContext ? { secureContext: o.secureContext } : {};
  const connectOpts = { timeout: o.connectTimeoutMs, ...trust, ...(o.lookup ? { lookup: o.lookup } : {}) };
  const timeouts = { headersTimeout: o.connectTimeoutMs, bodyTimeout: o.connectTimeoutMs };
  const { httpProxy, httpsProxy, noProxy } = proxySettings(o);
  const pool = o.singleConnection ? { connections: 1, pipelining: 1 } : {};
  let base: Dispatcher;
  if (httpProxy || httpsProxy) {
    // our own bounded CONNECT (src/adapters/proxy-connect.ts), not undici's ProxyAgent
    const direct = buildConnector(connectOpts);
    const via = (u: string): buildConnector.connector => proxyConnector({ proxy: new URL(u), ...trust, timeoutMs: proxyAttemptMs(o.connectTimeoutMs), ...(o.signal ? { signal: o.signal } : {}) });
    const viaHttp = httpProxy ? via(httpProxy) : undefined;
    const viaHttps = httpsProxy ? via(httpsProxy) : undefined;
    const connect: buildConnector.connector = (opts, cb) => {
      const https = opts.protocol === 'https:';
      const port = Number(opts.port || (https ? 443 : 80));
      const proxied = https ? viaHttps : viaHttp;
      if (!proxied || bypassesProxy(noProxy, opts.hostname, port)) return direct(opts, cb);
      return proxied(opts, cb);
    };
    base = new Agent({ ...timeouts, ...pool, connect });
  } else {
    base = new Agent({ ...timeouts, connect: connectOpts, ...pool });
  }
  const map = o.portMap;
  if (!map || !Object.keys(map).length) return base;
  return base.compose((dispatch) => (opts, handler) => {
    const origin = new URL(String(opts.origin));
    const defaultPort = origin.port ? Number(origin.port) : origin.protocol === 'https:' ? 443 : 80;
    const to = map[defaultPort];
    if (to === undefined) return dispatch(opts, handler);
    const host = origin.hostname;
    origin.port = String(to);
    const headers = { ...(opts.headers as Record<string, string> | undefined), host };
    return dispatch({ ...opts, origin: origin.origin, headers }, handler);
  });
}
