/** The real NetPorts for one `check` run (fresh DNS answers per run). */
import type { Dispatcher } from 'undici';
import type { NetPorts } from '../probes/types.js';
import { createSipPort } from './node-sip-channel.js';
import { createDnsPort, lookupVia, parseDnsServer, type DnsServerAddress } from './node-dns.js';
import { createTcpPort } from './node-net.js';
import { createTlsPort, trustContext } from './node-tls.js';
import { createHttpDispatcher } from './undici-http.js';

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
  const http: Dispatcher = createHttpDispatcher(httpOptions);
  const sessions: Dispatcher[] = [];
  return {
    dns,
    http,
    tcp: createTcpPort(),
    tls: createTlsPort(o.extraCaPem ? { extraCaPem: o.extraCaPem } : {}),
    sip: createSipPort(),
    httpSession() {
      const d = createHttpDispatcher({ ...httpOptions, singleConnection: true });
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
