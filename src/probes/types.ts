/**
 * Live probes reach the network only through these ports (architecture §2.3). Real adapters live
 * in src/adapters (node:dns / node:net / node:tls / undici); tests inject in-memory fakes. Ports
 * report network failures as outcomes and never reject for them; probes still guard every call.
 */
import type { Dispatcher } from 'undici';
import type { AuthScheme, Draft, NetOutcome, Transport } from '../evidence/kinds.js';

// ---------- DNS ----------

export type DnsType = 'SRV' | 'A' | 'AAAA' | 'CNAME';
/**
 * `refused` = the resolver answered REFUSED; `unreachable` = no answer could come back at all
 * (nothing listens on the resolver's port, no route, network down: ICMP / socket errors).
 */
export type DnsOutcome = 'ok' | 'nxdomain' | 'nodata' | 'servfail' | 'timeout' | 'refused' | 'unreachable' | 'error';

export interface DnsAnswer {
  target?: string;
  port?: number;
  priority?: number;
  weight?: number;
  address?: string;
}

export interface DnsResult {
  name: string;
  type: DnsType;
  outcome: DnsOutcome;
  /** in the order the server sent them (SIPE uses the first SRV target only) */
  answers: readonly DnsAnswer[];
  /** CNAME links followed to reach the answer, first first */
  cnames?: readonly string[];
  /** `system`, `system (hosts)` or `ip:port` */
  server: string;
  error?: string;
  durationMs?: number;
}

export interface DnsPort {
  query(name: string, type: DnsType, signal: AbortSignal): Promise<DnsResult>;
}

// ---------- TCP / TLS / SIP ----------

/** An open byte stream owned by an adapter. Probes only hand it from port to port and close it. */
export interface Conn {
  readonly localAddress?: string | undefined;
  readonly localPort?: number | undefined;
  close(): void;
}

export interface TcpResult {
  outcome: NetOutcome;
  address: string;
  durationMs: number;
  error?: string;
  /** present when outcome is `ok` */
  conn?: Conn;
}

export interface TcpPort {
  /** connect to an already-resolved address (the probe resolves through DnsPort, as libpurple does) */
  connect(o: { host: string; address: string; port: number; signal: AbortSignal }): Promise<TcpResult>;
}

/** One certificate of the peer chain, decoded by the adapter (crypto.X509Certificate). */
export interface CertSummary {
  subject: string;
  issuer: string;
  /** DNS and IP subjectAltNames, without the `DNS:` prefix */
  altNames: readonly string[];
  /** ISO times */
  notBefore: string;
  notAfter: string;
  selfSigned: boolean;
  fingerprint256?: string;
}

export type TlsOutcome = NetOutcome | 'alert' | 'failed' | 'not-tls';

export interface TlsResult {
  outcome: TlsOutcome;
  protocol?: string;
  cipher?: string;
  /** TLS alert description, e.g. `protocol version`, `handshake failure` */
  alert?: string;
  error?: string;
  /** the adapter's error code (ERR_SSL_WRONG_VERSION_NUMBER …) */
  errorCode?: string;
  /** leaf first */
  chain: readonly CertSummary[];
  /** chain verification error against system roots + --ca (e.g. `UNABLE_TO_VERIFY_LEAF_SIGNATURE`); undefined = trusted */
  verifyError?: string;
  /** host-name check against the name the client connects to, independent of chain trust */
  hostnameError?: string;
  durationMs: number;
  conn?: Conn;
}

export interface TlsPort {
  handshake(o: {
    conn: Conn;
    host: string;
    port: number;
    /** the host name SIPE connects to (SNI and name check); IP addresses get no SNI */
    servername: string;
    /** `TLSv1`: allow TLS 1.0/1.1 (the retry that tells "only old TLS" from "not TLS") */
    minVersion?: 'TLSv1';
    signal: AbortSignal;
  }): Promise<TlsResult>;
}

export type SipRead =
  | { type: 'message'; text: string }
  | { type: 'closed' }
  | { type: 'timeout' }
  /** `malformed`: the bytes were not a SIP message the framer accepts (too large, bad Content-Length) */
  | { type: 'error'; outcome: NetOutcome; error: string; malformed?: boolean };

/** A SIP stream over TCP or TLS: whole messages in, whole messages out (framing by Content-Length). */
export interface SipChannel {
  readonly local: { address: string; port: number };
  send(text: string): Promise<{ ok: true } | { ok: false; error: string }>;
  /** the next complete message; `timeout` when the signal fires first */
  receive(signal: AbortSignal): Promise<SipRead>;
  close(): void;
}

export interface SipPort {
  channel(conn: Conn, transport: 'tls' | 'tcp'): SipChannel;
}

export interface NetPorts {
  dns: DnsPort;
  /** undici Agent / ProxyAgent in production, MockAgent in tests; probes call `http.request()` */
  http: Dispatcher;
  /**
   * A dispatcher with at most one connection per origin, for connection-bound HTTP NTLM (the
   * challenge belongs to the TCP connection). Absent: `http` is used.
   */
  httpSession?(): Dispatcher;
  tcp: TcpPort;
  tls: TlsPort;
  sip: SipPort;
}

// ---------- context ----------

/** The slice of a pino logger probes use (pino satisfies it; tests pass a stub). */
export interface ProbeLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): ProbeLogger;
}

/** A progress line: `start` when a step begins, `done` with its result. */
export interface ProgressEvent {
  phase: 'start' | 'done';
  step: string;
  detail?: string;
  ok?: boolean;
  elapsedMs: number;
}

export interface CheckTarget {
  /** sign-in address without `sip:` */
  address: string;
  user: string;
  domain: string;
}

export interface ProbeContext {
  target: CheckTarget;
  net: NetPorts;
  /** fires on overall budget or user abort (Ctrl-C) */
  signal: AbortSignal;
  /** per network operation */
  timeoutMs: number;
  /** AbortSignal for one operation: the overall signal or `ms` (default timeoutMs), whichever first */
  opSignal(ms?: number): AbortSignal;
  now(): Date;
  /** ms since the run started */
  elapsedMs(): number;
  log: ProbeLogger;
  progress(e: Omit<ProgressEvent, 'elapsedMs'>): void;
  /** record an observation (the runner stamps ids and the probe source) */
  emit(d: Draft, probe: string): void;
  /** something check deliberately did not test, and why ("no password over TCP"); shown as a report warning */
  note(message: string): void;
}

export interface CheckOptions {
  /** `host[:port]`: SIPE's Server[:Port] field; absent = auto-discovery */
  server?: string;
  transport?: Transport;
  authentication?: AuthScheme;
  /** Pidgin's Login field (`DOMAIN\user` or `user@upn`); empty = the sign-in address */
  login?: string;
  password?: string;
  /** Pidgin's User Agent field; empty = SIPE's default */
  userAgent?: string;
  /** per network operation (default 5000) */
  timeoutMs?: number;
  /** whole run (default 30000) */
  budgetMs?: number;
  /** continue past a bad certificate (never sends a password there) */
  insecure?: boolean;
  /** after signing in, stay registered this long to notice a server sign-out (default 0) */
  watchMs?: number;
  /** try Microsoft client User-Agents when the version is blocked (default true) */
  negotiateUserAgent?: boolean;
  /** user abort (Ctrl-C) */
  signal?: AbortSignal;
  /** description of the resolver / proxy in use, for the report */
  dnsServer?: string;
  proxy?: string;
}

/** Non-network dependencies of a run. */
export interface RunEnv {
  now(): Date;
  /** monotonic ms (performance.now) */
  monotonicMs(): number;
  log?: ProbeLogger;
  progress?(e: ProgressEvent): void;
  /** random bytes for tags, branches, NTLM client challenges */
  randomBytes(n: number): Uint8Array;
  /** PKCS#10 request for TLS-DSK certificate provisioning (base64 DER) */
  makeCsr?(subject: string): Promise<string>;
}
