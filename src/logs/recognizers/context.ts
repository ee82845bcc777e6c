/**
 * What recognizers share while walking one log: the peers SIPE talks to (so lines of other
 * accounts' connections are ignored), the pending REGISTER, the TLS connection being verified …
 * Recognizers are pure functions of (record, state); the state is plain data owned by one parse.
 */
import type { Draft, Kind, Source, Transport } from '../../evidence/kinds.js';
import type { TranslationCatalogs } from '../i18n.js';
import type { AssembledDump } from '../assemble.js';
import type { LogRecord } from '../types.js';

export interface Endpoint {
  host: string;
  port: number;
  transport?: 'tls' | 'tcp';
  purpose: 'sip' | 'http';
}

/** A draft recognizers may keep and complete with later lines before it is stamped. */
export type MutableDraft = Draft & { source: Source; attempt?: string };

export interface LogState {
  file: string;
  catalogs?: TranslationCatalogs | undefined;
  /** drafts in log order */
  drafts: MutableDraft[];
  /** current attempt id (`a1` …), undefined before the first SIPE login */
  attempt?: string | undefined;
  attemptCount: { n: number };

  // --- accounts (correlate.ts) ---
  /** the last `account: Connecting to account X.` name, not yet known to be SIPE */
  pendingAccountName?: string | undefined;
  /** gc pointer → account name */
  gcAccount: Map<string, string>;
  lastGc?: string | undefined;
  sipeAccountNames: Set<string>;
  sipeGcs: Set<string>;
  /** true once any `sipe:` category line was seen */
  sipeSeen: boolean;
  account?: MutableDraft & { kind: 'client.account' } | undefined;
  domain?: string | undefined;

  // --- discovery / transport ---
  /** hosts SIPE itself announced (lower-case), so libpurple lines about other accounts are skipped */
  sipeHosts: Set<string>;
  /** `host:port` → endpoint SIPE connected to last (SIP or HTTP) */
  endpoints: Map<string, Endpoint>;
  /** `sip host:port` / `http host:port` → the last endpoint of that purpose */
  endpointsByPurpose: Map<string, Endpoint>;
  /**
   * the SIP connect SIPE started that has had no answer yet (no `proxy: Connected to`, no error):
   * still open when the log or the attempt ends, it is reported as an inferred timeout
   */
  pendingSipConnect?: {
    ep: Endpoint; lines: [number, number]; time?: string; date?: string;
    /** the last time before the next `account: Connecting to account` line (the wait ends there) */
    until?: string | undefined;
  } | undefined;
  /** time of the last record seen (`HH:MM:SS`), for how long a pending connect waited */
  lastRecordTime?: string | undefined;
  /**
   * connects SIPE started whose libpurple result (`proxy: Connected to` / `Error connecting to`) is
   * still to come, oldest first: a SIP and an HTTP connection to the same host:port stay apart
   */
  pendingConnects: Endpoint[];
  /** last `transport_connect` (the next `using SSL/TCP` completes it) */
  lastConnect?: Endpoint | undefined;
  lastConnectDraft?: MutableDraft | undefined;
  /** `sipe_http_transport_new: new host:port` just before a transport_connect */
  httpNew?: string | undefined;
  /** `sip 0x…` / `http 0x…` (pointerKey) → endpoint: a freed pointer may come back for the other protocol */
  pointers: Map<string, Endpoint>;
  currentSip?: Endpoint & { pointer?: string } | undefined;
  discoveryVia?: 'autodiscover' | 'srv' | 'a' | 'domain' | 'server-setting' | 'redirect' | undefined;
  autodiscoverServersPending?: boolean | undefined;
  /** SRV name being queried */
  srvQuery?: string | undefined;
  /** A names libpurple is resolving (host → draft), for `IP resolved` / `Error resolving` */
  aQueries: Map<string, MutableDraft | undefined>;
  /** hosts that failed to resolve */
  unresolved: Set<string>;
  /** autodiscover URLs by host:port */
  autodiscoverUrls: Map<string, string>;
  /** last `sipe_http_parse_uri` URL */
  lastHttpUrl?: string | undefined;
  /** the SIPE endpoint libpurple's proxy layer is connecting to */
  proxyTarget?: Endpoint | undefined;
  /** the proxy the current connection goes through (`Connecting to h:p via ph:pp using HTTP`) */
  proxyVia?: { type: string; host: string; port: number } | undefined;
  /** the proxy's answer for the current connection was already reported */
  proxyReported?: boolean | undefined;
  /** proxy connect failure text per host:port */
  connectErrors: Map<string, string>;

  // --- TLS ---
  /** the endpoint whose TLS handshake/verification is in progress */
  tlsPeer?: Endpoint | undefined;
  /** a handshake result (ok / failed) was logged for tlsPeer */
  tlsResultSeen?: boolean | undefined;
  tlsPeerLines?: readonly [number, number] | undefined;
  tlsPeerTime?: string | undefined;
  certificate?: MutableDraft & { kind: 'tls.certificate' } | undefined;
  handshake?: MutableDraft & { kind: 'tls.handshake' } | undefined;

  // --- SIP ---
  pendingRegister?: MutableDraft & { kind: 'sip.register' } | undefined;
  /** the pending REGISTER came from SIPE's transaction line (its dump may follow) */
  pendingFromSchedule?: boolean | undefined;
  /** a REGISTER response dump was seen; the next process_input_message line repeats it */
  registerResponseFromDump: boolean;
  /** transport closed while a REGISTER was pending */
  transportClosed: boolean;
  /** last HTTP request dump, for pairing with its response */
  httpRequest?: { method: string; url: string } | undefined;
  stsUri?: string | undefined;
  /** the http.exchange made from the last HTTP response dump (SIPE's `code N` line repeats it) */
  lastHttpDumpExchange?: MutableDraft | undefined;
  /**
   * a 200 answer SIPE must parse and then confirm on its very next line (`service_metadata: metadata
   * for service … retrieved successfully`, `realminfo: data for user … retrieved successfully`)
   */
  awaitingParse?: MutableDraft | undefined;
  /** the client.error of the current attempt */
  errorDraft?: MutableDraft | undefined;
  /** the SIP authentication scheme in use (from the context type or challenge) */
  authScheme?: string | undefined;
  /** protocol of the security context SIPE created last (`sip_sec_create_context: … protocol: SIP|HTTP`) */
  authContextProtocol?: 'sip' | 'http' | undefined;
  /** that context's scheme (`sip_sec_create_context: type: N`) */
  authContextScheme?: string | undefined;
  /** auth events of that context (a Negotiate `fallback to NTLM` marks them recovered) */
  authContextEvents: MutableDraft[];
  /** detected dump styles */
  dumpStyles: Set<AssembledDump['style']>;
  sipeVersion?: string | undefined;
  /** `windows` when the log shows Windows paths (Pidgin for Windows) */
  platformHint?: string | undefined;
  legacySipe: boolean;
}

export function createLogState(file: string, attemptCount: { n: number }, catalogs?: TranslationCatalogs): LogState {
  return {
    file,
    ...(catalogs ? { catalogs } : {}),
    drafts: [],
    attemptCount,
    gcAccount: new Map(),
    sipeAccountNames: new Set(),
    sipeGcs: new Set(),
    sipeSeen: false,
    sipeHosts: new Set(),
    endpoints: new Map(),
    endpointsByPurpose: new Map(),
    pendingConnects: [],
    pointers: new Map(),
    aQueries: new Map(),
    unresolved: new Set(),
    autodiscoverUrls: new Map(),
    connectErrors: new Map(),
    registerResponseFromDump: false,
    authContextEvents: [],
    transportClosed: false,
    dumpStyles: new Set(),
    legacySipe: false,
  };
}

export function sourceOf(file: string, lines: readonly [number, number]): Source {
  return { type: 'log', file, lines: [lines[0], lines[1]] };
}

/** ISO-ish time of a record: `2024-01-05T10:11:12` or time-of-day only `T10:11:12`. */
export function atOf(r: Pick<LogRecord, 'time' | 'date'>): string | undefined {
  if (!r.time) return undefined;
  return r.date ? `${r.date}T${r.time}` : `T${r.time}`;
}

/** Add a draft for a record (source, time and attempt filled in) and return it for later completion. */
export function emit<K extends Kind>(
  st: LogState,
  r: Pick<LogRecord, 'time' | 'date' | 'lines'>,
  draft: { kind: K; data: Extract<Draft, { kind: K }>['data'] },
): MutableDraft & { kind: K } {
  const at = atOf(r);
  const d = {
    kind: draft.kind,
    ...(at ? { at } : {}),
    ...(st.attempt ? { attempt: st.attempt } : {}),
    source: sourceOf(st.file, r.lines),
    data: draft.data,
  } as unknown as MutableDraft & { kind: K };
  st.drafts.push(d);
  return d;
}

/** Widen a kept draft's source to include more lines. */
export function extend(d: MutableDraft, lines: readonly [number, number]): void {
  if (d.source.type !== 'log') return;
  const [a, b] = d.source.lines;
  d.source = { ...d.source, lines: [Math.min(a, lines[0]), Math.max(b, lines[1])] };
}

/** Set optional fields without writing `undefined` (exactOptionalPropertyTypes). */
/** The XML answer awaiting its confirmation line was not parsed (see LogState.awaitingParse). */
export function noteParseFailed(st: LogState): void {
  const d = st.awaitingParse;
  st.awaitingParse = undefined;
  if (d && d.kind === 'http.exchange') d.data.parseFailed = true;
}

export function assignDefined<T extends object>(target: T, values: { [K in keyof T]?: T[K] | undefined }): void {
  for (const [k, v] of Object.entries(values)) {
    if (v !== undefined) (target as Record<string, unknown>)[k] = v;
  }
}

/** Key of the connection-pointer table: the dump / log line says which protocol the pointer is. */
export function pointerKey(protocol: 'sip' | 'http' | 'SIP' | 'HTTP', pointer: string): string {
  return `${protocol.toLowerCase()} ${pointer}`;
}

export function hostPort(host: string, port: number | string): string {
  return `${host.toLowerCase()}:${port}`;
}

export function transportOf(t: string | undefined): Transport | undefined {
  return t === 'tls' || t === 'tcp' || t === 'auto' ? t : undefined;
}

/** `127.0.0.1`, `::1` … (libpurple logs these without a DNS lookup worth reporting) */
export { isIpLiteral } from '../../protocol/hosts.js';

/** Is this host one SIPE is dealing with (so a libpurple line about it belongs to SIPE)? */
export function isSipeHost(st: LogState, host: string): boolean {
  const h = host.toLowerCase();
  if (st.sipeHosts.has(h)) return true;
  return st.domain !== undefined && (h === st.domain || h.endsWith(`.${st.domain}`));
}
