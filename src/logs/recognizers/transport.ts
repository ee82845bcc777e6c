/**
 * Transport family: SIPE's TCP/TLS connections and libpurple's proxy layer.
 *  `transport_connect - hostname: h port: p` (≤1.10 `create_connection - hostname: h port: p`), `using SSL` / `using TCP`
 *  `sipe_http_transport_new: new h:p` (the next transport_connect is an HTTP one)
 *  `sip_transport_connected: 'h:p'(0x…)`, `sipe_http_transport_connected: 'h:p'(0x…)`, `sip_transport_drop: 'h:p'(0x…)`
 *  `proxy: Connecting to h:p with no proxy` / `… via ph:pp using HTTP`, `proxy: Connected to h:p.`,
 *  `proxy: Error connecting to h:p (Connection refused).`, `proxy: Connection attempt failed: <reason>`
 *  (through a proxy: `Connection attempt failed: HTTP proxy connection error 407`, `Access denied: HTTP proxy server forbids port 5061 tunneling`)
 *  `Read error …`, `Write error …`, `Server has disconnected`
 *  `process_register_response: redirected to host h port p transport t`
 */
import type { NetOutcome } from '../../evidence/kinds.js';
import { englishSystemError } from '../../protocol/system-error-texts.js';
import type { Reservation, Where } from '../observations.js';
import type { LogRecord } from '../types.js';
import { hostPort, pointerKey, type DiscoveryVia, type Endpoint, type FamilyContext } from './hand-off.js';
import type { LineRules } from './lines.js';

const CONNECT = /^(?:transport_connect|create_connection) - hostname: (\S+) port: (\d+)/;
const USING = /^using (SSL|TCP|TLS|UDP)\s*$/;
const HTTP_NEW = /^sipe_http_transport_new: new (\S+)/;
const CONNECTED = /^(sip_transport_connected|sipe_http_transport_connected): '([^']+):(\d+)'(?:\((0x[0-9a-fA-F]+|\(nil\))\))?/;
const DROP = /^sip_transport_drop: '([^']+):(\d+)'(?:\((0x[0-9a-fA-F]+|\(nil\))\))?(?:: (.*))?/;
const READ_ERROR = /\bRead error\b(?::? ?(.*))?/;
const WRITE_ERROR = /\bWrite error\b(?::? ?(.*))?/;
const DISCONNECTED = /Server has disconnected/;
/** a connection's drop line repeats the error text it was dropped for: not a new error */
const DROP_LINE = /^sipe?_(?:http_)?transport_drop: /;
const REDIRECT = /^process_register_response: redirected to host (\S+) port (\d+) transport (\d+)/;
const PROXY_CONNECTING = /^Connecting to (\S+):(\d+) (?:with no proxy|via (\S+):(\d+) using (\S+))/;
const PROXY_CONNECTED = /^Connected to (\S+):(\d+)\./;
const PROXY_ERROR = /^Error connecting to (\S+):(\d+) \((.*)\)\.?\s*$/;
const PROXY_FAILED = /^Connection attempt failed: (.*)$/s;
const PROXY_REPLIED = /^Proxy server replied with:/;
const PROXY_ESTABLISHED = /^HTTP proxy connection established/;
/**
 * libpurple cannot use the configured proxy type: `Unable to connect to destination host: Proxy
 * protocol 'http' is not supported.` The sentence is translated in a translated client; the quoted
 * proxy type is not, and no other `proxy:` line quotes one.
 */
const PROXY_TYPE_QUOTED = /'(https?|socks4a?|socks5|tor)'/i;
const PROXY_NOT_SUPPORTED = /Proxy protocol '[^']+' is not supported/;

/** what a translated socket error text means (the English original and its language) */
const TRANSLATED_OUTCOME: Readonly<Record<string, NetOutcome>> = {
  'Connection refused': 'refused', 'Connection timed out': 'timeout', 'No route to host': 'unreachable',
  'Network is unreachable': 'unreachable', 'Connection reset by peer': 'reset',
};

/**
 * A socket error text's outcome, in English or (from glibc's translations, system-error-texts.ts)
 * in the user's language; a translated one says which language and English text it is.
 */
export function readSocketError(reason: string): { outcome: NetOutcome; basis?: 'translated-text'; errorEnglish?: string; language?: string } {
  const outcome = netOutcome(reason);
  if (outcome !== 'error') return { outcome };
  const t = englishSystemError(reason);
  const translated = t ? TRANSLATED_OUTCOME[t.english] : undefined;
  if (!t || !translated) return { outcome };
  return { outcome: translated, basis: 'translated-text', errorEnglish: t.english, language: t.language };
}

/** Socket error text → normalised outcome. */
export function netOutcome(reason: string): NetOutcome {
  if (/refused/i.test(reason)) return 'refused';
  if (/timed? ?out/i.test(reason)) return 'timeout';
  if (/unreachable|no route/i.test(reason)) return 'unreachable';
  if (/reset/i.test(reason)) return 'reset';
  if (/closed|disconnected|end of file/i.test(reason)) return 'closed';
  return 'error';
}

/** `HH:MM:SS` → seconds of the day */
function secondsOf(time: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(time);
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : undefined;
}

/** bound on connects waiting for their result (a log of refused reconnects must not grow it) */
const MAX_PENDING_CONNECTS = 32;

/** The SIP connect SIPE started that has had no answer yet (no `proxy: Connected to`, no error). */
export interface PendingSipConnect {
  ep: Endpoint;
  lines: [number, number];
  time?: string;
  date?: string;
  /** the last time before the next `account: Connecting to account` line (the wait ends there) */
  until?: string | undefined;
}

/** The `candidate` discovery event and the `connect` transport event of the last SIP connect: `using …` adds the transport. */
interface OpenConnect {
  candidate: Reservation<'discovery.event'>;
  candidateData: { event: 'candidate'; host: string; port: number; via?: DiscoveryVia; transport?: 'tls' | 'tcp' };
  connect: Reservation<'transport.event'>;
  connectData: { event: 'connect'; host: string; port: number; transport?: 'tls' | 'tcp' };
  where: Where;
}

export class TransportFamily {
  static readonly rules: LineRules<TransportFamily> = {
    sipe: [
      { anchors: ['sipe_http_transport_new: new '], re: HTTP_NEW, on: (f, m) => { f.httpNew = (m[1] as string).toLowerCase(); } },
      { anchors: ['transport_connect - hostname: ', 'create_connection - hostname: '], re: CONNECT, on: (f, m, r) => f.onConnect(m[1] as string, Number(m[2]), r) },
      { anchors: ['using '], re: USING, on: (f, m) => f.onUsing(m[1] === 'TCP' || m[1] === 'UDP' ? 'tcp' : 'tls') },
      { anchors: ["sip_transport_connected: '", "sipe_http_transport_connected: '"], re: CONNECTED, on: (f, m, r) => f.onConnected(m, r) },
      { anchors: ["sip_transport_drop: '"], re: DROP, on: (f, m, r) => f.onDrop(m, r) },
      { anchors: ['process_register_response: redirected to host '], re: REDIRECT, on: (f, m, r) => f.onRedirect(m, r) },
      { contains: 'Server has disconnected', re: DISCONNECTED, on: (f, _m, r) => f.onDisconnected(r) },
      { contains: 'Read error', re: READ_ERROR, on: (f, m, r) => f.onReadError(m, r) },
      { contains: 'Write error', re: WRITE_ERROR, on: (f, m, r) => f.onWriteError(m, r) },
      // read so that beforeSipeLine sees it: it makes the error before it an HTTP side connection's
      { anchors: ["sipe_http_transport_drop: '"], re: /^sipe_http_transport_drop: /, on: () => undefined },
    ],
    proxy: [
      { anchors: ['Connecting to '], re: PROXY_CONNECTING, on: (f, m, r) => f.onProxyConnecting(m, r) },
      { anchors: ['Connected to '], re: PROXY_CONNECTED, on: (f, m, r) => f.onProxyConnected(m[1] as string, m[2] as string, r) },
      { anchors: ['Proxy server replied with:'], re: PROXY_REPLIED, on: (f, _m, r) => f.onProxyAnswer(r) },
      { anchors: ['HTTP proxy connection established'], re: PROXY_ESTABLISHED, on: (f, _m, r) => f.onProxyAnswer(r) },
      { anchors: ['Error connecting to '], re: PROXY_ERROR, on: (f, m, r) => f.onProxyError(m, r) },
      { anchors: ['Connection attempt failed: '], re: PROXY_FAILED, on: (f, m, r) => f.onProxyFailed(m[1] as string, r) },
      { contains: "'", re: PROXY_TYPE_QUOTED, on: (f, m, r) => f.onProxyUnsupported(m[1] as string, r) },
    ],
  };

  /** `host:port` → endpoint SIPE connected to last (SIP or HTTP) */
  private readonly endpoints = new Map<string, Endpoint>();
  /** `sip host:port` / `http host:port` → the last endpoint of that purpose */
  private readonly endpointsByPurpose = new Map<string, Endpoint>();
  /**
   * connects SIPE started whose libpurple result (`proxy: Connected to` / `Error connecting to`) is
   * still to come, oldest first: a SIP and an HTTP connection to the same host:port stay apart
   */
  private readonly pendingConnects: Endpoint[] = [];
  /** last `transport_connect` (the next `using SSL/TCP` completes it) */
  private lastConnect: Endpoint | undefined;
  private open: OpenConnect | undefined;
  /** `sipe_http_transport_new: new host:port` just before a transport_connect */
  private httpNew: string | undefined;
  /** `sip 0x…` / `http 0x…` (pointerKey) → endpoint: a freed pointer may come back for the other protocol */
  private readonly pointers = new Map<string, Endpoint>();
  private currentSip: Endpoint | undefined;
  /** still open when the log or the attempt ends, it is reported as an inferred timeout */
  private pendingSipConnect: PendingSipConnect | undefined;
  /** transport closed (while a REGISTER may be pending) */
  private transportClosed = false;
  /** the SIPE endpoint libpurple's proxy layer is connecting to */
  private proxyTarget: Endpoint | undefined;
  /** the proxy the current connection goes through (`Connecting to h:p via ph:pp using HTTP`) */
  private proxyVia: { type: string; host: string; port: number } | undefined;
  /** the proxy's answer for the current connection was already reported */
  private proxyReported = false;
  /** a Read/Write error whose connection the next SIPE line tells (SIP, or an HTTP side connection) */
  private socketError: { event: 'read-error' | 'write-error'; place: Reservation<'transport.event'>; detail: string; peer: ReturnType<TransportFamily['peer']> } | undefined;
  /** libpurple said it cannot use the configured proxy type */
  private unsupportedProxy = false;
  /** proxy connect failure text per host:port */
  private readonly connectErrors = new Map<string, string>();

  constructor(private readonly ctx: FamilyContext) {}

  startAttempt(): void {
    this.unsupportedProxy = false;
    this.transportClosed = false;
    this.lastConnect = undefined;
    this.closeConnect();
    this.currentSip = undefined;
    // SIPE closes every transport before it signs in again: an earlier attempt's connections, and
    // libpurple's answers about them, say nothing about this one's
    this.endpoints.clear();
    this.endpointsByPurpose.clear();
    this.pendingConnects.length = 0;
    this.pointers.clear();
    this.connectErrors.clear();
    this.proxyTarget = undefined;
    this.proxyVia = undefined;
    this.proxyReported = false;
  }

  /** The attempt (or the log) ends while SIPE's SIP connect is still waiting: an inferred timeout. */
  endAttempt(): void {
    this.settleSocketError();
    const p = this.pendingSipConnect;
    this.pendingSipConnect = undefined;
    if (!p || p.ep.purpose !== 'sip') return;
    const from = p.time !== undefined ? secondsOf(p.time) : undefined;
    const end = p.until ?? this.ctx.lastRecordTime();
    const to = end !== undefined ? secondsOf(end) : undefined;
    // across midnight the clock starts again at 00:00:00
    const waited = from !== undefined && to !== undefined ? (to - from + 86_400) % 86_400 : undefined;
    this.ctx.out.add({ lines: p.lines, ...(p.time !== undefined ? { time: p.time } : {}), ...(p.date !== undefined ? { date: p.date } : {}) }, 'tcp.connect', {
      host: p.ep.host, port: p.ep.port, purpose: 'sip', outcome: 'timeout',
      ...(waited !== undefined ? { durationMs: waited * 1000 } : {}),
      error: waited !== undefined ? `the log ends ${waited} s after SIPE started connecting, with no answer` : 'the log ends after SIPE started connecting, with no answer',
    });
  }

  finish(): void {
    this.settleSocketError();
    this.closeConnect();
  }

  /** `account: Connecting to account …`: a connect still pending waited until the line before this one. */
  accountConnecting(): void {
    if (this.pendingSipConnect) this.pendingSipConnect.until = this.ctx.lastRecordTime();
  }

  /** The client reported its error: a connect still pending is not a silent timeout. */
  clientErrorReported(): void {
    this.pendingSipConnect = undefined;
  }

  sipEndpoint(pointer?: string): Endpoint | undefined {
    // ≤1.10 logs have no `sip_transport_connected`: the last SIP connect is the registrar
    return (pointer ? this.pointers.get(pointerKey('sip', pointer)) : undefined) ?? this.currentSip
      ?? (this.lastConnect?.purpose === 'sip' ? this.lastConnect : undefined);
  }

  get currentSipEndpoint(): Endpoint | undefined {
    return this.currentSip;
  }

  get sipTransportClosed(): boolean {
    return this.transportClosed;
  }

  httpEndpoint(pointer: string): Endpoint | undefined {
    return this.pointers.get(pointerKey('http', pointer));
  }

  connectError(hostPortKey: string): string | undefined {
    return this.connectErrors.get(hostPortKey);
  }

  private endpointFor(host: string, port: string | number): Endpoint | undefined {
    return this.endpoints.get(hostPort(host, port));
  }

  /** An answer (or an error) for host:port came: the pending SIP connect there is settled. */
  private settlePending(host?: string, port?: string | number): void {
    const p = this.pendingSipConnect;
    if (!p) return;
    if (host === undefined || port === undefined || hostPort(p.ep.host, p.ep.port) === hostPort(host, port)) this.pendingSipConnect = undefined;
  }

  private onConnect(hostName: string, port: number, r: LogRecord): void {
    const host = hostName.toLowerCase();
    const purpose = this.httpNew === hostPort(host, port) ? 'http' : 'sip';
    this.httpNew = undefined;
    const ep: Endpoint = { host, port, purpose };
    this.lastConnect = ep;
    this.endpoints.set(hostPort(host, port), ep);
    this.endpointsByPurpose.set(`${purpose} ${hostPort(host, port)}`, ep);
    this.pendingConnects.push(ep);
    if (this.pendingConnects.length > MAX_PENDING_CONNECTS) this.pendingConnects.shift();
    this.ctx.sipeHost(host);
    this.closeConnect();
    if (purpose !== 'sip') return;
    this.pendingSipConnect = { ep, lines: [r.lines[0], r.lines[1]], ...(r.time !== undefined ? { time: r.time } : {}), ...(r.date !== undefined ? { date: r.date } : {}) };
    const via = this.ctx.discoveryVia();
    this.open = {
      candidate: this.ctx.out.reserve(r, 'discovery.event'),
      candidateData: { event: 'candidate', host, port, ...(via ? { via } : {}) },
      connect: this.ctx.out.reserve(r, 'transport.event'),
      connectData: { event: 'connect', host, port },
      where: r,
    };
  }

  private onUsing(transport: 'tls' | 'tcp'): void {
    if (this.lastConnect) this.lastConnect.transport = transport;
    if (!this.open) return;
    this.open.connectData.transport = transport;
    this.open.candidateData.transport = transport;
  }

  /** The last SIP connect's events are complete (a new connect, a new attempt, the end of the log). */
  private closeConnect(): void {
    const o = this.open;
    if (!o) return;
    this.open = undefined;
    this.ctx.out.complete(o.candidate, o.candidateData);
    this.ctx.out.complete(o.connect, o.connectData);
  }

  private onConnected(m: RegExpExecArray, r: LogRecord): void {
    const host = (m[2] as string).toLowerCase();
    const port = Number(m[3]);
    const purpose = m[1] === 'sip_transport_connected' ? 'sip' : 'http';
    const known = this.endpointsByPurpose.get(`${purpose} ${hostPort(host, port)}`) ?? this.endpointFor(host, port);
    const ep: Endpoint = { host, port, purpose, ...(known?.transport ? { transport: known.transport } : {}) };
    if (m[4]) this.pointers.set(pointerKey(purpose, m[4]), ep);
    if (purpose !== 'sip') return;
    this.settlePending(host, port);
    this.transportClosed = false;
    this.currentSip = ep;
    this.ctx.out.add(r, 'transport.event', { event: 'connected', host, port, ...(ep.transport ? { transport: ep.transport } : {}) });
  }

  private onDrop(m: RegExpExecArray, r: LogRecord): void {
    const host = (m[1] as string).toLowerCase();
    const port = Number(m[2]);
    const ep = (m[3] ? this.pointers.get(pointerKey('sip', m[3])) : undefined)
      ?? this.endpointsByPurpose.get(`sip ${hostPort(host, port)}`) ?? this.endpointFor(host, port);
    this.transportClosed = true;
    this.settlePending(host, port);
    this.ctx.out.add(r, 'transport.event', {
      event: 'dropped', host, port, ...(ep?.transport ? { transport: ep.transport } : {}), ...(m[4] ? { detail: m[4] } : {}),
    });
  }

  private onRedirect(m: RegExpExecArray, r: LogRecord): void {
    const host = (m[1] as string).toLowerCase();
    this.ctx.sipeHost(host);
    this.ctx.redirected();
    this.ctx.out.add(r, 'transport.event', { event: 'redirected', host, port: Number(m[2]), transport: m[3] === '2' ? 'tcp' : 'tls' });
  }

  private onDisconnected(r: LogRecord): void {
    // SIPE prints it again while tearing down: one event per connection
    if (this.transportClosed) return;
    this.transportClosed = true;
    this.settlePending();
    this.ctx.out.add(r, 'transport.event', { event: 'disconnected', ...this.peer(), detail: 'Server has disconnected' });
  }

  /**
   * `Read error: <strerror> (<errno>)` does not say which connection: SIPE's HTTP connections
   * (contact photos, EWS, address book, web tickets) log `sipe_http_transport_drop: 'h:p'(0x…): Read error`
   * on the very next line. Only an error that is not followed by that is the SIP connection's.
   */
  private onReadError(m: RegExpExecArray, r: LogRecord): void {
    if (DROP_LINE.test(r.text)) return;
    this.settleSocketError();
    this.socketError = { event: 'read-error', place: this.ctx.out.reserve(r, 'transport.event'), detail: (m[1] ?? r.text).trim() || 'Read error', peer: this.peer() };
  }

  private onWriteError(m: RegExpExecArray, r: LogRecord): void {
    if (DROP_LINE.test(r.text)) return;
    this.settleSocketError();
    this.socketError = { event: 'write-error', place: this.ctx.out.reserve(r, 'transport.event'), detail: (m[1] ?? r.text).trim() || 'Write error', peer: this.peer() };
  }

  /** SIPE's line after a Read/Write error: an HTTP connection's drop makes it a side connection's error. */
  beforeSipeLine(r: LogRecord): void {
    if (!this.socketError) return;
    if (r.text.startsWith('sipe_http_transport_drop: ')) {
      this.ctx.out.cancel(this.socketError.place);
      this.socketError = undefined;
      return;
    }
    this.settleSocketError();
  }

  /** The pending Read/Write error is the SIP connection's. */
  private settleSocketError(): void {
    const e = this.socketError;
    if (!e) return;
    this.socketError = undefined;
    if (e.event === 'read-error') this.transportClosed = true;
    this.settlePending();
    this.ctx.out.complete(e.place, { event: e.event, ...e.peer, detail: e.detail });
  }

  private peer(): { host?: string; port?: number; transport?: 'tls' | 'tcp' } {
    const p = this.currentSip ?? (this.lastConnect?.purpose === 'sip' ? this.lastConnect : undefined);
    if (!p) return {};
    return { host: p.host, port: p.port, ...(p.transport ? { transport: p.transport } : {}) };
  }

  /** The oldest connect to host:port still waiting for libpurple's answer (removed), else the last endpoint there. */
  private takePending(host: string, port: string | number): Endpoint | undefined {
    const hp = hostPort(host, port);
    const i = this.pendingConnects.findIndex((e) => hostPort(e.host, e.port) === hp);
    if (i < 0) return this.endpointFor(host, port);
    return this.pendingConnects.splice(i, 1)[0];
  }

  private dropPending(ep: Endpoint): void {
    const i = this.pendingConnects.indexOf(ep);
    if (i >= 0) this.pendingConnects.splice(i, 1);
  }

  private proxyField(): { proxy?: string } {
    const v = this.proxyVia;
    return v ? { proxy: `${v.type}://${v.host}:${v.port}` } : {};
  }

  private onProxyConnecting(m: RegExpExecArray, r: LogRecord): void {
    // it follows SIPE's transport_connect for this host:port
    const last = this.lastConnect;
    const ep = last && hostPort(last.host, last.port) === hostPort(m[1] as string, m[2] as string) ? last : this.endpointFor(m[1] as string, m[2] as string);
    if (!ep) return;
    const pending = this.pendingSipConnect;
    if (pending && pending.ep === ep) pending.lines[1] = r.lines[1];
    this.proxyTarget = ep;
    this.proxyVia = m[3] ? { type: (m[5] as string).toLowerCase(), host: m[3] as string, port: Number(m[4]) } : undefined;
    this.proxyReported = false;
  }

  private onProxyConnected(host: string, port: string, r: LogRecord): void {
    this.settlePending(host, port);
    const ep = this.takePending(host, port);
    if (!ep) return;
    if (ep.transport === 'tls') this.ctx.tlsStarted({ ...ep }, r);
    // through a proxy this only means the proxy accepted TCP; the tunnel answer comes next
    if (this.proxyVia) return;
    this.ctx.out.add(r, 'tcp.connect', { host: ep.host, port: ep.port, outcome: 'ok', purpose: ep.purpose });
  }

  private onProxyAnswer(r: LogRecord): void {
    const ep = this.proxyTarget;
    const via = this.proxyVia;
    if (!ep || !via) return;
    const statusLine = r.continuation.find((l) => /^HTTP\/\d(?:\.\d)? \d{3}/.test(l));
    const status = statusLine ? Number(/ (\d{3})/.exec(statusLine)?.[1]) : PROXY_ESTABLISHED.test(r.text) ? 200 : undefined;
    const ok = status !== undefined && status >= 200 && status < 300;
    this.proxyReported = true;
    this.ctx.out.add(r, 'proxy.event', {
      proxyType: via.type, host: via.host, port: via.port,
      outcome: ok ? 'ok' : status === 407 ? 'auth-required' : 'rejected',
      ...(status !== undefined ? { status } : {}),
      ...(statusLine ? { detail: statusLine.trim() } : {}),
    });
    if (ok) this.ctx.out.add(r, 'tcp.connect', { host: ep.host, port: ep.port, outcome: 'ok', purpose: ep.purpose, ...this.proxyField() });
  }

  private onProxyError(m: RegExpExecArray, r: LogRecord): void {
    this.settlePending(m[1] as string, m[2] as string);
    // a fragment without SIPE's connect line: the host:port libpurple names is the connection it is about
    const ep = this.takePending(m[1] as string, m[2] as string)
      ?? (this.ctx.fragment() ? { host: (m[1] as string).toLowerCase(), port: Number(m[2]), purpose: 'sip' as const } : undefined);
    if (!ep) return;
    const reason = m[3] as string;
    this.connectErrors.set(hostPort(ep.host, ep.port), reason);
    this.proxyTarget = undefined;
    this.ctx.out.add(r, 'tcp.connect', { host: ep.host, port: ep.port, purpose: ep.purpose, error: reason, ...readSocketError(reason), ...this.proxyField() });
  }

  /** libpurple cannot speak the configured proxy's protocol: every connection through it fails. */
  private onProxyUnsupported(type: string, r: LogRecord): void {
    if (this.unsupportedProxy) return;
    this.unsupportedProxy = true;
    this.proxyReported = true;
    const english = PROXY_NOT_SUPPORTED.test(r.text);
    this.ctx.out.add(r, 'proxy.event', {
      proxyType: type.toLowerCase(), outcome: 'error',
      detail: english ? r.text.trim() : `libpurple cannot use the proxy type '${type}' (translated text: ${r.text.trim()})`,
      ...(this.proxyVia ? { host: this.proxyVia.host, port: this.proxyVia.port } : {}),
    });
  }

  private onProxyFailed(text: string, r: LogRecord): void {
    const ep = this.proxyTarget;
    this.proxyTarget = undefined;
    if (!ep) return;
    if (this.unsupportedProxy) {
      this.dropPending(ep);
      this.settlePending(ep.host, ep.port);
      this.ctx.out.add(r, 'tcp.connect', { host: ep.host, port: ep.port, outcome: 'error', purpose: ep.purpose, error: [text, ...r.continuation].join(' ').trim(), proxy: 'unsupported proxy type' });
      return;
    }
    this.dropPending(ep);
    this.settlePending(ep.host, ep.port);
    const reason = [text, ...r.continuation].join(' ').trim();
    if (/^Error resolving/i.test(reason) && !this.proxyVia) return; // the DNS family reports it
    this.connectErrors.set(hostPort(ep.host, ep.port), reason);
    const via = this.proxyVia;
    if (via && !this.proxyReported) {
      const status = /\b(?:error|returned|replied(?: with)?:?)\s+(\d{3})\b/i.exec(reason);
      const outcome = status?.[1] === '407' || /authenticat/i.test(reason) ? 'auth-required'
        : /access denied|forbid|not allowed/i.test(reason) || status ? 'rejected' : netOutcome(reason);
      this.ctx.out.add(r, 'proxy.event', {
        proxyType: via.type, host: via.host, port: via.port, outcome, ...(status ? { status: Number(status[1]) } : {}), detail: reason,
      });
    }
    this.ctx.out.add(r, 'tcp.connect', { host: ep.host, port: ep.port, outcome: netOutcome(reason), purpose: ep.purpose, error: reason, ...this.proxyField() });
  }
}
