import { defineRule } from '../types.js';
import { lookupList, resolverOf } from '../../evidence/derive/resolver.js';
import { offNetworkRemediation, RECONNECT } from './_off-network.js';

export default defineRule({
  meta: {
    id: 'dns/resolver-timeout',
    category: 'dns',
    rootCause: 'dns-resolver-timeout',
    severity: 'error',
    title: 'DNS questions get answers in time',
    failureTitle: 'Every DNS lookup timed out',
    description: 'When every DNS question times out, nothing is known about the SIP domain: a timeout proves only that no answer came back (network down, DNS blocked, VPN not connected), never that records are missing.',
    messages: {
      timeout: 'Every DNS question to {server} timed out: no answer came back at all. Tried {count}: {names}.',
    },
    remediation: {
      summary: RECONNECT,
      steps: ['Check that this computer is online, connect to the company network or VPN, and run the check again.'],
      audience: 'user',
    },
    requires: ['dns.lookup', 'client.account'],
    docs: { evidenceUsed: 'Every DNS answer of a live check: each question timed out, none got NOERROR or NXDOMAIN.' },
  },
  check(ev) {
    const r = resolverOf(ev);
    if (r.kind === 'none') return { status: 'inconclusive', reason: 'no DNS lookup was observed' };
    if (r.kind !== 'timeout') return { status: 'pass' };
    return {
      status: 'fail',
      problems: [{
        messageId: 'timeout',
        data: { server: r.server, count: r.failed.length, names: lookupList(r.failed) },
        evidence: r.failed,
        confidence: 'inferred',
        remediation: offNetworkRemediation({
          failed: r.failed, server: r.server,
          extra: ['If a firewall or a hotel / guest network blocks DNS, use another network.'],
          settle: 'any DNS answer (NOERROR or NXDOMAIN) from the company DNS server; a longer --timeout tells a slow resolver from a silent one.',
        }),
      }],
    };
  },
});
