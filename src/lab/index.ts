/**
 * startLab: turns one named scenario into running loopback servers — authoritative DNS, the lab
 * PKI, the web tier (autodiscover, web tickets, certificate provisioning), the SIP registrar, and
 * the helper ports (`closed`, `stall`) — and returns the RunningLab handle.
 * `stop()` closes every socket and timer and removes the temp dir.
 */
import { createSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createLabPki, type LabPki } from './certs.js';
import { startDroppingPort } from './drop-port.js';
import { startDnsServer, type RunningDnsServer } from './dns/server.js';
import { absoluteName, type CompiledZone, type ZoneEntry } from './dns/zone.js';
import { labDirectory } from './https/directory.js';
import { startWebServer, webHosts, type RunningWebServer } from './https/server.js';
import { findScenario, SCENARIO_NAMES } from './scenarios/index.js';
import { startSipRegistrar } from './sip/registrar.js';
import type { RunningSipRegistrar, SipRegistrarOptions } from './sip/types.js';
import type { LabCheckSettings, LabPorts, PortRef, ResolverMode, RunningLab, Scenario } from './types.js';

export type { LabCheckSettings, RunningLab, Scenario, LabPorts, ResolverMode } from './types.js';
export { RESOLVER_MODES } from './types.js';
export { SCENARIOS, findScenario, SCENARIO_NAMES } from './scenarios/index.js';

export interface StartLabOptions {
  scenario: string;
  /**
   * the resolver as a whole, over the scenario's own (`timeout`, `closed`, `refused`, `nxdomain-all`):
   * the same deployment seen from off the company network
   */
  resolver?: ResolverMode;
  host?: '127.0.0.1';
  ports?: LabPorts;
}

/** RunningLab plus what the lab, demo and check commands use. */
export interface LabHandle extends RunningLab {
  definition: Scenario;
  clientPassword: string;
  sipCertFile: string;
  checkEnv: Record<string, string>;
  /** checkArgs as data, for running check in-process (`demo`) */
  checkSettings: LabCheckSettings;
  /** Pidgin's Server[:Port] for this scenario ('' = leave blank) */
  pidginServer: string;
  /** the ports behind the symbolic `closed` / `stall` refs */
  aux: { closed: number; stall: number };
  /** questions the DNS server saw (bounded) */
  dnsQueries(): readonly string[];
  /** requests the web tier saw (bounded) */
  webRequests(): readonly { scheme: string; method: string; host: string; path: string; status: number }[];
}

export class UnknownScenarioError extends Error {
  constructor(name: string) {
    super(`unknown lab scenario '${name}' (known: ${SCENARIO_NAMES.join(', ')})`);
    this.name = 'UnknownScenarioError';
  }
}

/** Every host name the scenario's servers answer for (certificate SANs). */
export function labHostNames(s: Scenario): string[] {
  const d = s.domain.toLowerCase();
  const w = webHosts(d);
  const names = new Set<string>([`pool.${d}`, `fe01.${d}`, `sip.${d}`, `sipinternal.${d}`, `sipexternal.${d}`, w.web, w.lyncdiscover, w.lyncdiscoverInternal, w.adfs]);
  for (const r of s.zone.records) {
    if (r.type === 'SRV' || r.type === 'CNAME') names.add(absoluteName(r.target, d));
    if (r.type !== 'TXT' && !r.name.startsWith('_')) names.add(absoluteName(r.name, d));
  }
  // the federated (Office 365) endpoints SIPE calls by fixed name
  names.add('login.microsoftonline.com');
  return [...names];
}

export function compileZone(s: Scenario, port: (ref: PortRef) => number): CompiledZone {
  const d = s.domain.toLowerCase();
  const entries: ZoneEntry[] = s.zone.records.map((r): ZoneEntry => {
    const name = absoluteName(r.name, d);
    const ttl = r.ttl ?? 300;
    switch (r.type) {
      case 'A': return { name, type: 'A', address: r.address ?? '127.0.0.1', ttl };
      case 'AAAA': return { name, type: 'AAAA', address: r.address ?? '::1', ttl };
      case 'CNAME': return { name, type: 'CNAME', target: absoluteName(r.target, d), ttl };
      case 'SRV': return { name, type: 'SRV', target: absoluteName(r.target, d), port: port(r.port), priority: r.priority ?? 0, weight: r.weight ?? 0, ttl };
      case 'TXT': return { name, type: 'TXT', text: r.text, ttl };
    }
  });
  return {
    origins: [d, ...(s.zone.extraOrigins ?? []).map((o) => o.toLowerCase().replace(/\.$/, '')), 'microsoftonline.com'],
    entries: [...entries, { name: 'login.microsoftonline.com', type: 'A', address: '127.0.0.1', ttl: 300 }],
    faults: s.zone.faults ?? [],
    ...(s.zone.resolver && s.zone.resolver !== 'normal' ? { mode: s.zone.resolver } : {}),
  };
}

/** A port number nothing listens on (bound once, then released). */
async function freePort(host: string): Promise<number> {
  const s = createServer();
  await new Promise<void>((r, j) => { s.once('error', j); s.listen(0, host, () => r()); });
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A port number on which neither UDP nor TCP has a listener (for the `closed` resolver mode). */
async function freeDnsPort(host: string): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const port = await freePort(host);
    const udp = createSocket('udp4');
    const free = await new Promise<boolean>((r) => {
      udp.once('error', () => r(false));
      udp.bind(port, host, () => r(true));
    });
    await new Promise<void>((r) => udp.close(() => r()));
    if (free) return port;
  }
  throw new Error('no free port for the closed DNS resolver');
}

/**
 * The `stall` port: connection attempts time out (SYNs dropped, src/lab/drop-port.ts). Without
 * python3 it falls back to a listener that accepts and never speaks (then TLS, not TCP, stalls).
 */
async function startStall(host: string): Promise<{ port: number; stop(): Promise<void> }> {
  try {
    return await startDroppingPort(host);
  } catch {
    return startSilentListener(host);
  }
}

/** A listener that accepts connections and never says anything (TLS never completes). */
async function startSilentListener(host: string): Promise<{ port: number; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((sock) => {
    if (sockets.size >= 32) return sock.destroy();
    sockets.add(sock);
    sock.on('error', () => sock.destroy());
    sock.on('close', () => sockets.delete(sock));
    sock.on('data', () => { /* swallow */ });
  });
  await new Promise<void>((r, j) => { server.once('error', j); server.listen(0, host, () => r()); });
  return {
    port: (server.address() as AddressInfo).port,
    stop: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}

/**
 * A plain-TCP SIP listener for the `plain` TLS mode: whatever arrives (a TLS ClientHello) gets a
 * SIP 400 in clear text and the connection is closed, as a TCP-only SIP port does. The client's TLS
 * layer then fails the handshake on non-TLS bytes.
 */
async function startPlainSip(host: string, domain: string): Promise<{ port: number; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((sock) => {
    if (sockets.size >= 32) return sock.destroy();
    sockets.add(sock);
    sock.setTimeout(10_000, () => sock.destroy());
    sock.on('error', () => sock.destroy());
    sock.on('close', () => sockets.delete(sock));
    sock.once('data', () => {
      sock.end(`SIP/2.0 400 Bad Request\r\nServer: RTC/6.0\r\nms-diagnostics: 1000;reason="Final handshake failed.";source="fe01.${domain}"\r\nContent-Length: 0\r\n\r\n`);
    });
  });
  await new Promise<void>((r, j) => { server.once('error', j); server.listen(0, host, () => r()); });
  return {
    port: (server.address() as AddressInfo).port,
    stop: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}

function registrarOptions(s: Scenario, pki: LabPki, ports: LabPorts, stsUri: string): SipRegistrarOptions {
  const d = s.domain.toLowerCase();
  const cert = pki.certs[s.sip.cert];
  const mode = s.sip.tlsMode ?? 'normal';
  const wantsTls = s.sip.transports.includes('tls') && mode !== 'plain';
  const wantsTcp = s.sip.transports.includes('tcp') || mode === 'plain';
  const [local = 'alice'] = s.client.user.split('@');
  const opts: SipRegistrarOptions = {
    host: '127.0.0.1',
    domain: d,
    serverFqdn: `fe01.${d}`,
    users: [
      { sipUri: `sip:${s.client.user}`, ntDomain: 'CORP', username: local, password: s.client.password },
      // a blank Login makes SIPE send the sign-in address as NTLM user with no domain
      { sipUri: `sip:${s.client.user}`, ntDomain: s.client.user.split('@')[1] ?? d, username: local, password: s.client.password },
    ],
    authSchemes: s.sip.authSchemes,
    stsUri,
    serverHeader: 'RTC/6.0.9319.0',
    behaviour: s.sip.behaviour,
  };
  if (wantsTls) {
    opts.tls = { key: cert.keyPem, cert: cert.chainPem, ...(ports.sipTls ? { port: ports.sipTls } : {}) };
    if (mode === 'tls10-only') {
      opts.tls.minVersion = 'TLSv1';
      opts.tls.maxVersion = 'TLSv1';
    }
  }
  if (wantsTcp) opts.tcp = ports.sipTcp ? { port: ports.sipTcp } : {};
  if (s.sip.clientVersion) opts.clientVersion = s.sip.clientVersion;
  if (s.sip.clockSkewMs !== undefined) opts.clockSkewMs = s.sip.clockSkewMs;
  return opts;
}

/** Does the scenario send the client to the `stall` port (Server field or an SRV record)? */
export function usesStall(s: Scenario): boolean {
  return s.client.server === 'stall' || s.zone.records.some((r) => r.type === 'SRV' && r.port === 'stall');
}

/** The per-operation timeout / watch time the printed `check` uses, so silent scenarios end quickly. */
export function checkTuning(s: Scenario): { timeoutMs?: number; watchMs?: number } {
  const b = s.sip.behaviour;
  return {
    ...(b.kind === 'silent' || usesStall(s) ? { timeoutMs: 2000 } : {}),
    // a resolver that never answers: every lookup waits the whole timeout
    ...(s.zone.resolver === 'timeout' ? { timeoutMs: 1000 } : {}),
    ...(b.kind === 'deregister' ? { watchMs: b.afterMs + 2000 } : {}),
    ...s.check,
  };
}

/**
 * The `check` settings that reproduce the scenario's Pidgin account: discovery through the lab DNS,
 * the lab CA, the Server / Connection type / Authentication / Login fields, and a port map so URLs on
 * the default HTTPS/HTTP ports (LyncDiscover, web tickets) reach the lab's random ports. The password
 * is not among them (RunningLab.checkEnv).
 */
export function labCheckSettings(s: Scenario, at: { dns: string; caFile: string; pidginServer: string; https: number; http: number }): LabCheckSettings {
  const c = s.client;
  const t = checkTuning(s);
  return {
    address: c.user,
    dnsServer: at.dns,
    ca: [at.caFile],
    ...(at.pidginServer ? { server: at.pidginServer } : {}),
    transport: c.transport,
    auth: c.auth,
    ...(c.login ? { login: c.login } : {}),
    portMap: `443=${at.https},80=${at.http}`,
    ...(t.timeoutMs ? { timeout: t.timeoutMs } : {}),
    ...(t.watchMs ? { watch: t.watchMs } : {}),
  };
}

/** The same settings as `sipe-doctor check` arguments, in the order the lab prints them. */
export function labCheckArgs(c: LabCheckSettings): string[] {
  return [
    c.address, '--dns-server', c.dnsServer, ...c.ca.flatMap((f) => ['--ca', f]),
    ...(c.server ? ['--server', c.server] : []),
    '--transport', c.transport,
    '--auth', c.auth,
    ...(c.login ? ['--login', c.login] : []),
    '--port-map', c.portMap,
    ...(c.timeout ? ['--timeout', `${c.timeout}ms`] : []),
    ...(c.watch ? ['--watch', `${c.watch}ms`] : []),
  ];
}

export async function startLab(opts: StartLabOptions): Promise<LabHandle> {
  const found = findScenario(opts.scenario);
  if (!found) throw new UnknownScenarioError(opts.scenario);
  const s: Scenario = opts.resolver ? { ...found, zone: { ...found.zone, resolver: opts.resolver } } : found;
  const host = opts.host ?? '127.0.0.1';
  const ports = opts.ports ?? {};
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) {
      try { await stop(); } catch { /* keep closing the rest */ }
    }
    stops.length = 0;
  };

  try {
    const pki = await createLabPki(labHostNames(s));
    stops.push(() => pki.cleanup());
    // a python3 child only for the scenarios that use the `stall` port
    const stall = usesStall(s) ? await startStall(host) : await startSilentListener(host);
    stops.push(() => stall.stop());
    const closed = await freePort(host);

    // the web tier first: the registrar's TLS-DSK challenge names its certificate provisioning URL
    const d = s.domain.toLowerCase();
    const sipAccess = { fqdn: `pool.${d}`, port: 0 };
    const web: RunningWebServer = await startWebServer({
      host, domain: d, web: s.web, tls: { cert: pki.certs[s.web.cert].chainPem, key: pki.certs[s.web.cert].keyPem },
      ...(ports.https ? { httpsPort: ports.https } : {}), ...(ports.http ? { httpPort: ports.http } : {}),
      sip: sipAccess, user: s.client.user, directory: labDirectory(s),
    });
    stops.push(() => web.stop());
    const stsUri = web.url(webHosts(d).web, '/CertProv/CertProvisioningService.svc');

    const registrar: RunningSipRegistrar = await startSipRegistrar(registrarOptions(s, pki, ports, stsUri));
    stops.push(() => registrar.stop());
    const mode = s.sip.tlsMode ?? 'normal';
    // where a client that wants TLS ends up: in `plain` mode a port that speaks clear-text SIP
    let tlsTarget = registrar.tlsPort;
    if (mode === 'plain') {
      const plain = await startPlainSip(host, d);
      stops.push(() => plain.stop());
      tlsTarget = plain.port;
    }
    const tcpTarget = registrar.tcpPort;
    sipAccess.port = tlsTarget ?? tcpTarget ?? 0;

    const portOf = (ref: PortRef): number => {
      switch (ref) {
        case 'sip-tls': return tlsTarget ?? closed;
        case 'sip-tcp': return tcpTarget ?? closed;
        case 'https': return web.httpsPort;
        case 'http': return web.httpPort;
        case 'closed': return closed;
        case 'stall': return stall.port;
        default: return ref;
      }
    };
    const dns: RunningDnsServer = await startDnsServer({ zone: compileZone(s, portOf), host, ...(ports.dns ? { port: ports.dns } : {}) });
    stops.push(() => dns.stop());
    // `closed`: nothing listens where the client sends its DNS queries (a free port, UDP and TCP)
    const dnsPort = s.zone.resolver === 'closed' ? await freeDnsPort(host) : dns.port;

    const c = s.client;
    const pidginServer =
      c.server === 'blank' ? '' :
      c.server === 'closed' ? `${host}:${closed}` :
      c.server === 'stall' ? `${host}:${stall.port}` :
      `${host}:${c.transport === 'tcp' ? (tcpTarget ?? closed) : (tlsTarget ?? tcpTarget ?? closed)}`;

    const checkSettings = labCheckSettings(s, { dns: `${host}:${dnsPort}`, caFile: pki.caFile, pidginServer, https: web.httpsPort, http: web.httpPort });
    const checkArgs = labCheckArgs(checkSettings);
    let stopped: Promise<void> | undefined;
    const sip: RunningLab['sip'] = {};
    if (tlsTarget !== undefined) sip.tls = tlsTarget;
    if (tcpTarget !== undefined) sip.tcp = tcpTarget;
    return {
      scenario: s.name,
      definition: s,
      dns: { host, port: dnsPort },
      sip,
      https: web.httpsPort,
      http: web.httpPort,
      caFile: pki.caFile,
      caPem: pki.caPem,
      user: c.user,
      password: c.password,
      clientPassword: c.clientPassword ?? c.password,
      domain: d,
      checkArgs,
      checkSettings,
      checkEnv: { SIPE_DOCTOR_PASSWORD: c.clientPassword ?? c.password },
      sipCertFile: pki.certs[s.sip.cert].file,
      pidginServer,
      aux: { closed, stall: stall.port },
      dnsQueries: () => dns.queries,
      webRequests: () => web.requests,
      stop() {
        stopped ??= stopAll();
        return stopped;
      },
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
