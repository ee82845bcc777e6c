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
import type { LogRecord } from '../types.js';
import { emit, hostPort, isSipeHost, pointerKey, type Endpoint, type LogState } from './context.js';

const CONNECT = /^(?:transport_connect|create_connection) - hostname: (\S+) port: (\d+)/;
const USING = /^using (SSL|TCP|TLS|UDP)\s*$/;
const HTTP_NEW = /^sipe_http_transport_new: new (\S+)/;
const CONNECTED = /^(sip_transport_connected|sipe_http_transport_connected): '([^']+):(\d+)'(?:\((0x[0-9a-fA-F]+|\(nil\))\))?/;
const DROP = /^sip_transport_drop: '([^']+):(\d+)'(?:\((0x[0-9a-fA-F]+|\(nil\))\))?(?:: (.*))?/;
const PROXY_CONNECTING = /^Connecting to (\S+):(\d+) (?:with no proxy|via (\S+):(\d+) using (\S+))/;
const PROXY_CONNECTED = /^Connected to (\S+):(\d+)\./;
const PROXY_ERROR = /^Error connecting to (\S+):(\d+) \((.*)\)\.?\s*$/;
const PROXY_FAILED = /^Connection attempt failed: (.*)$/s;
const PROXY_REPLIED = /^Proxy server replied with:/;
const PROXY_ESTABLISHED = /^HTTP proxy connection established/;
const READ_ERROR = /\bRead error\b(?::? ?(.*))?/;
const WRITE_ERROR = /\bWrite error\b(?::? ?(.*))?/;
const DISCONNECTED = /Server has disconnected/;
const REDIRECT = /^process_register_response: redirected to host (\S+) port (\d+) transport (\d+)/;

/** Socket error text → normalised outcome. */
export function netOutcome(reason: string): NetOutcome {
  if (/refused/i.test(reason)) return 'refused';
  if (/timed? ?out/i.test(reason)) return 'timeout';
  if (/unreachable|no route/i.test(reason)) return 'unreachable';
  if (/reset/i.test(reason)) return 'reset';
  if (/closed|disconnected|end of file/i.test(reason)) return 'closed';
  return 'error';
}

function endpointFor(st: LogState, host: string, port: string | number): Endpoint | undefined {
  return st.endpoints.get(hostPort(host, port));
}

/** `HH:MM:SS` → seconds of the day */
function secondsOf(time: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(time);
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : undefined;
}

/**
 * The log (or the attempt) ends while SIPE's SIP connect is still waiting for an answer: packets are
 * being dropped. One inferred `tcp.connect` timeout, with how long the log shows SIPE waiting.
 */
export function finishPendingConnect(st: LogState): void {
  const p = st.pendingSipConnect;
  st.pendingSipConnect = undefined;
  if (!p || p.ep.purpose !== 'sip') return;
  const from = p.time !== undefined ? secondsOf(p.time) : undefined;
  const end = p.until ?? st.lastRecordTime;
  const to = end !== undefined ? secondsOf(end) : undefined;
  // across midnight the clock starts again at 00:00:00
  const waited = from !== undefined && to !== undefined ? (to - from + 86_400) % 86_400 : undefined;
  emit(st, { lines: p.lines, ...(p.time !== undefined ? { time: p.time } : {}), ...(p.date !== undefined ? { date: p.date } : {}) }, {
    kind: 'tcp.connect',
    data: {
      host: p.ep.host, port: p.ep.port, purpose: 'sip', outcome: 'timeout',
      ...(waited !== undefined ? { durationMs: waited * 1000 } : {}),
      error: waited !== undefined ? `the log ends ${waited} s after SIPE started connecting, with no answer` : 'the log ends after SIPE started connecting, with no answer',
    },
  });
}

/** An answer (or an error) for host:port came: the pending SIP connect there is settled. */
function settlePending(st: LogState, host?: string, port?: string | number): void {
  const p = st.pendingSipConnect;
  if (!p) return;
  if (host === undefined || port === undefined || hostPort(p.ep.host, p.ep.port) === hostPort(host, port)) st.pendingSipConnect = undefined;
}

/** bound on connects waiting for their result (a log of refused reconnects must not grow it) */
const MAX_PENDING_CONNECTS = 32;

/** The oldest connect to host:port still waiting for libpurple's answer (removed), else the last endpoint there. */
function takePending(st: LogState, host: string, port: string | number): Endpoint | undefined {
  const hp = hostPort(host, port);
  const i = st.pendingConnects.findIndex((e) => hostPort(e.host, e.port) === hp);
  if (i < 0) return endpointFor(st, host, port);
  return st.pendingConnects.splice(i, 1)[0];
}

function dropPending(st: LogState, ep: Endpoint): void {
  const i = st.pendingConnects.indexOf(ep);
  if (i >= 0) st.pendingConnects.splice(i, 1);
}

export function recognizeTransport(r: LogRecord, st: LogState): void {
  const t = r.text;
  if (r.category === 'sipe') {
    let m = HTTP_NEW.exec(t);
    if (m) {
      st.httpNew = (m[1] as string).toLowerCase();
      return;
    }
    if ((m = CONNECT.exec(t))) {
      const host = (m[1] as string).toLowerCase();
      const port = Number(m[2]);
      const purpose = st.httpNew === hostPort(host, port) ? 'http' : 'sip';
      st.httpNew = undefined;
      const ep: Endpoint = { host, port, purpose };
      st.lastConnect = ep;
      st.endpoints.set(hostPort(host, port), ep);
      st.endpointsByPurpose.set(`${purpose} ${hostPort(host, port)}`, ep);
      st.pendingConnects.push(ep);
      if (st.pendingConnects.length > MAX_PENDING_CONNECTS) st.pendingConnects.shift();
      st.sipeHosts.add(host);
      st.lastConnectDraft = undefined;
      if (purpose === 'sip') {
        st.pendingSipConnect = { ep, lines: [r.lines[0], r.lines[1]], ...(r.time !== undefined ? { time: r.time } : {}), ...(r.date !== undefined ? { date: r.date } : {}) };
        const via = st.discoveryVia;
        emit(st, r, { kind: 'discovery.event', data: { event: 'candidate', host, port, ...(via ? { via } : {}) } });
        st.lastConnectDraft = emit(st, r, { kind: 'transport.event', data: { event: 'connect', host, port } });
      }
      return;
    }
    if ((m = USING.exec(t))) {
      const transport = m[1] === 'TCP' || m[1] === 'UDP' ? 'tcp' : 'tls';
      if (st.lastConnect) st.lastConnect.transport = transport;
      const d = st.lastConnectDraft;
      if (d && d.kind === 'transport.event') {
        d.data.transport = transport;
        const prev = st.drafts[st.drafts.indexOf(d) - 1];
        if (prev && prev.kind === 'discovery.event' && prev.data.event === 'candidate') prev.data.transport = transport;
      }
      return;
    }
    if ((m = CONNECTED.exec(t))) {
      const host = (m[2] as string).toLowerCase();
      const port = Number(m[3]);
      const purpose = m[1] === 'sip_transport_connected' ? 'sip' : 'http';
      const known = st.endpointsByPurpose.get(`${purpose} ${hostPort(host, port)}`) ?? endpointFor(st, host, port);
      const ep: Endpoint = { host, port, purpose, ...(known?.transport ? { transport: known.transport } : {}) };
      if (m[4]) st.pointers.set(pointerKey(purpose, m[4]), ep);
      if (purpose === 'sip') {
        settlePending(st, host, port);
        st.transportClosed = false;
        st.currentSip = { ...ep, ...(m[4] ? { pointer: m[4] } : {}) };
        emit(st, r, { kind: 'transport.event', data: { event: 'connected', host, port, ...(ep.transport ? { transport: ep.transport } : {}) } });
      }
      return;
    }
    if ((m = DROP.exec(t))) {
      const host = (m[1] as string).toLowerCase();
      const port = Number(m[2]);
      const ep = (m[3] ? st.pointers.get(pointerKey('sip', m[3])) : undefined)
        ?? st.endpointsByPurpose.get(`sip ${hostPort(host, port)}`) ?? endpointFor(st, host, port);
      st.transportClosed = true;
      settlePending(st, host, port);
      emit(st, r, {
        kind: 'transport.event',
        data: { event: 'dropped', host, port, ...(ep?.transport ? { transport: ep.transport } : {}), ...(m[4] ? { detail: m[4] } : {}) },
      });
      return;
    }
    if ((m = REDIRECT.exec(t))) {
      const host = (m[1] as string).toLowerCase();
      const port = Number(m[2]);
      const transport = m[3] === '2' ? 'tcp' : 'tls';
      st.sipeHosts.add(host);
      st.discoveryVia = 'redirect';
      emit(st, r, { kind: 'transport.event', data: { event: 'redirected', host, port, transport } });
      return;
    }
    if (DISCONNECTED.test(t)) {
      // SIPE prints it again while tearing down: one event per connection
      if (st.transportClosed) return;
      st.transportClosed = true;
      settlePending(st);
      emit(st, r, { kind: 'transport.event', data: { event: 'disconnected', ...peer(st), detail: 'Server has disconnected' } });
      return;
    }
    if ((m = READ_ERROR.exec(t))) {
      st.transportClosed = true;
      settlePending(st);
      emit(st, r, { kind: 'transport.event', data: { event: 'read-error', ...peer(st), detail: (m[1] ?? t).trim() || 'Read error' } });
      return;
    }
    if ((m = WRITE_ERROR.exec(t))) {
      settlePending(st);
      emit(st, r, { kind: 'transport.event', data: { event: 'write-error', ...peer(st), detail: (m[1] ?? t).trim() || 'Write error' } });
    }
    return;
  }
  if (r.category === 'proxy') {
    let m = PROXY_CONNECTING.exec(t);
    if (m) {
      // it follows SIPE's transport_connect for this host:port
      const last = st.lastConnect;
      const ep = last && hostPort(last.host, last.port) === hostPort(m[1] as string, m[2] as string) ? last : endpointFor(st, m[1] as string, m[2] as string);
      if (!ep) return;
      const pending = st.pendingSipConnect;
      if (pending && pending.ep === ep) pending.lines[1] = r.lines[1];
      st.proxyTarget = ep;
      st.proxyVia = m[3] ? { type: (m[5] as string).toLowerCase(), host: m[3] as string, port: Number(m[4]) } : undefined;
      st.proxyReported = false;
      return;
    }
    if ((m = PROXY_CONNECTED.exec(t))) {
      settlePending(st, m[1] as string, m[2] as string);
      const ep = takePending(st, m[1] as string, m[2] as string);
      if (!ep) return;
      if (ep.transport === 'tls') {
        st.tlsPeer = ep;
        st.tlsResultSeen = false;
        st.tlsPeerLines = r.lines;
        st.tlsPeerTime = r.time;
      }
      // through a proxy this only means the proxy accepted TCP; the tunnel answer comes next
      if (st.proxyVia) return;
      emit(st, r, { kind: 'tcp.connect', data: { host: ep.host, port: ep.port, outcome: 'ok', purpose: ep.purpose } });
      return;
    }
    if (PROXY_REPLIED.test(t) || PROXY_ESTABLISHED.test(t)) {
      const ep = st.proxyTarget;
      const via = st.proxyVia;
      if (!ep || !via) return;
      const statusLine = r.continuation.find((l) => /^HTTP\/\d(?:\.\d)? \d{3}/.test(l));
      const status = statusLine ? Number(/ (\d{3})/.exec(statusLine)?.[1]) : PROXY_ESTABLISHED.test(t) ? 200 : undefined;
      const ok = status !== undefined && status >= 200 && status < 300;
      st.proxyReported = true;
      emit(st, r, {
        kind: 'proxy.event',
        data: {
          proxyType: via.type, host: via.host, port: via.port,
          outcome: ok ? 'ok' : status === 407 ? 'auth-required' : 'rejected',
          ...(status !== undefined ? { status } : {}),
          ...(statusLine ? { detail: statusLine.trim() } : {}),
        },
      });
      if (ok) emit(st, r, { kind: 'tcp.connect', data: { host: ep.host, port: ep.port, outcome: 'ok', purpose: ep.purpose, ...proxyField(st) } });
      return;
    }
    if ((m = PROXY_ERROR.exec(t))) {
      settlePending(st, m[1] as string, m[2] as string);
      const ep = takePending(st, m[1] as string, m[2] as string);
      if (!ep) return;
      const reason = m[3] as string;
      st.connectErrors.set(hostPort(ep.host, ep.port), reason);
      st.proxyTarget = undefined;
      emit(st, r, { kind: 'tcp.connect', data: { host: ep.host, port: ep.port, outcome: netOutcome(reason), purpose: ep.purpose, error: reason, ...proxyField(st) } });
      return;
    }
    if ((m = PROXY_FAILED.exec(t))) {
      const ep = st.proxyTarget;
      st.proxyTarget = undefined;
      if (!ep) return;
      dropPending(st, ep);
      settlePending(st, ep.host, ep.port);
      const reason = [m[1] as string, ...r.continuation].join(' ').trim();
      if (/^Error resolving/i.test(reason) && !st.proxyVia) return; // the DNS family reports it
      st.connectErrors.set(hostPort(ep.host, ep.port), reason);
      const via = st.proxyVia;
      if (via && !st.proxyReported) {
        const status = /\b(?:error|returned|replied(?: with)?:?)\s+(\d{3})\b/i.exec(reason);
        const outcome = status?.[1] === '407' || /authenticat/i.test(reason) ? 'auth-required'
          : /access denied|forbid|not allowed/i.test(reason) || status ? 'rejected' : netOutcome(reason);
        emit(st, r, {
          kind: 'proxy.event',
          data: { proxyType: via.type, host: via.host, port: via.port, outcome, ...(status ? { status: Number(status[1]) } : {}), detail: reason },
        });
      }
      emit(st, r, { kind: 'tcp.connect', data: { host: ep.host, port: ep.port, outcome: netOutcome(reason), purpose: ep.purpose, error: reason, ...proxyField(st) } });
    }
  }
}

function proxyField(st: LogState): { proxy?: string } {
  const v = st.proxyVia;
  return v ? { proxy: `${v.type}://${v.host}:${v.port}` } : {};
}

function peer(st: LogState): { host?: string; port?: number; transport?: 'tls' | 'tcp' } {
  const p = st.currentSip ?? (st.lastConnect?.purpose === 'sip' ? st.lastConnect : undefined);
  if (!p) return {};
  return { host: p.host, port: p.port, ...(p.transport ? { transport: p.transport } : {}) };
}

/** exported for tests: is the host one of SIPE's? */
export const _isSipeHost = isSipeHost;
