import type { DnsLookup, Observation } from '../../evidence/kinds.js';
import type { EvidenceSet } from '../../evidence/set.js';
import { defineRule } from '../types.js';
import type { Remediation } from '../types.js';
import { accountOf } from '../../evidence/derive/account.js';
import { GENERIC_CONNECT_ERRORS, quoteError, startsWithAny } from '../common/client-error.js';
import { progressOf } from '../../evidence/derive/progress.js';
import { discoveryNames, srvNameDomain } from '../../protocol/discovery.js';
import { normalizeHost } from '../../protocol/hosts.js';
import { isProtocolAnswer, lookupList, onTheWire, resolverOf } from '../../evidence/derive/resolver.js';

const FAILED = new Set<DnsLookup['data']['outcome']>(['nxdomain', 'nodata']);

const isCandidateName = (name: string, domain: string): boolean => discoveryNames(domain).includes(normalizeHost(name));

/**
 * `sipUnresolvable`: the evidence shows sip.<domain> does not resolve, so it is not offered as the
 * Server value (the admin records below still create it).
 */
function remediationFor(domain: string, sipUnresolvable = false): Remediation {
  const pool = `pool01.${domain}`;
  return {
    summary: `Ask the DNS administrator of ${domain} to publish the Lync/Skype for Business sign-in records; meanwhile enter the server by hand.`,
    steps: [
      sipUnresolvable
        ? `Meanwhile, ask your administrator for the front-end pool or Edge server name and port, and enter it in Pidgin under Accounts → Manage Accounts → Modify → Advanced → "Server[:Port]" (sip.${domain} does not resolve either, so it cannot be used until the records exist).`
        : `Meanwhile, in Pidgin open Accounts → Manage Accounts → Modify → Advanced and set "Server[:Port]" to sip.${domain}:443 (the Edge/external name) or, inside the company network, ${pool}:5061.`,
      ...(sipUnresolvable ? [] : [`${pool} is a placeholder: ask your administrator for the real front-end pool or Edge server name and port.`]),
      'Keep "Connection type" on Auto or SSL/TLS.',
      'Give your administrator the DNS records below.',
      'If this computer is outside the company network (no VPN), run the check again from inside first: the company\'s internal DNS often publishes sign-in records that public DNS does not.',
    ],
    audience: 'admin',
    ...(sipUnresolvable ? {} : { settings: [{ field: 'Server[:Port]', key: 'server', value: `sip.${domain}:443`, tab: 'Advanced' as const }] }),
    adminActions: [
      `_sipinternaltls._tcp.${domain}. 86400 IN SRV 0 0 5061 ${pool}.   (internal: front-end pool)`,
      `_sip._tls.${domain}. 86400 IN SRV 0 0 443 sip.${domain}.   (external: Access Edge)`,
      `lyncdiscoverinternal.${domain}. 86400 IN CNAME <internal web services FQDN>.   (internal autodiscover)`,
      `lyncdiscover.${domain}. 86400 IN CNAME <reverse proxy FQDN>.   (external autodiscover; or an A record)`,
      `sip.${domain}. 86400 IN A <Access Edge or front-end IP address>`,
      `Each SRV target must be a host in ${domain} and covered by the server certificate.`,
    ],
  };
}

export default defineRule({
  meta: {
    id: 'dns/missing-sip-records',
    category: 'dns',
    rootCause: 'dns-no-sip-records',
    severity: 'error',
    title: 'DNS leads to a SIP server for the SIP domain',
    failureTitle: 'No DNS record leads to a SIP server for the SIP domain',
    description: 'With an empty Server field SIPE finds the server through Lync autodiscover, SRV and A records of the SIP domain. When none exists it tries the bare domain, which is rarely a SIP server, and the later connection error hides the real cause.',
    messages: {
      fallback: 'SIPE found no Lync autodiscover, SRV or A record for {domain} and fell back to connecting to the bare domain {domain}.',
      fallbackThenError: 'SIPE found no Lync autodiscover, SRV or A record for {domain} and fell back to connecting to the bare domain {domain}; the later "{clientError}" is a consequence of that.',
      noRecords: 'None of the sign-in DNS names of {domain} exists: {names}.',
      noRecordsUnsure: 'None of the sign-in DNS names of {domain} resolved ({names}), but {unsure}: the records are probably missing, not proven missing.',
    },
    remediation: remediationFor('<domain>'),
    requires: ['client.account', 'discovery.event', 'dns.lookup', 'autodiscover.response', 'transport.event', 'tcp.connect', 'sip.register', 'client.error'],
    docs: { evidenceUsed: 'SIPE milestone `no SRV or A records found; using SIP domain as fallback`; DNS answers of a live check.', exampleLog: '(10:11:12) sipe: no SRV or A records found; using SIP domain as fallback' },
  },
  check(ev) {
    const accounts = ev.all('client.account');
    const a = accountOf(ev);
    const discovery = ev.all('discovery.event');
    const fallback = discovery.find((d) => d.data.event === 'a-none');
    const userServer = a.serverHost !== undefined || discovery.some((d) => d.data.event === 'user-specified');
    const errors = ev.all('client.error');
    const lookups = ev.all('dns.lookup');
    const domain = a.domain ?? fallback?.data.host ?? guessDomain(lookups);

    // no protocol answer at all, or the domain itself unknown to this resolver: the records are not
    // proven missing (dns/resolver-unreachable, dns/resolver-timeout, dns/domain-unknown explain it)
    const resolver = resolverOf(ev);
    if (resolver.kind !== 'none' && resolver.kind !== 'answering') {
      return { status: 'not-applicable', reason: `the resolver gave no usable answer (${resolver.kind}): nothing is known about the SIP records` };
    }
    const sure = certainty(lookups, domain);
    if (fallback && domain) {
      // records that exist but did not lead to a working server are another cause (an SRV target that
      // does not resolve, an unusable autodiscover answer, a refused port): their rules explain it
      const found = recordsFound(ev, fallback);
      if (found) return { status: 'not-applicable', reason: `SIPE fell back to the bare domain, but DNS did publish sign-in records (${found}); the rules about those records explain why they led nowhere` };
      const survived = progressOf(ev).progressedAfter(fallback);
      const err = errors.find((e) => startsWithAny(e, GENERIC_CONNECT_ERRORS)) ?? errors[0];
      const evidence: Observation[] = [fallback, ...discovery.filter((d) => d.data.event === 'srv-none' || d.data.event === 'autodiscover-none'), ...lookups.filter((l) => FAILED.has(l.data.outcome)), ...(err && !survived ? [err] : [])];
      return {
        status: 'fail',
        problems: [{
          messageId: err && !survived ? 'fallbackThenError' : 'fallback',
          data: { domain, ...(err && !survived ? { clientError: quoteError(err) } : {}) },
          evidence, severity: survived ? 'warning' : 'error', confidence: sure.confirmed ? 'confirmed' : 'inferred', remediation: remediationFor(domain, sipFailed(lookups, domain)),
        }],
      };
    }
    if (userServer) return { status: 'not-applicable', reason: 'the Server field is set, so SIPE does no DNS discovery' };
    if (!domain) return { status: 'inconclusive', reason: 'the SIP domain is not known' };
    const candidates = lookups.filter((l) => isCandidateName(l.data.name, domain));
    const srvLookups = candidates.filter((l) => l.data.type === 'SRV');
    const found = candidates.filter((l) => l.data.outcome === 'ok' && l.data.answers.length > 0);
    if (found.length) return { status: 'pass' };
    const answered = candidates.filter(isProtocolAnswer);
    if (srvLookups.some((l) => FAILED.has(l.data.outcome)) && answered.length && answered.every((l) => FAILED.has(l.data.outcome))) {
      const survived = ev.list().some((o) => o.kind === 'transport.event' && o.data.event === 'connected') || ev.all('sip.register').some((r) => r.data.status !== undefined);
      return {
        status: 'fail',
        problems: [{
          messageId: sure.confirmed ? 'noRecords' : 'noRecordsUnsure',
          data: { domain, names: candidates.map((l) => `${l.data.name} (${l.data.type} ${l.data.outcome.toUpperCase()})`).join(', '), ...(sure.confirmed ? {} : { unsure: sure.why }) },
          evidence: [...candidates, ...sure.evidence], severity: survived ? 'warning' : 'error', confidence: sure.confirmed ? 'confirmed' : 'inferred', remediation: remediationFor(domain, sipFailed(lookups, domain)),
        }],
      };
    }
    if (discovery.some((d) => d.data.event === 'candidate' || d.data.event === 'autodiscover-servers')) return { status: 'pass' };
    return { status: 'inconclusive', reason: 'DNS discovery was not observed' };
  },
});

/**
 * Are the records proven missing? Only when every sign-in name got an answer (NXDOMAIN / NODATA, no
 * timeout or SERVFAIL among them) and the domain itself is known to exist (NOERROR for it). Without
 * DNS answers seen on the wire (a log), SIPE's own milestone is the proof.
 */
function certainty(all: readonly DnsLookup[], domain: string | undefined): { confirmed: boolean; why: string; evidence: DnsLookup[] } {
  // only answers seen on the wire tell NXDOMAIN from NODATA from a timeout (a log's getaddrinfo text does not)
  const lookups = all.filter(onTheWire);
  if (!domain || !lookups.length) return { confirmed: true, why: '', evidence: [] };
  const candidates = lookups.filter((l) => isCandidateName(l.data.name, domain));
  const unanswered = candidates.filter((l) => !isProtocolAnswer(l));
  const domainLookups = lookups.filter((l) => normalizeHost(l.data.name) === normalizeHost(domain));
  const domainExists = domainLookups.some((l) => l.data.outcome === 'ok' || l.data.outcome === 'nodata');
  if (!unanswered.length && domainExists) return { confirmed: true, why: '', evidence: domainLookups };
  const why = [
    ...(unanswered.length ? [`${unanswered.length} question${unanswered.length === 1 ? '' : 's'} got no answer (${lookupList(unanswered, 4)})`] : []),
    ...(!domainExists ? [domainLookups.length ? `the answer for ${domain} itself was ${domainLookups.map((l) => l.data.outcome.toUpperCase()).join('/')}` : `${domain} itself was not looked up`] : []),
  ].join(' and ');
  return { confirmed: false, why, evidence: [...unanswered, ...domainLookups] };
}

/** What discovery found before falling back to the domain: SRV targets, A-stage hosts, an autodiscover answer. */
function recordsFound(ev: EvidenceSet, fallback: Observation): string | undefined {
  const srv = ev.all('dns.lookup').find((l) => l.data.type === 'SRV' && l.data.outcome === 'ok' && l.data.answers.some((x) => x.target));
  if (srv) return `${srv.data.name} → ${srv.data.answers.find((x) => x.target)?.target ?? ''}`;
  const list = ev.list();
  const before = list.slice(0, Math.max(0, list.indexOf(fallback)));
  const candidate = before.find((o) => o.kind === 'discovery.event' && o.data.event === 'candidate' && (o.data.via === 'srv' || o.data.via === 'a' || o.data.via === 'autodiscover'));
  if (candidate?.kind === 'discovery.event') return `${candidate.data.via === 'srv' ? 'SRV target' : candidate.data.via === 'a' ? 'host' : 'autodiscover server'} ${candidate.data.host ?? ''}`.trim();
  // without message bodies (no PURPLE_UNSAFE_DEBUG) the answer is not logged, but the lyncdiscover host resolving and accepting a connection is
  const isAutodiscoverHost = (h: string): boolean => /^lyncdiscover(?:internal)?\./i.test(h);
  const connected = ev.all('tcp.connect').find((c) => c.data.outcome === 'ok' && isAutodiscoverHost(c.data.host));
  if (connected) return `Lync autodiscover host ${connected.data.host} resolved and accepted the connection`;
  const resolved = ev.all('dns.lookup').find((l) => l.data.outcome === 'ok' && l.data.type !== 'SRV' && isAutodiscoverHost(l.data.name));
  if (resolved) return `Lync autodiscover host ${resolved.data.name} resolved`;
  const answered = ev.all('autodiscover.response').find((r) => r.data.status !== undefined);
  if (answered) return `Lync autodiscover at ${answered.data.url} answered HTTP ${answered.data.status ?? ''}`;
  return undefined;
}

/** sip.<domain> was looked up and did not resolve. */
function sipFailed(lookups: readonly DnsLookup[], domain: string): boolean {
  const own = lookups.filter((l) => normalizeHost(l.data.name) === `sip.${normalizeHost(domain)}` && l.data.type === 'A');
  return own.length > 0 && !own.some((l) => l.data.outcome === 'ok' && l.data.answers.length > 0);
}

function guessDomain(lookups: readonly DnsLookup[]): string | undefined {
  for (const l of lookups) {
    const domain = srvNameDomain(l.data.name);
    if (domain !== undefined) return domain;
  }
  return undefined;
}
