/**
 * The last word before the verdict: advice and confidence never contradict the evidence they sit
 * next to. Rules build their remediation from their own slice of the evidence; this one guard sees
 * all of it and, for every finding:
 * - drops a Server[:Port] value whose host the evidence shows unresolvable, or whose host:port it
 *   shows unreachable (timed out / no route), with the steps that recommend it, and says why;
 * - drops a Server[:Port] value that does not belong to the deployment (no name of the SIP domain,
 *   of the configured server's domain, or that DNS / autodiscover / the registrar named: e.g. the
 *   name on a middlebox's certificate);
 * - drops a guessed Login (`CORP\alice` made up from the address) when the Login is blank, and
 *   says "keep your Login as it is" instead: a placeholder is not a value to type;
 * - marks as inferred a confirmed finding that rests on a wait the check's own budget cut off.
 * Pure: findings and evidence in, findings out.
 */
import type { Observation } from '../evidence/kinds.js';
import type { EvidenceSet } from '../evidence/set.js';
import { accountOf } from '../evidence/derive/account.js';
import { parentDomain } from '../evidence/derive/resolver.js';
import { guessDomainLogin } from '../protocol/account-settings.js';
import { hostOf, inDomain, isIpLiteral, normalizeHost, splitHostPort } from '../protocol/hosts.js';
import type { SettingChange } from '../protocol/account-settings.js';
import type { Remediation } from '../rules/types.js';
import type { DraftFinding } from './types.js';

interface Facts {
  /** host → why it does not resolve (`A NXDOMAIN`) */
  unresolvable: Map<string, string>;
  /** `host:port` → why it cannot be reached (`connect timeout`) */
  unreachable: Map<string, string>;
  /** names the deployment itself uses */
  belongs(host: string): boolean;
  /** the guessed `DOMAIN\user` when the Login is blank */
  guessedLogin?: string;
  /** observation ids of waits the check's budget cut off (set only when it did) */
  cutByBudget?: Set<string>;
}

const FAILED_LOOKUP = new Set(['nxdomain', 'nodata', 'servfail', 'timeout', 'refused', 'unreachable', 'error']);

/** A wait that ends the same way whether the server is silent or the check stopped waiting. */
function isWait(o: Observation): boolean {
  switch (o.kind) {
    case 'dns.lookup': return o.data.outcome === 'timeout';
    case 'tcp.connect': case 'tls.handshake': case 'proxy.event': return o.data.outcome === 'timeout';
    case 'sip.register': case 'sip.user-agent-test': return o.data.outcome === 'no-response';
    case 'autodiscover.response': case 'http.exchange': return o.data.outcome === 'timeout';
    default: return false;
  }
}

function factsOf(ev: EvidenceSet): Facts {
  const list = ev.list();
  const a = accountOf(ev);
  const resolved = new Set<string>();
  const unresolvable = new Map<string, string>();
  for (const o of list) {
    if (o.kind !== 'dns.lookup' || (o.data.type !== 'A' && o.data.type !== 'AAAA')) continue;
    const h = normalizeHost(o.data.name);
    if (o.data.outcome === 'ok' && o.data.answers.length) resolved.add(h);
    else if (FAILED_LOOKUP.has(o.data.outcome) && !unresolvable.has(h)) unresolvable.set(h, `${o.data.type} ${o.data.outcome.toUpperCase()}`);
  }
  for (const o of list) {
    if (o.kind === 'discovery.event' && o.data.event === 'unresolvable' && o.data.host) {
      const h = normalizeHost(o.data.host);
      if (!unresolvable.has(h)) unresolvable.set(h, o.data.detail ?? 'does not resolve');
    }
  }
  for (const h of resolved) unresolvable.delete(h);

  const connected = new Set<string>();
  const unreachable = new Map<string, string>();
  for (const o of list) {
    if (o.kind !== 'tcp.connect' || o.data.purpose === 'http') continue;
    const key = `${normalizeHost(o.data.host)}:${o.data.port}`;
    if (o.data.outcome === 'ok') connected.add(key);
    else if (o.data.outcome === 'timeout' || o.data.outcome === 'unreachable') unreachable.set(key, `connecting ${o.data.outcome === 'timeout' ? 'timed out' : 'found no route'}`);
  }
  for (const k of connected) unreachable.delete(k);

  // names the deployment itself uses: its domains, and every host DNS, autodiscover or SIP named
  const domains = [a.domain, a.serverHost && !isIpLiteral(a.serverHost) ? parentDomain(a.serverHost) ?? a.serverHost : undefined].filter((d): d is string => !!d);
  const named = new Set<string>([...(a.serverHost ? [normalizeHost(a.serverHost)] : [])]);
  for (const o of list) {
    if (o.kind === 'dns.lookup') {
      named.add(normalizeHost(o.data.name));
      for (const x of o.data.answers) if (x.target) named.add(normalizeHost(x.target));
      for (const c of o.data.cnames ?? []) named.add(normalizeHost(c));
    } else if (o.kind === 'discovery.event' && o.data.host) named.add(normalizeHost(o.data.host));
    else if (o.kind === 'autodiscover.response') {
      for (const s of [o.data.sipInternal, o.data.sipExternal]) if (s) named.add(hostOf(s));
    } else if (o.kind === 'sip.register') {
      if (o.data.registrar) named.add(hostOf(o.data.registrar));
      const contact = o.data.contact ? /sips?:(?:[^@;>]*@)?([^;>]+)/i.exec(o.data.contact)?.[1] : undefined;
      if (contact) named.add(hostOf(contact));
    } else if (o.kind === 'transport.event' && o.data.host) named.add(normalizeHost(o.data.host));
  }
  const belongs = (host: string): boolean => {
    const h = normalizeHost(host);
    return named.has(h) || domains.some((d) => inDomain(h, d));
  };

  const guess = a.login ? undefined : guessDomainLogin(a.signinName, a.domain);
  const stop = list.find((o) => o.kind === 'check.stopped' && o.data.reason === 'budget');
  const cutByBudget = stop ? new Set(list.filter(isWait).map((o) => o.id)) : undefined;
  return { unresolvable, unreachable, belongs, ...(guess ? { guessedLogin: guess } : {}), ...(cutByBudget ? { cutByBudget } : {}) };
}

/** Why a Server[:Port] value must not be recommended, or undefined when it may be. */
function serverProblem(value: string, f: Facts): string | undefined {
  if (value.trim() === '') return undefined; // clearing the field (auto-discovery) is always allowed
  const { host, port } = splitHostPort(value);
  const h = normalizeHost(host);
  const unresolved = f.unresolvable.get(h);
  if (unresolved) return `${h} does not resolve from this computer (${unresolved})`;
  const blocked = port !== undefined ? f.unreachable.get(`${h}:${port}`) : undefined;
  if (blocked) return `${h}:${port} cannot be reached from this computer (${blocked})`;
  if (!f.belongs(h)) return `${h} is not a name of this deployment (e.g. the name on a certificate presented by a proxy or another server)`;
  return undefined;
}

const mentions = (text: string, value: string): boolean => value !== '' && text.toLowerCase().includes(value.toLowerCase());

function guardRemediation(r: Remediation, f: Facts): Remediation {
  let summary = r.summary;
  let steps = [...r.steps];
  const settings: SettingChange[] = [];
  const added: string[] = [];
  for (const s of r.settings ?? []) {
    const problem = s.key === 'server' ? serverProblem(s.value, f) : undefined;
    const placeholder = s.key === 'login' && f.guessedLogin !== undefined && s.value === f.guessedLogin;
    if (!problem && !placeholder) {
      settings.push(s);
      continue;
    }
    const host = s.key === 'server' ? splitHostPort(s.value).host : s.value;
    steps = steps.filter((t) => !mentions(t, s.value) && !mentions(t, host));
    if (problem) {
      if (mentions(summary, s.value) || mentions(summary, host)) summary = 'Ask your administrator which server name and port to enter in Server[:Port].';
      added.push(`Do not enter ${s.value} in Server[:Port]: ${problem}. Ask your administrator which server name and port to use.`);
    } else {
      if (mentions(summary, s.value)) summary = 'Re-enter the password, and keep your Login as it is.';
      added.push('Keep your Login as it is; change it only to the exact DOMAIN\\user or user principal name your administrator gives you.');
    }
  }
  if (!added.length) return r;
  const { settings: _dropped, ...rest } = r;
  return { ...rest, summary, steps: [...steps, ...added], ...(settings.length ? { settings } : {}) };
}

/** Findings whose advice and confidence agree with all of the evidence (see the file comment). */
export function guardFindings(drafts: readonly DraftFinding[], ev: EvidenceSet): DraftFinding[] {
  if (!drafts.length) return [...drafts];
  const f = factsOf(ev);
  return drafts.map((d) => {
    const remediation = guardRemediation(d.remediation, f);
    const cut = f.cutByBudget && d.confidence === 'confirmed' && d.evidence.some((e) => f.cutByBudget!.has(e.id));
    if (remediation === d.remediation && !cut) return d;
    return {
      ...d,
      remediation,
      ...(cut ? { confidence: 'inferred' as const, explanation: `${d.explanation} (The check's own --budget ran out during this wait, so it is not proven.)` } : {}),
    };
  });
}
