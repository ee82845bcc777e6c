/**
 * Discovery family: Lync autodiscover, DNS SRV / A lookups, SIPE's fallback milestones (sipe.md
 * §1.3–1.4), and which hosts are SIPE's (so libpurple's DNS lines about other accounts are skipped).
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
import type { Gathering } from '../observations.js';
import { recordText } from '../tokenize.js';
import type { LogRecord } from '../types.js';
import { hostPort, isIpLiteral, type DiscoveryVia, type FamilyContext } from './hand-off.js';
import type { LineRules } from './lines.js';
import { englishSystemError } from '../../protocol/system-error-texts.js';

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
/** libpurple's dnsquery lines that are not translated (debug texts), and its English error line */
const DNS_ENGLISH = /^(?:Performing DNS lookup for |IP resolved for |Error resolving |DNS query for |Resolving |Got response for |Starting lookup for )/;
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

export class DiscoveryFamily {
  static readonly rules: LineRules<DiscoveryFamily> = {
    sipe: [
      { anchors: ["sipe_lync_autodiscover_request: trying '"], re: AD_TRYING, on: (f, m) => f.onAutodiscoverTrying(m[1] as string) },
      { anchors: ["sipe_http_transport_drop: '"], re: HTTP_DROP, on: (f, m, r) => f.onHttpDrop(m, r) },
      { anchors: ['sipe_lync_autodiscover_parse: '], re: AD_PARSE, on: (f, m) => f.hosts.add(safeHost(m[2] as string)) },
      { anchors: ['no Lync Autodiscover servers found; trying SRV records next'], re: AD_NONE, on: (f, _m, r) => f.onAutodiscoverNone(r) },
      // the list is reported with the next SIPE line (the servers SIPE goes on with)
      { anchors: ['lync_autodiscover_cb: got server list'], re: AD_LIST, thenNextSipe: true, on: (f) => { f.autodiscoverServersPending = true; } },
      { anchors: ['sipe_core_dns_resolved - SRV hostname: ', 'srvresolved - SRV hostname: '], re: SRV_RESOLVED, on: (f, m, r) => f.onSrvResolved(m, r) },
      { anchors: ['sipe_core_dns_resolved - A hostname: '], re: A_RESOLVED, on: (f, m, r) => f.onAResolved(m[1] as string, r) },
      { anchors: ['no SRV records found; trying A records next'], re: SRV_NONE, on: (f, _m, r) => f.ctx.out.add(r, 'discovery.event', { event: 'srv-none' }) },
      { anchors: ['no SRV or A records found; using SIP domain as fallback'], re: A_NONE, on: (f, _m, r) => f.onANone(r) },
      { anchors: ['sipe_core_connect: user specified SIP server '], re: USER_SERVER, on: (f, m, r) => f.onUserServer(m, r) },
    ],
    dnssrv: [
      { anchors: ['querying SRV record for '], re: SRV_QUERY, on: (f, m) => f.onSrvQuery(m[2] as string) },
      { anchors: ['res_query returned an error'], re: SRV_ERROR, on: (f, _m, r) => f.srvAnswer(r, 'error', 'res_query returned an error') },
      { anchors: ['Found 0 entries, errno is '], re: SRV_ZERO, on: (f, m, r) => f.srvAnswer(r, 'nodata', `Found 0 entries, errno is ${m[1] as string}`) },
    ],
    dnsquery: [
      { anchors: ['Performing DNS lookup for '], re: DNS_PERFORM, on: (f, m) => f.onLookup(m[1] as string) },
      { anchors: ['IP resolved for '], re: DNS_OK, on: (f, m, r) => f.onResolved(m[1] as string, r) },
      { anchors: ['Error resolving '], re: DNS_ERROR, input: (r) => recordText(r).replace(/\n/g, ' '), on: (f, m, r) => f.onResolveError(m, r) },
      // libpurple's `Error resolving %s:\n%s` is translated in a translated client: any other dnsquery line naming a host being resolved
      { test: (t) => !DNS_ENGLISH.test(t), re: /[^\s:()'"«»„“”]+\.[^\s:()'"«»„“”]+/, input: (r) => recordText(r), on: (f, _m, r) => f.onTranslatedResolveError(r) },
    ],
  };

  /** hosts SIPE itself announced (lower-case) */
  private readonly hosts = new Set<string>();
  private domain: string | undefined;
  private via: DiscoveryVia | undefined;
  private autodiscoverServersPending = false;
  /** SRV name being queried */
  private srvQuery: string | undefined;
  /** A names libpurple is resolving (host → its answered lookup, once answered: SIPE may still log the address it got) */
  private readonly aQueries = new Map<string, Gathering<'dns.lookup'> | undefined>();
  /** hosts that failed to resolve */
  private readonly unresolved = new Set<string>();
  /** autodiscover URLs by host:port */
  private readonly autodiscoverUrls = new Map<string, string>();

  constructor(private readonly ctx: FamilyContext) {}

  /** Every `sipe:` record, before the rules: a reported server list waits for the next line. */
  beforeSipeLine(r: LogRecord): void {
    if (this.autodiscoverServersPending && !AD_NONE.test(r.text)) {
      this.autodiscoverServersPending = false;
      this.via = 'autodiscover';
      this.ctx.out.add(r, 'discovery.event', { event: 'autodiscover-servers', via: 'autodiscover' });
    }
  }

  startAttempt(): void {
    this.via = undefined;
    this.autodiscoverServersPending = false;
    // lookups are the attempt's own: one left unanswered must not take a later attempt's failure
    for (const host of [...this.aQueries.keys()]) this.forget(host);
    this.unresolved.clear();
    this.srvQuery = undefined;
  }

  sipeHost(host: string): void {
    this.hosts.add(host);
  }

  accountDomain(domain: string): void {
    this.domain = domain;
  }

  redirected(): void {
    this.via = 'redirect';
  }

  get discoveryVia(): DiscoveryVia | undefined {
    return this.via;
  }

  finish(): void {
    for (const host of [...this.aQueries.keys()]) this.forget(host);
  }

  /** Is this host one SIPE is dealing with (so a libpurple line about it belongs to SIPE)? */
  isSipeHost(host: string): boolean {
    const h = host.toLowerCase();
    if (this.hosts.has(h)) return true;
    return this.domain !== undefined && (h === this.domain || h.endsWith(`.${this.domain}`));
  }

  private onAutodiscoverTrying(url: string): void {
    try {
      const u = new URL(url);
      const port = u.port || (u.protocol === 'https:' ? '443' : '80');
      this.autodiscoverUrls.set(hostPort(u.hostname, port), url);
      this.hosts.add(u.hostname.toLowerCase());
    } catch {
      /* not a URL: ignore */
    }
  }

  private onHttpDrop(m: RegExpExecArray, r: LogRecord): void {
    const key = hostPort(m[1] as string, m[2] as string);
    const url = this.autodiscoverUrls.get(key);
    if (url === undefined) return;
    this.autodiscoverUrls.delete(key);
    const reason = (m[4] ?? '').trim();
    const host = (m[1] as string).toLowerCase();
    const connectError = this.ctx.connectError(key);
    const outcome = /timeout/i.test(reason) ? 'timeout'
      : this.unresolved.has(host) ? 'unreachable'
      : /handshake|certificate/i.test(reason) ? 'tls-failed'
      : connectError && /refused/i.test(connectError) ? 'refused'
      : 'error';
    this.ctx.out.add(r, 'autodiscover.response', {
      url, outcome, ...(reason ? { problem: this.unresolved.has(host) ? `${reason} (host does not resolve)` : reason } : {}),
    });
  }

  private onAutodiscoverNone(r: LogRecord): void {
    this.autodiscoverServersPending = false;
    this.ctx.out.add(r, 'discovery.event', { event: 'autodiscover-none' });
  }

  private onSrvResolved(m: RegExpExecArray, r: LogRecord): void {
    const target = (m[1] as string).toLowerCase();
    this.hosts.add(target);
    this.via = 'srv';
    if (this.srvQuery) this.srvAnswer(r, 'ok', undefined, [{ target, port: Number(m[2]) }]);
  }

  private onAResolved(address: string, r: LogRecord): void {
    this.via = 'a';
    // SIPE only logs the IP: complete the pending A lookup of the name libpurple resolved
    const pending = [...this.aQueries.entries()].pop();
    if (!pending) return;
    const [name, open] = pending;
    this.aQueries.delete(name);
    if (open) {
      this.ctx.out.more(open, r.lines).answers = [{ address }];
      this.ctx.out.made(open);
    } else {
      this.ctx.out.add(r, 'dns.lookup', { name, type: 'A', outcome: 'ok', answers: [{ address }] });
    }
  }

  private onANone(r: LogRecord): void {
    this.via = 'domain';
    this.ctx.out.add(r, 'discovery.event', { event: 'a-none', ...(this.domain ? { host: this.domain } : {}) });
  }

  private onUserServer(m: RegExpExecArray, r: LogRecord): void {
    this.via = 'server-setting';
    this.ctx.out.add(r, 'discovery.event', { event: 'user-specified', host: m[1] as string, port: Number(m[2]), via: 'server-setting' });
  }

  private onSrvQuery(name: string): void {
    const n = name.toLowerCase();
    // only SIP service names; XMPP (`_xmpp-client._tcp`) etc. belong to other accounts
    this.srvQuery = /^_sip/.test(n) ? n : undefined;
  }

  private srvAnswer(r: LogRecord, outcome: DnsData['outcome'], error: string | undefined, answers: DnsData['answers'] = []): void {
    const name = this.srvQuery;
    if (!name) return;
    this.srvQuery = undefined;
    this.ctx.out.add(r, 'dns.lookup', { name, type: 'SRV', outcome, answers, ...(error !== undefined ? { error } : {}) });
  }

  private onLookup(name: string): void {
    const host = name.toLowerCase();
    if (!isIpLiteral(host) && this.isSipeHost(host)) this.remember(host, undefined);
  }

  private onResolved(name: string, r: LogRecord): void {
    const host = name.toLowerCase();
    if (!this.aQueries.has(host)) return;
    const data: DnsData = { name: host, type: 'A', outcome: 'ok', answers: [] };
    this.remember(host, this.ctx.out.gather(r, 'dns.lookup', data));
  }

  /**
   * A translated dnsquery line: the failure of a lookup in progress when it names the host (the
   * host name is never translated). What the resolver said is read from glibc's translations when
   * it can be; the lookup's failure itself is inferred from the line's place and host alone.
   */
  private onTranslatedResolveError(r: LogRecord): void {
    const text = recordText(r);
    const lower = text.toLowerCase();
    // the latest lookup whose whole name is in the line (`pool.corp.example` is not in `retired-pool.corp.example`)
    const host = [...this.aQueries.keys()].reverse().find((h) => containsHostName(lower, h));
    if (!host) return;
    this.forget(host);
    this.unresolved.add(host);
    const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
    const reason = (lines.length > 1 ? lines.slice(1).join(' ') : (text.split(/:\s*/).slice(1).join(': ') || text)).trim();
    const t = englishSystemError(reason);
    const english = t?.english;
    const outcome = english === 'Name or service not known' ? 'nxdomain' : english === 'Temporary failure in name resolution' ? 'servfail' : english ? dnsOutcome(english) : 'error';
    this.ctx.out.add(r, 'dns.lookup', {
      name: host, type: 'A', outcome, answers: [], error: text.replace(/\s*\n\s*/g, ' ').trim(), basis: 'translated-text',
      ...(t ? { errorEnglish: t.english, language: t.language } : {}),
    });
    this.ctx.out.add(r, 'discovery.event', { event: 'unresolvable', host, detail: t ? t.english : 'translated resolver error' });
  }

  private onResolveError(m: RegExpExecArray, r: LogRecord): void {
    const host = ((m[1] ?? m[2]) as string).toLowerCase().replace(/:$/, '');
    if (!this.aQueries.has(host) && !this.isSipeHost(host)) return;
    this.forget(host);
    const reason = (m[3] ?? recordText(r).split('\n').slice(1).join(' ')).trim();
    this.unresolved.add(host);
    this.ctx.out.add(r, 'dns.lookup', { name: host, type: 'A', outcome: dnsOutcome(reason), answers: [], ...(reason ? { error: reason } : {}) });
    this.ctx.out.add(r, 'discovery.event', { event: 'unresolvable', host, ...(reason ? { detail: reason } : {}) });
  }

  /** Set the host's entry (keeping its place in the map's order); an answered lookup it replaces is complete. */
  private remember(host: string, open: Gathering<'dns.lookup'> | undefined): void {
    const before = this.aQueries.get(host);
    if (before) this.ctx.out.made(before);
    this.aQueries.set(host, open);
  }

  private forget(host: string): void {
    const before = this.aQueries.get(host);
    if (before) this.ctx.out.made(before);
    this.aQueries.delete(host);
  }
}

/** Does `text` name `host` as a whole host name (not as the end or start of a longer one)? */
export function containsHostName(text: string, host: string): boolean {
  const part = /[a-z0-9.-]/;
  for (let i = text.indexOf(host); i >= 0; i = text.indexOf(host, i + 1)) {
    const before = text[i - 1];
    const after = text[i + host.length];
    // a sentence may end right after the name: `… example.` 
    if ((before === undefined || !part.test(before)) && (after === undefined || !part.test(after) || (after === '.' && !part.test(text[i + host.length + 1] ?? ' ')))) return true;
  }
  return false;
}

function safeHost(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return url.toLowerCase();
  }
}
