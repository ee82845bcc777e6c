/**
 * What the DNS answers say about the resolver itself, before any of them is read as a fact about
 * the deployment: did any question get a protocol answer at all (NOERROR / NXDOMAIN / NODATA)? If
 * none did, the resolver was unreachable, refused or failed every question, or every question
 * timed out: nothing is known about the SIP records. If the domain itself is NXDOMAIN and no name
 * in it answered, this resolver does not know the domain (typical off VPN / with split DNS). Only
 * otherwise do missing records mean the records are missing.
 *
 * Only DNS answers seen on the wire count (a live check's lookups): a client log shows libpurple's
 * getaddrinfo text, which says "Name or service not known" for NXDOMAIN and NODATA alike and
 * "Temporary failure" for a timeout, a SERVFAIL and an unreachable resolver alike.
 */
import type { DnsLookup } from '../kinds.js';
import type { EvidenceSet } from '../set.js';
import { inDomain, isIpLiteral, normalizeHost } from '../../protocol/hosts.js';
import { accountOf } from './account.js';
import { defineView, derive } from './define.js';

export type ResolverState =
  /** no DNS lookup was observed */
  | { kind: 'none' }
  /** the resolver answered at least one question about the domain(s) concerned */
  | { kind: 'answering' }
  /** no question got a protocol answer and at least one could not reach the resolver (or all were refused / SERVFAIL) */
  | { kind: 'unreachable'; how: 'network' | 'refused' | 'servfail'; failed: readonly DnsLookup[]; server: string; error?: string }
  /** no question got any answer: every one timed out (or timed out and failed otherwise) */
  | { kind: 'timeout'; failed: readonly DnsLookup[]; server: string }
  /** the domain itself is NXDOMAIN and no name in it answered */
  | { kind: 'domain-unknown'; domain: string; proof: readonly DnsLookup[]; failed: readonly DnsLookup[]; server: string };

/** NOERROR (with or without data) or NXDOMAIN: the resolver said something about the name. */
export function isProtocolAnswer(l: DnsLookup): boolean {
  return l.data.outcome === 'ok' || l.data.outcome === 'nodata' || l.data.outcome === 'nxdomain';
}

/** A lookup whose outcome is the DNS answer itself (a probe asked the resolver), not a log's paraphrase. */
export const onTheWire = (l: DnsLookup): boolean => l.source.type === 'probe';

/** The name exists: NOERROR, with or without records of the type asked. */
const exists = (l: DnsLookup): boolean => l.data.outcome === 'ok' || l.data.outcome === 'nodata';

/** `sip.corp.example` → `corp.example`; undefined for a name of two labels or fewer, or an address. */
export function parentDomain(host: string): string | undefined {
  const h = normalizeHost(host);
  if (isIpLiteral(h)) return undefined;
  const labels = h.split('.');
  return labels.length > 2 ? labels.slice(1).join('.') : undefined;
}

const serverOf = (ls: readonly DnsLookup[]): string => [...new Set(ls.map((l) => l.data.server).filter((s): s is string => !!s))].join(', ') || 'the resolver';

export const RESOLVER_VIEW = defineView<ResolverState>({
  id: 'resolver',
  requires: ['dns.lookup'],
  optional: ['client.account'],
  compute(ev) {
    const lookups = ev.all('dns.lookup').filter(onTheWire);
    if (!lookups.length) return { kind: 'none' };
    const server = serverOf(lookups);
    if (!lookups.some(isProtocolAnswer)) {
      const outcomes = new Set(lookups.map((l) => l.data.outcome));
      const unreachable = lookups.find((l) => l.data.outcome === 'unreachable');
      if (unreachable) return { kind: 'unreachable', how: 'network', failed: lookups, server, ...(unreachable.data.error ? { error: unreachable.data.error } : {}) };
      if (outcomes.has('timeout')) return { kind: 'timeout', failed: lookups, server };
      if ([...outcomes].every((o) => o === 'refused')) return { kind: 'unreachable', how: 'refused', failed: lookups, server };
      if ([...outcomes].every((o) => o === 'servfail' || o === 'refused')) return { kind: 'unreachable', how: 'servfail', failed: lookups, server };
      const error = lookups.find((l) => l.data.error)?.data.error;
      return { kind: 'unreachable', how: 'network', failed: lookups, server, ...(error ? { error } : {}) };
    }
    // the domains whose existence decides: the SIP domain, and the domain of a Server[:Port] host
    const a = (ev.declared() ?? ['client.account']).includes('client.account') && ev.has('client.account') ? accountOf(ev) : {};
    const domains = [...new Set([a.domain, a.serverHost ? parentDomain(a.serverHost) : undefined].filter((d): d is string => !!d).map(normalizeHost))];
    for (const d of domains) {
      const proof = lookups.filter((l) => normalizeHost(l.data.name) === d && l.data.outcome === 'nxdomain');
      if (!proof.length) continue;
      const inside = lookups.filter((l) => inDomain(l.data.name, d));
      if (inside.some(exists)) continue;
      return { kind: 'domain-unknown', domain: d, proof, failed: inside, server: serverOf(inside) };
    }
    return { kind: 'answering' };
  },
});

/** The resolver's state for this evidence (the caller must declare `dns.lookup`; `client.account` when it has it). */
export const resolverOf = (ev: EvidenceSet): ResolverState => derive(RESOLVER_VIEW, ev);

/** `name (TYPE OUTCOME)` for a report line. */
export function lookupLabel(l: DnsLookup): string {
  return `${l.data.name} (${l.data.type} ${l.data.outcome.toUpperCase()})`;
}

/** The lookups in words, at most `max` of them named. */
export function lookupList(ls: readonly DnsLookup[], max = 8): string {
  const named = ls.slice(0, max).map(lookupLabel).join(', ');
  return ls.length > max ? `${named} and ${ls.length - max} more` : named;
}
