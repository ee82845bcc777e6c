import type { Observation } from '../../evidence/kinds.js';
import { defineRule } from '../types.js';
import type { Problem, Remediation } from '../types.js';
import { accountOf } from '../../evidence/derive/account.js';
import { isExactly, quoteError } from '../common/client-error.js';
import { progressOf } from '../../evidence/derive/progress.js';
import { isIpLiteral, normalizeHost } from '../../protocol/hosts.js';
import { isProtocolAnswer, resolverOf } from '../../evidence/derive/resolver.js';

const NOT_FOUND = new Set(['nxdomain', 'nodata', 'servfail']);

export default defineRule({
  meta: {
    id: 'dns/unresolvable-host',
    category: 'dns',
    rootCause: 'dns-host-unresolvable',
    severity: 'error',
    title: 'Server host names resolve',
    failureTitle: 'A server host name does not resolve',
    description: 'SIPE can only connect to a host whose name resolves. A wrong Server field, or an SRV record pointing at a name without an A record, stops sign-in at DNS.',
    messages: {
      serverSetting: 'The host {host} from the Server[:Port] field does not resolve in DNS ({outcome}).',
      srvTarget: 'The SRV record {srv} points at {host}, which does not resolve in DNS ({outcome}).',
      candidate: 'The server {host} does not resolve in DNS ({outcome}).',
      clientText: 'SIPE reported "{clientError}": a server host name did not resolve (the log does not show which).',
    },
    remediation: {
      summary: 'Correct the host name, or have the DNS administrator add the missing A record.',
      steps: ['Check the spelling of the Server[:Port] field, or clear it to use auto-discovery.', 'Ask the DNS administrator to add an A record for every SRV target.'],
      audience: 'admin',
    },
    requires: ['client.account', 'discovery.event', 'dns.lookup', 'transport.event', 'tcp.connect', 'tls.handshake', 'sip.register', 'client.error'],
  },
  check(ev) {
    const accounts = ev.all('client.account');
    const a = accountOf(ev);
    const lookups = ev.all('dns.lookup');
    // the resolver answered nothing, or does not know the domain: no host name is proven wrong
    // (dns/resolver-unreachable, dns/resolver-timeout, dns/domain-unknown say so)
    const resolver = resolverOf(ev);
    if (resolver.kind !== 'none' && resolver.kind !== 'answering') {
      return { status: 'not-applicable', reason: `the resolver gave no usable answer (${resolver.kind})` };
    }
    const discovery = ev.all('discovery.event');
    const fallbackToDomain = discovery.some((d) => d.data.event === 'a-none');
    const serverHost = a.serverHost ? normalizeHost(a.serverHost) : undefined;
    const srvTargets = new Map<string, Observation>();
    for (const l of lookups) {
      if (l.data.type !== 'SRV' || l.data.outcome !== 'ok') continue;
      // the first SRV name (SIPE's order) that names the host is the one to fix first
      for (const ans of l.data.answers) if (ans.target && !srvTargets.has(normalizeHost(ans.target))) srvTargets.set(normalizeHost(ans.target), l);
    }
    for (const d of discovery) if (d.data.via === 'srv' && d.data.host) srvTargets.set(normalizeHost(d.data.host), srvTargets.get(normalizeHost(d.data.host)) ?? d);
    const candidates = new Set<string>([...(serverHost ? [serverHost] : []), ...srvTargets.keys(),
      ...discovery.filter((d) => d.data.host && (d.data.event === 'candidate' || d.data.event === 'user-specified') && d.data.via !== 'domain' && d.data.via !== 'a').map((d) => normalizeHost(d.data.host ?? ''))]);

    // a name is unresolvable when a lookup failed and none of its lookups answered
    const failures = new Map<string, Observation[]>();
    // only names SIPE was told to use count: lyncdiscover* and the A-stage names (sipinternal, sip, …)
    // are optional probes whose absence is normal, and the bare domain is dns/missing-sip-records'
    for (const d of discovery) {
      const h = d.data.host ? normalizeHost(d.data.host) : undefined;
      if (d.data.event === 'unresolvable' && h && candidates.has(h)) failures.set(h, [...(failures.get(h) ?? []), d]);
    }
    for (const l of lookups) {
      if ((l.data.type === 'A' || l.data.type === 'AAAA' || l.data.type === 'ANY') && NOT_FOUND.has(l.data.outcome)) {
        const h = normalizeHost(l.data.name);
        if (candidates.has(h)) failures.set(h, [...(failures.get(h) ?? []), l]);
      }
    }
    const problems: Problem<'serverSetting' | 'srvTarget' | 'candidate' | 'clientText'>[] = [];
    for (const [host, obs] of failures) {
      if (isIpLiteral(host)) continue;
      const own = lookups.filter((l) => normalizeHost(l.data.name) === host);
      if (own.some((l) => l.data.outcome === 'ok' && l.data.answers.length > 0)) continue;
      // only timeouts or unreachable-resolver errors for this name: nothing says it does not exist
      if (own.length && !own.some((l) => isProtocolAnswer(l) || l.data.outcome === 'servfail')) continue;
      if (fallbackToDomain && a.domain && host === normalizeHost(a.domain)) continue; // dns/missing-sip-records explains it
      const last = obs[obs.length - 1]!;
      const survived = progressOf(ev).progressedAfter(last);
      const outcome = obs.map((o) => (o.kind === 'dns.lookup' ? o.data.outcome.toUpperCase() : o.kind === 'discovery.event' ? o.data.detail ?? 'not resolved' : '')).filter(Boolean)[0] ?? 'not resolved';
      const srv = srvTargets.get(host);
      // a failure read from a translated line (no English resolver text): inferred
      const translated = obs.some((o) => o.kind === 'dns.lookup' && o.data.basis === 'translated-text');
      const base = { evidence: [...obs, ...(srv ? [srv] : [])], severity: survived ? 'warning' as const : 'error' as const, confidence: translated ? 'inferred' as const : 'confirmed' as const };
      if (host === serverHost) {
        const rem: Remediation = {
          summary: `Correct the Server[:Port] field: ${host} does not exist in DNS.`,
          steps: [`In Pidgin open Accounts → Manage Accounts → Modify → Advanced and fix the spelling of "${a.server}", or clear the field so SIPE discovers the server itself.`],
          audience: 'user',
          settings: [{ field: 'Server[:Port]', key: 'server', value: '', tab: 'Advanced' }],
        };
        problems.push({ messageId: 'serverSetting', data: { host, outcome }, ...base, evidence: [...base.evidence, ...accounts.filter((x) => x.data.server)], remediation: rem });
      } else if (srv) {
        const srvName = srv.kind === 'dns.lookup' ? srv.data.name : `SRV record of ${a.domain ?? 'the domain'}`;
        problems.push({
          messageId: 'srvTarget', data: { host, outcome, srv: srvName }, ...base,
          remediation: { summary: `Add an A record for ${host}, or point ${srvName} at an existing host.`, steps: [`Ask the DNS administrator to publish ${host}. IN A <server address>.`], audience: 'admin', adminActions: [`${host}. 86400 IN A <front-end pool or Edge address>`] },
        });
      } else {
        problems.push({ messageId: 'candidate', data: { host, outcome }, ...base, remediation: { summary: `Make ${host} resolve, or enter a server that does.`, steps: [`Ask the DNS administrator why ${host} does not resolve.`, 'Meanwhile set Server[:Port] on the Advanced tab to a server name your administrator gives you.'], audience: 'admin' } });
      }
    }
    if (problems.length) return { status: 'fail', problems };
    const legacy = ev.all('client.error').filter((e) => isExactly(e, ['Could not resolve hostname']));
    if (legacy.length) return { status: 'fail', problems: legacy.map((e) => ({ messageId: 'clientText', data: { clientError: quoteError(e) }, evidence: [e], confidence: 'inferred' as const })) };
    if (candidates.size || lookups.length) return { status: 'pass' };
    return { status: 'inconclusive', reason: 'no host name resolution was observed' };
  },
});
