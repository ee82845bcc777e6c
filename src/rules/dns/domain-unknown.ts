import { defineRule } from '../types.js';
import { accountOf } from '../../evidence/derive/account.js';
import { lookupList, resolverOf } from '../../evidence/derive/resolver.js';
import { normalizeHost } from '../../protocol/hosts.js';
import { offNetworkRemediation, RECONNECT } from './_off-network.js';

export default defineRule({
  meta: {
    id: 'dns/domain-unknown',
    category: 'dns',
    rootCause: 'dns-domain-unknown',
    severity: 'error',
    title: 'The resolver knows the SIP domain',
    failureTitle: 'The resolver does not know the domain at all',
    description: 'A resolver outside the company network (home, hotel, public DNS) answers NXDOMAIN for an internal domain and every name in it (split DNS). That is not proof that the sign-in records are missing: the company\'s own DNS may publish them.',
    messages: {
      domain: 'The resolver {server} answers that {domain} itself does not exist (NXDOMAIN), and no sign-in name in it resolved: {names}. A resolver outside the company network says this about an internal domain.',
      server: 'The Server[:Port] host {host} does not resolve, and neither does its domain {domain} (NXDOMAIN at {server}): {names}. A resolver outside the company network says this about an internal domain; the host name may well be right.',
    },
    remediation: {
      summary: RECONNECT,
      steps: ['Connect to the company network or VPN and run the check again.'],
      audience: 'user',
    },
    requires: ['dns.lookup', 'client.account'],
    docs: { evidenceUsed: 'DNS answers of a live check: NXDOMAIN for the SIP domain (or the domain of the Server[:Port] host) itself, and no name in it that resolves.' },
  },
  check(ev) {
    const r = resolverOf(ev);
    if (r.kind === 'none') return { status: 'inconclusive', reason: 'no DNS lookup was observed' };
    if (r.kind !== 'domain-unknown') return { status: 'pass' };
    const a = accountOf(ev);
    const host = a.serverHost ? normalizeHost(a.serverHost) : undefined;
    const viaServer = host !== undefined && r.failed.some((l) => normalizeHost(l.data.name) === host);
    const accounts = ev.all('client.account').filter((o) => o.data.server);
    return {
      status: 'fail',
      problems: [{
        messageId: viaServer ? 'server' : 'domain',
        data: { server: r.server, domain: r.domain, names: lookupList(r.failed), ...(host ? { host } : {}) },
        evidence: [...r.failed, ...(viaServer ? accounts : [])],
        // NXDOMAIN proves what this resolver knows, not what the company's DNS publishes
        confidence: 'inferred',
        remediation: offNetworkRemediation({
          failed: r.failed, server: r.server,
          extra: ['If you are already connected, ask the administrator whether this computer uses the company\'s DNS servers (a VPN that does not set them gives the same answer).'],
          settle: `an answer for ${r.domain} from the company's DNS (inside the network, or --dns-server <company DNS server>): NXDOMAIN there too would mean the name is wrong.`,
        }),
      }],
    };
  },
});
