import { defineRule } from '../types.js';
import { lookupList, resolverOf } from '../../evidence/derive/resolver.js';
import { offNetworkRemediation, RECONNECT } from './_off-network.js';

export default defineRule({
  meta: {
    id: 'dns/resolver-unreachable',
    category: 'dns',
    rootCause: 'dns-resolver-unreachable',
    severity: 'error',
    title: 'The DNS server answers',
    failureTitle: 'The DNS server could not be reached',
    description: 'When no DNS question gets an answer because the resolver cannot be reached (no network, no route, nothing listening) or refuses or fails every question, nothing is known about the SIP domain: missing records are not proven, and the usual cause is being offline or off the company network.',
    messages: {
      network: 'No DNS question got an answer: the resolver {server} could not be reached ({error}). Tried {count}: {names}.',
      refused: 'The resolver {server} refused every DNS question (REFUSED): it does not resolve names for this computer. Tried {count}: {names}.',
      servfail: 'The resolver {server} answered SERVFAIL to every DNS question: it could not reach the DNS servers behind it, as when the network or VPN is down. Tried {count}: {names}.',
    },
    remediation: {
      summary: RECONNECT,
      steps: ['Check that this computer is online, connect to the company network or VPN, and run the check again.'],
      audience: 'user',
    },
    requires: ['dns.lookup', 'client.account'],
    docs: { evidenceUsed: 'Every DNS answer of a live check: ICMP / socket errors (ECONNREFUSED, no route), REFUSED or SERVFAIL for every question, and no NOERROR or NXDOMAIN at all.' },
  },
  check(ev) {
    const r = resolverOf(ev);
    if (r.kind === 'none') return { status: 'inconclusive', reason: 'no DNS lookup was observed' };
    if (r.kind !== 'unreachable') return { status: 'pass' };
    return {
      status: 'fail',
      problems: [{
        messageId: r.how,
        data: { server: r.server, error: r.error ?? 'no route or nothing listening', count: r.failed.length, names: lookupList(r.failed) },
        evidence: r.failed,
        // a socket error or a resolver's refusal says nothing about the deployment
        confidence: 'inferred',
        remediation: offNetworkRemediation({
          failed: r.failed, server: r.server,
          extra: r.how === 'network' ? ['Check that this computer is online at all (open any web page).'] : [],
          settle: 'the same check getting DNS answers, from inside the company network or with --dns-server set to the company DNS server.',
        }),
      }],
    };
  },
});
