/** The real NetPorts for one `check` run (fresh DNS answers per run). */
import type { Dispatcher } from 'undici';
import type { NetPorts } from '../probes/types.js';
import { createSipPort } from './node-sip-channel.js';
import { createDnsPort, lookupVia, parseDnsServer, type DnsServerAddress } from './node-dns.js';
import { createTcpPort } from './node-net.js';
import { createTlsPort, trustContext } from './node-tls.js';
import { proxySettings } from './proxy-env.js';
import type { HttpDispatcherOptions } from './undici-http.js';

/**
 * An HTTP dispatcher whose undici Agent (and undici itself, ~1 MB of code to compile) is created on
 * the first request: a check that never speaks HTTP (a pool given by --server, no web ticket) does
 * not pay for it. The probes use only `request()` (promise form, src/probes/http-request.ts) and
 * the ports' close() `destroy()`; anything else is an error, not a silent no-op.
 */
function lazyDispatcher(options: HttpDispatcherOptions): Dispatcher {
  let real: Promise<Dispatcher> | undefined;
  const get = (): Promise<Dispatcher> => (real ??= import('./undici-http.js').then(({ createHttpDispatcher }) => createHttpDispatcher(options)));
  const lazy: Record<string, unknown> = {
    request: (opts: Dispatcher.RequestOptions) => get().then((d) => d.request(opts)),
    destroy: async () => {
      if (real) await (await real).destroy();
    },
    close: async () => {
      if (real) await (await real).close();
    },
  };
  return new Proxy(lazy, {
    get(target, prop) {
      if (typeof prop === 'string' && prop in target) return target[prop];
      if (prop === 'then') return undefined; // not a thenable
      throw new Error(`the HTTP dispatcher of the check ports supports request() and destroy(), not ${String(prop)}`);
    },
  }) as unknown as Dispatcher;
}

export interface NodePortsOptions {
  /** `--dns-server ip[:port]` */
  dnsServer?: string;
  /** PEM text of `--ca` files */
  extraCaPem?: string[];
  proxy?: string;
  env?: Readonly<Record<string, string | undefined>>;
  timeoutMs: number;
  /** HTTP default port → port (labs, tunnels) */
  httpPortMap?: Readonly<Record<number, number>>;
}

export class DnsServerError extends Error {}

export function createNodePorts(o: NodePortsOptions): NetPorts & { close(): Promise<void> } {
  let server: DnsServerAddress | undefined;
  if (o.dnsServer) {
    server = parseDnsServer(o.dnsServer);
    if (!server) throw new DnsServerError(`--dns-server "${o.dnsServer}" is not ip[:port]`);
  }
  const dns = createDnsPort(server ? { server } : {});
  const secureContext = o.extraCaPem?.length ? trustContext(o.extraCaPem) : undefined;
  const over = new AbortController();
  const httpOptions = {
    signal: over.signal,
    ...(o.proxy ? { proxy: o.proxy } : {}),
    ...(o.env ? { env: o.env } : {}),
    ...(secureContext ? { secureContext } : {}),
    lookup: lookupVia(dns, o.timeoutMs),
    connectTimeoutMs: o.timeoutMs,
    ...(o.httpPortMap ? { portMap: o.httpPortMap } : {}),
  };
  // an unusable proxy URL fails here, as creating the dispatcher did before it became lazy
  const { httpProxy, httpsProxy } = proxySettings(httpOptions);
  for (const u of [httpProxy, httpsProxy]) if (u) new URL(u);
  const http: Dispatcher = lazyDispatcher(httpOptions);
  const sessions: Dispatcher[] = [];
  return {
    dns,
    http,
    tcp: createTcpPort(),
    tls: createTlsPort(o.extraCaPem ? { extraCaPem: o.extraCaPem } : {}),
    sip: createSipPort(),
    httpSession() {
      const d = lazyDispatcher({ ...httpOptions, singleConnection: true });
      sessions.push(d);
      return d;
    },
    async close() {
      // every probe has settled or given up by now: abandon what is still connecting (a silent proxy)
      over.abort();
      await Promise.all([http, ...sessions].map((d) => d.destroy().catch(() => undefined)));
    },
  };
}
