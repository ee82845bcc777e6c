/**
 * The HTTP Dispatcher probes use (autodiscover): undici Agent with the probes' resolver and trust
 * store; `--proxy URL` → ProxyAgent; HTTPS_PROXY / HTTP_PROXY / NO_PROXY in the environment →
 * EnvHttpProxyAgent. An optional port map (`443=8443`) sends a default port elsewhere, for labs
 * and tunnels, keeping the Host header SIPE would send.
 */
import type net from 'node:net';
import { Agent, EnvHttpProxyAgent, ProxyAgent, type Dispatcher } from 'undici';

export interface HttpDispatcherOptions {
  /** `--proxy URL` */
  proxy?: string;
  /** the process environment (HTTPS_PROXY …), read only when `proxy` is not given */
  env?: Readonly<Record<string, string | undefined>>;
  /** trust store for HTTPS (undefined = Node's default roots) */
  ca?: string[];
  lookup?: net.LookupFunction;
  connectTimeoutMs: number;
  /** default port → port actually used */
  portMap?: Readonly<Record<number, number>>;
  /** one connection per origin (connection-bound NTLM) */
  singleConnection?: boolean;
}

const envValue = (env: Readonly<Record<string, string | undefined>>, name: string): string | undefined =>
  env[name] ?? env[name.toLowerCase()];

export function describeProxy(o: Pick<HttpDispatcherOptions, 'proxy' | 'env'>): string | undefined {
  if (o.proxy) return o.proxy;
  const env = o.env ?? {};
  return envValue(env, 'HTTPS_PROXY') ?? envValue(env, 'HTTP_PROXY');
}

export function createHttpDispatcher(o: HttpDispatcherOptions): Dispatcher {
  const connect = { timeout: o.connectTimeoutMs, ...(o.ca ? { ca: o.ca } : {}), ...(o.lookup ? { lookup: o.lookup } : {}) };
  const timeouts = { headersTimeout: o.connectTimeoutMs, bodyTimeout: o.connectTimeoutMs };
  const env = o.env ?? {};
  let base: Dispatcher;
  if (o.proxy) {
    base = new ProxyAgent({ uri: o.proxy, ...timeouts, requestTls: { ...(o.ca ? { ca: o.ca } : {}) }, proxyTls: { ...(o.ca ? { ca: o.ca } : {}) } });
  } else if (envValue(env, 'HTTPS_PROXY') || envValue(env, 'HTTP_PROXY')) {
    const httpProxy = envValue(env, 'HTTP_PROXY');
    const httpsProxy = envValue(env, 'HTTPS_PROXY');
    const noProxy = envValue(env, 'NO_PROXY');
    base = new EnvHttpProxyAgent({
      ...timeouts,
      connect,
      ...(httpProxy ? { httpProxy } : {}),
      ...(httpsProxy ? { httpsProxy } : {}),
      ...(noProxy ? { noProxy } : {}),
      requestTls: { ...(o.ca ? { ca: o.ca } : {}) },
    });
  } else {
    base = new Agent({ ...timeouts, connect, ...(o.singleConnection ? { connections: 1, pipelining: 1 } : {}) });
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
