/**
 * Discovery family: Lync autodiscover, DNS SRV / A lookups, SIPE's fallback milestones and the
 * candidates it tries (sipe.md §1.3–1.4).
 *  `sipe_lync_autodiscover_request: trying 'https://LyncDiscover.corp.example/?sipuri=…'`
 *  `sipe_http_transport_drop: 'host:443'(0x…): SSL Connection Failed` (for an autodiscover host)
 *  `no Lync Autodiscover servers found; trying SRV records next` / `lync_autodiscover_cb: got server list`
 *  `dnssrv: querying SRV record for corp.example: _sipinternaltls._tcp.corp.example`, `dnssrv: res_query returned an error`,
 *  `dnssrv: found 1 SRV entries`, `dnssrv: Found 0 entries, errno is 2`
 *  `sipe_core_dns_resolved - SRV hostname: pool.corp.example port: 5061` (≤1.10 `srvresolved - SRV hostname: …`)
 *  `sipe_core_dns_resolved - A hostname: 192.0.2.1 port: 5061`
 *  `dnsquery: Performing DNS lookup for h`, `dnsquery: IP resolved for h`, `dnsquery: Error resolving h:\n<reason>`
 *  `no SRV records found; trying A records next`, `no SRV or A records found; using SIP domain as fallback`
 *  `sipe_core_connect: user specified SIP server h:p`
 */
import type { DnsLookup } from '../../evidence/kinds.js';
import { recordText } from '../tokenize.js';
import type { LogRecord } from '../types.js';
import { emit, extend, hostPort, isIpLiteral, isSipeHost, type LogState, type MutableDraft } from './context.js';

const AD_TRYING = /^sipe_lync_autodiscover_request: trying '(.+)'\s*$/;
const AD_NONE = /^no Lync Autodiscover servers found; trying SRV records next/;
const AD_LIST = /^lync_autodiscover_cb: got server list/;
const AD_PARSE = /^sipe_lync_autodiscover_parse: (redirect to|user) (\S+)/;
const HTTP_DROP = /^sipe_http_transport_drop: '([^']+):(\d+)'\((0x[0-9a-fA-F]+|\(nil\))\)(?:: (.*))?$/;
const SRV_QUERY = /^querying SRV record for (\S+): (\S+)\s*$/;
const SRV_ERROR = /^res_query returned an error/;
const SRV_ZERO = /^Found 0 entries, errno is (\d+)/;
const SRV_RESOLVED = /^(?:sipe_core_dns_resolved - SRV|srvresolved - SRV) hostname: (\S+) port: (\d+)/;
const A_RESOLVED = /^sipe_core_dns_resolved - A hostname: (\S+) port: (\d+)/;
const DNS_PERFORM = /^Performing DNS lookup for (\S+)/;
const DNS_OK = /^IP resolved for (\S+)/;
const DNS_ERROR = /^Error resolving (\S+?):?\s*$|^Error resolving (\S+?): (.+)$/;
const SRV_NONE = /^no SRV records found; trying A records next/;
const A_NONE = /^no SRV or A records found; using SIP domain as fallback/;
const USER_SERVER = /^sipe_core_connect: user specified SIP server (.+):(\d+)\s*$/;

type DnsData = DnsLookup['data'];

/** `Name or service not known` → nxdomain … (getaddrinfo / Windows texts) */
export function dnsOutcome(reason: string): DnsData['outcome'] {
  if (/not known|NXDOMAIN|no such host|does not exist|not found|No address associated/i.test(reason)) return 'nxdomain';
  if (/temporary failure|try again|SERVFAIL|server failure/i.test(reason)) return 'servfail';
  if (/timed? ?out/i.test(reason)) return 'timeout';
  if (/refused/i.test(reason)) return 'refused';
  return 'error';
}

function flushAutodiscoverList(st: LogState, r: LogRecord): void {
  if (st.autodiscoverServersPending) {
    st.autodiscoverServersPending = false;
    st.discoveryVia = 'autodiscover';
    emit(st, r, { kind: 'discovery.event', data: { event: 'autodiscover-servers', via: 'autodiscover' } });
  }
}

function srvDraft(st: LogState, r: LogRecord, data: DnsData): MutableDraft {
  st.srvQuery = undefined;
  return emit(st, r, { kind: 'dns.lookup', data });
}

export function recognizeDiscovery(r: LogRecord, st: LogState): void {
  const t = r.text;
  if (r.category === 'sipe') {
    if (st.autodiscoverServersPending && !AD_NONE.test(t)) flushAutodiscoverList(st, r);
    let m = AD_TRYING.exec(t);
    if (m) {
      const url = m[1] as string;
      try {
        const u = new URL(url);
        const port = u.port || (u.protocol === 'https:' ? '443' : '80');
        st.autodiscoverUrls.set(hostPort(u.hostname, port), url);
        st.sipeHosts.add(u.hostname.toLowerCase());
      } catch {
        /* not a URL: ignore */
      }
      return;
    }
    if ((m = HTTP_DROP.exec(t))) {
      const key = hostPort(m[1] as string, m[2] as string);
      const url = st.autodiscoverUrls.get(key);
      if (url === undefined) return;
      st.autodiscoverUrls.delete(key);
      const reason = (m[4] ?? '').trim();
      const host = (m[1] as string).toLowerCase();
      const connectError = st.connectErrors.get(key);
      const outcome = /timeout/i.test(reason) ? 'timeout'
        : st.unresolved.has(host) ? 'unreachable'
        : /handshake|certificate/i.test(reason) ? 'tls-failed'
        : connectError && /refused/i.test(connectError) ? 'refused'
        : 'error';
      emit(st, r, {
        kind: 'autodiscover.response',
        data: { url, outcome, ...(reason ? { problem: st.unresolved.has(host) ? `${reason} (host does not resolve)` : reason } : {}) },
      });
      return;
    }
    if ((m = AD_PARSE.exec(t))) {
      st.sipeHosts.add(safeHost(m[2] as string));
      return;
    }
    if (AD_NONE.test(t)) {
      st.autodiscoverServersPending = false;
      emit(st, r, { kind: 'discovery.event', data: { event: 'autodiscover-none' } });
      return;
    }
    if (AD_LIST.test(t)) {
      st.autodiscoverServersPending = true;
      return;
    }
    if ((m = SRV_RESOLVED.exec(t))) {
      const target = (m[1] as string).toLowerCase();
      const port = Number(m[2]);
      st.sipeHosts.add(target);
      st.discoveryVia = 'srv';
      if (st.srvQuery) {
        srvDraft(st, r, { name: st.srvQuery, type: 'SRV', outcome: 'ok', answers: [{ target, port }] });
      }
      return;
    }
    if ((m = A_RESOLVED.exec(t))) {
      st.discoveryVia = 'a';
      const address = m[1] as string;
      // SIPE only logs the IP: complete the pending A lookup of the name libpurple resolved
      const pending = [...st.aQueries.entries()].pop();
      if (pending) {
        const [name, draft] = pending;
        st.aQueries.delete(name);
        if (draft) {
          (draft.data as DnsData).answers = [{ address }];
          extend(draft, r.lines);
        } else {
          emit(st, r, { kind: 'dns.lookup', data: { name, type: 'A', outcome: 'ok', answers: [{ address }] } });
        }
      }
      return;
    }
    if (SRV_NONE.test(t)) {
      emit(st, r, { kind: 'discovery.event', data: { event: 'srv-none' } });
      return;
    }
    if (A_NONE.test(t)) {
      st.discoveryVia = 'domain';
      emit(st, r, { kind: 'discovery.event', data: { event: 'a-none', ...(st.domain ? { host: st.domain } : {}) } });
      return;
    }
    if ((m = USER_SERVER.exec(t))) {
      st.discoveryVia = 'server-setting';
      emit(st, r, {
        kind: 'discovery.event',
        data: { event: 'user-specified', host: m[1] as string, port: Number(m[2]), via: 'server-setting' },
      });
    }
    return;
  }
  if (r.category === 'dnssrv') {
    let m = SRV_QUERY.exec(t);
    if (m) {
      const name = (m[2] as string).toLowerCase();
      // only SIP service names; XMPP (`_xmpp-client._tcp`) etc. belong to other accounts
      st.srvQuery = /^_sip/.test(name) ? name : undefined;
      return;
    }
    if (!st.srvQuery) return;
    if (SRV_ERROR.test(t)) {
      srvDraft(st, r, { name: st.srvQuery, type: 'SRV', outcome: 'error', answers: [], error: 'res_query returned an error' });
      return;
    }
    if ((m = SRV_ZERO.exec(t))) {
      srvDraft(st, r, { name: st.srvQuery, type: 'SRV', outcome: 'nodata', answers: [], error: `Found 0 entries, errno is ${m[1] as string}` });
    }
    return;
  }
  if (r.category === 'dnsquery') {
    let m = DNS_PERFORM.exec(t);
    if (m) {
      const host = (m[1] as string).toLowerCase();
      if (!isIpLiteral(host) && isSipeHost(st, host)) st.aQueries.set(host, undefined);
      return;
    }
    if ((m = DNS_OK.exec(t))) {
      const host = (m[1] as string).toLowerCase();
      if (!st.aQueries.has(host)) return;
      const d = emit(st, r, { kind: 'dns.lookup', data: { name: host, type: 'A', outcome: 'ok', answers: [] } });
      st.aQueries.set(host, d);
      return;
    }
    if ((m = DNS_ERROR.exec(recordText(r).replace(/\n/g, ' ')))) {
      const host = ((m[1] ?? m[2]) as string).toLowerCase().replace(/:$/, '');
      if (!st.aQueries.has(host) && !isSipeHost(st, host)) return;
      st.aQueries.delete(host);
      const reason = (m[3] ?? recordText(r).split('\n').slice(1).join(' ')).trim();
      st.unresolved.add(host);
      emit(st, r, {
        kind: 'dns.lookup',
        data: { name: host, type: 'A', outcome: dnsOutcome(reason), answers: [], ...(reason ? { error: reason } : {}) },
      });
      emit(st, r, { kind: 'discovery.event', data: { event: 'unresolvable', host, ...(reason ? { detail: reason } : {}) } });
    }
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return url.toLowerCase();
  }
}
