/**
 * The lab's authoritative zone data and the pure lookup that answers one question from it
 * (CNAME chasing inside the zone, NXDOMAIN vs NODATA, REFUSED outside, injected faults).
 * The server (server.ts) only does framing; this file is where the DNS semantics live.
 */
import type { Answer } from 'dns-packet';
import type { ResolverMode, ZoneFault } from '../types.js';

export type RecordType = 'A' | 'AAAA' | 'CNAME' | 'SRV' | 'TXT' | 'SOA';

/** A record with an absolute, lower-case name and a concrete port. */
export type ZoneEntry =
  | { name: string; type: 'A' | 'AAAA'; address: string; ttl: number }
  | { name: string; type: 'CNAME'; target: string; ttl: number }
  | { name: string; type: 'SRV'; target: string; port: number; priority: number; weight: number; ttl: number }
  | { name: string; type: 'TXT'; text: string; ttl: number };

export interface CompiledZone {
  /** zones this server is authoritative for (absolute, lower case, no trailing dot) */
  origins: string[];
  entries: ZoneEntry[];
  faults: ZoneFault[];
  /** the resolver as a whole (`closed` is the lab's business: no server runs); default `normal` */
  mode?: ResolverMode;
}

export type LookupResult =
  | { action: 'answer'; rcode: 'NOERROR' | 'NXDOMAIN' | 'REFUSED' | 'SERVFAIL' | 'NOTIMP'; authoritative: boolean; answers: Answer[]; authorities: Answer[] }
  | { action: 'drop' }
  | { action: 'delay'; ms: number; then: LookupResult };

/** `name` relative to `origin` unless it ends with a dot; `@` is the origin itself. */
export function absoluteName(name: string, origin: string): string {
  const n = name.trim().toLowerCase();
  if (n === '@' || n === '') return origin.toLowerCase();
  if (n.endsWith('.')) return n.slice(0, -1);
  return `${n}.${origin.toLowerCase()}`;
}

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

function under(name: string, origin: string): boolean {
  return name === origin || name.endsWith(`.${origin}`);
}

function soaFor(zone: CompiledZone, name: string): Answer[] {
  const origin = zone.origins.filter((o) => under(name, o)).sort((a, b) => b.length - a.length)[0];
  if (!origin) return [];
  return [{
    name: origin, type: 'SOA', ttl: 300,
    data: { mname: `ns.${origin}`, rname: `hostmaster.${origin}`, serial: 2024010101, refresh: 3600, retry: 600, expire: 86400, minimum: 60 },
  }];
}

function toAnswer(e: ZoneEntry): Answer {
  switch (e.type) {
    case 'A':
    case 'AAAA':
      return { name: e.name, type: e.type, ttl: e.ttl, data: e.address };
    case 'CNAME':
      return { name: e.name, type: 'CNAME', ttl: e.ttl, data: e.target };
    case 'SRV':
      return { name: e.name, type: 'SRV', ttl: e.ttl, data: { priority: e.priority, weight: e.weight, port: e.port, target: e.target } };
    case 'TXT':
      return { name: e.name, type: 'TXT', ttl: e.ttl, data: e.text };
  }
}

const SUPPORTED = new Set<string>(['A', 'AAAA', 'CNAME', 'SRV', 'TXT', 'SOA', 'ANY', 'NS']);

/** Answers one question. `qtype` as dns-packet names it ('A', 'SRV', …). */
export function lookup(zone: CompiledZone, qnameRaw: string, qtype: string): LookupResult {
  const qname = normalizeName(qnameRaw);
  switch (zone.mode ?? 'normal') {
    case 'timeout':
    case 'closed':
      return { action: 'drop' };
    case 'refused':
      return { action: 'answer', rcode: 'REFUSED', authoritative: false, answers: [], authorities: [] };
    case 'nxdomain-all':
      return { action: 'answer', rcode: 'NXDOMAIN', authoritative: false, answers: [], authorities: [] };
    case 'normal':
      break;
  }
  const fault = zone.faults.find((f) => normalizeName(f.name) === qname && (!f.type || f.type === qtype));
  const plain = answer(zone, qname, qtype);
  if (!fault) return plain;
  if (fault.fault === 'drop') return { action: 'drop' };
  if (fault.fault === 'servfail') return { action: 'answer', rcode: 'SERVFAIL', authoritative: false, answers: [], authorities: [] };
  return { action: 'delay', ms: Math.max(0, Math.min(fault.delayMs ?? 2000, 60_000)), then: plain };
}

function answer(zone: CompiledZone, qname: string, qtype: string): LookupResult {
  if (!zone.origins.some((o) => under(qname, o))) {
    // not ours and we do not recurse
    return { action: 'answer', rcode: 'REFUSED', authoritative: false, answers: [], authorities: [] };
  }
  if (!SUPPORTED.has(qtype)) return { action: 'answer', rcode: 'NOTIMP', authoritative: true, answers: [], authorities: [] };
  if (qtype === 'SOA' && zone.origins.includes(qname)) {
    return { action: 'answer', rcode: 'NOERROR', authoritative: true, answers: soaFor(zone, qname), authorities: [] };
  }
  const answers: Answer[] = [];
  let current = qname;
  const seen = new Set<string>();
  for (let hop = 0; hop < 8; hop++) {
    seen.add(current);
    const here = zone.entries.filter((e) => e.name === current);
    const matching = qtype === 'ANY' ? here : here.filter((e) => e.type === qtype);
    if (matching.length > 0) {
      answers.push(...matching.map(toAnswer));
      return { action: 'answer', rcode: 'NOERROR', authoritative: true, answers, authorities: [] };
    }
    const cname = here.find((e): e is Extract<ZoneEntry, { type: 'CNAME' }> => e.type === 'CNAME');
    if (cname && qtype !== 'CNAME') {
      answers.push(toAnswer(cname));
      const next = normalizeName(cname.target);
      // a resolver continues outside our zones on its own; a loop ends the chain
      if (!zone.origins.some((o) => under(next, o)) || seen.has(next)) {
        return { action: 'answer', rcode: 'NOERROR', authoritative: true, answers, authorities: [] };
      }
      current = next;
      continue;
    }
    const exists = zone.entries.some((e) => under(e.name, current)) || zone.origins.includes(current);
    return {
      action: 'answer',
      rcode: exists ? 'NOERROR' : 'NXDOMAIN',
      authoritative: true,
      answers,
      authorities: soaFor(zone, current),
    };
  }
  return { action: 'answer', rcode: 'SERVFAIL', authoritative: false, answers: [], authorities: [] };
}
