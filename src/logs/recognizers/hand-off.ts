/**
 * What the recognizer families tell each other and may ask each other while one log is read. Each
 * family owns its state; this small typed context is the only way between them (the composition
 * root, recognizers/index.ts, implements it), so no family imports another.
 */
import type { ObservationLog, Where } from '../observations.js';
import type { LogRecord } from '../types.js';

export interface Endpoint {
  host: string;
  port: number;
  transport?: 'tls' | 'tcp';
  purpose: 'sip' | 'http';
}

export type DiscoveryVia = 'autodiscover' | 'srv' | 'a' | 'domain' | 'server-setting' | 'redirect';

export interface FamilyContext {
  /** where observations go */
  readonly out: ObservationLog;

  // --- events: one family announces, the root passes it on to the families concerned ---
  /** a SIPE login line: the families close what the previous attempt left open */
  endAttempt(): void;
  /** the new attempt's id is known: per-attempt state starts afresh */
  attemptStarted(id: string): void;
  /** `account: Connecting to account …` (a SIP connect still pending waited until the line before) */
  accountConnecting(): void;
  /** a host SIPE itself deals with (so libpurple lines about it belong to SIPE) */
  sipeHost(host: string): void;
  /** the SIP domain of the account */
  accountDomain(domain: string): void;
  /** the User-Agent of a REGISTER SIPE sent */
  userAgentSent(userAgent: string, r: LogRecord): void;
  /** the registrar redirected SIPE to another server */
  redirected(): void;
  /** TCP to a TLS endpoint is up: its handshake and certificate lines follow */
  tlsStarted(peer: Endpoint, where: Where): void;
  /** libpurple reported the SIPE account's connection error */
  clientErrorReported(): void;

  // --- questions: answered by the family that owns the fact ---
  /** time of the last record before the current one */
  lastRecordTime(): string | undefined;
  /** how SIPE found the server it connects to now */
  discoveryVia(): DiscoveryVia | undefined;
  /** the connect error libpurple gave for host:port, if any */
  connectError(hostPort: string): string | undefined;
  /** the SIP server a message on this connection went to (by pointer, else the current one) */
  sipEndpoint(pointer?: string): Endpoint | undefined;
  /** the SIP connection SIPE established last in this attempt */
  currentSip(): Endpoint | undefined;
  /** the SIP connection was closed (and not opened again) */
  sipTransportClosed(): boolean;
  /** the HTTP endpoint of a connection pointer */
  httpEndpoint(pointer: string): Endpoint | undefined;
  /** does `Connection error on <gc>` belong to the SIPE account? */
  isSipeConnection(gc: string): boolean;
  /**
   * The file so far is a fragment: no account sign-in started in it (a pasted tail or a few lines).
   * Lines that only count inside a SIPE connection (SSL plugins, proxy answers) are then read on
   * their own, and what they prove is reported as from a fragment.
   */
  fragment(): boolean;
}

/** Key of the connection-pointer table: the dump / log line says which protocol the pointer is. */
export function pointerKey(protocol: 'sip' | 'http' | 'SIP' | 'HTTP', pointer: string): string {
  return `${protocol.toLowerCase()} ${pointer}`;
}

export function hostPort(host: string, port: number | string): string {
  return `${host.toLowerCase()}:${port}`;
}

/** `127.0.0.1`, `::1` … (libpurple logs these without a DNS lookup worth reporting) */
export { isIpLiteral } from '../../protocol/hosts.js';

/** Set optional fields without writing `undefined` (exactOptionalPropertyTypes). */
export function assignDefined<T extends object>(target: T, values: { [K in keyof T]?: T[K] | undefined }): void {
  for (const [k, v] of Object.entries(values)) {
    if (v !== undefined) (target as Record<string, unknown>)[k] = v;
  }
}
