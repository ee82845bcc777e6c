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
import { emit, hostPort, isSipeHost, type Endpoint, type LogState } from './context.js';

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
      st.sipeHosts.add(host);
      st.lastConnectDraft = undefined;
      if (purpose === 'sip') {
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
      const known = endpointFor(st, host, port);
      const purpose = m[1] === 'sip_transport_connected' ? 'sip' : 'http';
      const ep: Endpoint = { host, port, purpose, ...(known?.transport ? { transport: known.transport } : {}) };
      if (m[4]) st.pointers.set(m[4], ep);
      if (purpose === 'sip') {
        st.transportClosed = false;
        st.currentSip = { ...ep, ...(m[4] ? { pointer: m[4] } : {}) };
        emit(st, r, { kind: 'transport.event', data: { event: 'connected', host, port, ...(ep.transport ? { transport: ep.transport } : {}) } });
      }
      return;
    }
    if ((m = DROP.exec(t))) {
      const host = (m[1] as string).toLowerCase();
      const port = Number(m[2]);
      const ep = (m[3] ? st.pointers.get(m[3]) : undefined) ?? endpointFor(st, host, port);
      st.transportClosed = true;
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
      emit(st, r, { kind: 'transport.event', data: { event: 'disconnected', ...peer(st), detail: 'Server has disconnected' } });
      return;
    }
    if ((m = READ_ERROR.exec(t))) {
      st.transportClosed = true;
      emit(st, r, { kind: 'transport.event', data: { event: 'read-error', ...peer(st), detail: (m[1] ?? t).trim() || 'Read error' } });
      return;
    }
    if ((m = WRITE_ERROR.exec(t))) {
      emit(st, r, { kind: 'transport.event', data: { event: 'write-error', ...peer(st), detail: (m[1] ?? t).trim() || 'Write error' } });
    }
    return;
  }
  if (r.category === 'proxy') {
    let m = PROXY_CONNECTING.exec(t);
    if (m) {
      const ep = endpointFor(st, m[1] as string, m[2] as string);
      if (!ep) return;
      st.proxyTarget = ep;
      st.proxyVia = m[3] ? { type: (m[5] as string).toLowerCase(), host: m[3] as string, port: Number(m[4]) } : undefined;
      st.proxyReported = false;
      return;
    }
    if ((m = PROXY_CONNECTED.exec(t))) {
      const ep = endpointFor(st, m[1] as string, m[2] as string);
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
      const ep = endpointFor(st, m[1] as string, m[2] as string);
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
