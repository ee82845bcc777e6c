/**
 * Discovery, fast: every DNS question SIPE might ask (and Lync autodiscover) is sent at once; SRV
 * targets are resolved as soon as their SRV answer arrives. The result is the candidate chain in
 * SIPE 1.25's order with the answers attached; `walkCandidates` then tries them in
 * that order, stopping where SIPE would.
 */
import type { Transport } from '../evidence/kinds.js';
import { runAutodiscover, type AutodiscoverResult } from './autodiscover.js';
import { aRecordHosts, autodiscoverHosts, effectiveTransport, srvServices, type Candidate } from '../protocol/discovery.js';
import type { DnsCache, TimedDnsResult } from './dns.js';
import type { CheckTarget, DnsAnswer, ProbeContext } from './types.js';

export interface SrvStage {
  name: string;
  transport: 'tls' | 'tcp';
  result: TimedDnsResult;
  /** the first target after libpurple's priority/weight sort, if any */
  first?: DnsAnswer;
}

export interface DiscoveryPlan {
  lyncHosts: TimedDnsResult[];
  autodiscover: AutodiscoverResult;
  srv: SrvStage[];
  a: { host: string; port: number; result: TimedDnsResult }[];
  domain: TimedDnsResult;
}

/** libpurple sorts SRV answers by priority, then weight (higher first); SIPE takes the first. */
export function firstSrvTarget(answers: readonly DnsAnswer[]): DnsAnswer | undefined {
  return [...answers]
    .filter((a) => a.target && a.port !== undefined)
    .sort((x, y) => (x.priority ?? 0) - (y.priority ?? 0) || (y.weight ?? 0) - (x.weight ?? 0))[0];
}

export async function discoverAll(
  ctx: ProbeContext,
  dns: DnsCache,
  t: CheckTarget,
  o: { transport: Transport | undefined; userAgent: string },
): Promise<DiscoveryPlan> {
  const d = t.domain;
  ctx.progress({ phase: 'start', step: `discovery for ${d} (all lookups in parallel)` });
  const lyncP = Promise.all(autodiscoverHosts(d).map((h) => dns.lookup(h, 'A')));
  const srvP = Promise.all(
    srvServices(d, o.transport).map(async (s): Promise<SrvStage> => {
      const result = await dns.lookup(s.name, 'SRV');
      const first = result.outcome === 'ok' ? firstSrvTarget(result.answers) : undefined;
      // resolve the target right away: the connect step will need it
      if (first?.target) await dns.lookup(first.target, 'A');
      return { ...s, result, ...(first ? { first } : {}) };
    }),
  );
  const aP = Promise.all(aRecordHosts(d).map(async (h) => ({ ...h, result: await dns.lookup(h.host, 'A') })));
  const domainP = dns.lookup(d, 'A');
  const adP = runAutodiscover(ctx, { domain: d, address: t.address, userAgent: o.userAgent }).then(async (ad) => {
    await Promise.all((ad.servers ?? []).map((s) => dns.lookup(s.host, 'A')));
    return ad;
  });
  const [lyncHosts, autodiscover, srv, a, domain] = await Promise.all([lyncP, adP, srvP, aP, domainP]);
  const plan = { lyncHosts, autodiscover, srv, a, domain };
  ctx.progress({ phase: 'done', step: `discovery for ${d} (all lookups in parallel)`, ...discoverySummary(plan) });
  return plan;
}

/**
 * The discovery step's progress mark: ✓ only when some lookup found a record (or autodiscover named
 * servers); when every lookup failed, ✗ with how they failed (`10 lookups: 8 NXDOMAIN, 2 TIMEOUT`).
 */
export function discoverySummary(plan: DiscoveryPlan): { ok: boolean; detail: string } {
  const all = [...plan.lyncHosts, ...plan.srv.map((s) => s.result), ...plan.a.map((x) => x.result), plan.domain];
  const found = all.filter((r) => r.outcome === 'ok' && r.answers.length > 0);
  const servers = plan.autodiscover.servers?.length ?? 0;
  if (found.length || servers) {
    return { ok: true, detail: `${found.length} of ${all.length} lookups found records${servers ? `; autodiscover named ${servers} server${servers === 1 ? '' : 's'}` : ''}` };
  }
  const counts = new Map<string, number>();
  for (const r of all) counts.set(r.outcome.toUpperCase(), (counts.get(r.outcome.toUpperCase()) ?? 0) + 1);
  return { ok: false, detail: `no lookup found a record (${all.length} lookups: ${[...counts].map(([o, n]) => `${n} ${o}`).join(', ')})` };
}

/**
 * When a host SIPE was told to use does not resolve (NXDOMAIN / NODATA), is the name wrong or does
 * this resolver not know the domain at all (off VPN)? Ask for the host's parent domain and the SIP
 * domain: their answers tell a typo from split DNS.
 */
export async function domainContext(dns: DnsCache, host: string, sipDomain: string): Promise<TimedDnsResult[]> {
  const h = host.toLowerCase().replace(/\.$/, '');
  const labels = h.split('.');
  const parent = labels.length > 2 ? labels.slice(1).join('.') : undefined;
  const names = [...new Set([parent, sipDomain.toLowerCase()].filter((n): n is string => !!n && n !== h))];
  return Promise.all(names.map((n) => dns.lookup(n, 'A')));
}

export type StageEvent =
  | { type: 'lookup'; result: TimedDnsResult }
  | { type: 'autodiscover'; result: AutodiscoverResult }
  | { type: 'milestone'; event: 'autodiscover-servers' | 'autodiscover-none' | 'srv-none' | 'a-none'; detail?: string }
  | { type: 'candidate'; candidate: Candidate };

/**
 * The chain in SIPE's order as a stream of events: lookups SIPE would make, the milestones it
 * logs, and candidates to try. The caller stops consuming when a candidate connects.
 */
export function* sipeChain(plan: DiscoveryPlan, t: CheckTarget, transport: Transport | undefined): Generator<StageEvent> {
  const eff = effectiveTransport(transport);
  for (const l of plan.lyncHosts) yield { type: 'lookup', result: l };
  yield { type: 'autodiscover', result: plan.autodiscover };
  const servers = plan.autodiscover.servers ?? [];
  if (servers.length) {
    yield { type: 'milestone', event: 'autodiscover-servers', detail: servers.map((s) => `${s.host}:${s.port} (${s.access})`).join(', ') };
    for (const s of servers) yield { type: 'candidate', candidate: { host: s.host, port: s.port, transport: eff, via: 'autodiscover', from: s.access, ...(s.unverifiedSource ? { unverifiedSource: s.unverifiedSource } : {}) } };
  }
  yield { type: 'milestone', event: 'autodiscover-none' };
  for (const s of plan.srv) {
    yield { type: 'lookup', result: s.result };
    if (s.first?.target && s.first.port !== undefined) {
      yield { type: 'candidate', candidate: { host: s.first.target.toLowerCase().replace(/\.$/, ''), port: s.first.port, transport: s.transport, via: 'srv', from: s.name } };
    }
  }
  yield { type: 'milestone', event: 'srv-none' };
  for (const a of plan.a) {
    yield { type: 'lookup', result: a.result };
    if (a.result.outcome === 'ok' && a.result.answers.some((x) => x.address)) {
      yield { type: 'candidate', candidate: { host: a.host, port: a.port, transport: eff, via: 'a' } };
    }
  }
  yield { type: 'milestone', event: 'a-none', detail: t.domain };
  yield { type: 'candidate', candidate: { host: t.domain, port: eff === 'tls' ? 5061 : 5060, transport: eff, via: 'domain' } };
}
