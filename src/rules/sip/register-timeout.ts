import { defineRule } from '../types.js';
import { isExactly, quoteError } from '../common/client-error.js';

const NO_REASON = 'Service unavailable: no reason given';

export default defineRule({
  meta: {
    id: 'sip/register-timeout',
    category: 'sip',
    rootCause: 'register-timeout',
    severity: 'error',
    title: 'The server answers REGISTER',
    failureTitle: 'The server never answered REGISTER',
    description: 'SIPE waits 60 s for each REGISTER answer and gives up after 6 attempts. A server that accepts the connection but never answers is not a working Lync registrar on that port, or something between drops SIP.',
    messages: {
      noAnswer: '{registrar} accepted the connection but never answered REGISTER ({count} unanswered).',
      clientText: 'SIPE reported "{clientError}", which it shows when REGISTER stays unanswered (or a 503 carries no reason).',
    },
    remediation: {
      summary: 'Make sure Server[:Port] names a Lync / Skype for Business SIP port, and have the administrator check what drops SIP.',
      steps: [
        'Check Server[:Port] and Connection type on the Advanced tab: Lync front ends answer SIP on 5061 (TLS), Edge servers on 443; a web server port never answers SIP.',
        'Ask the administrator whether a firewall, IPS or load balancer drops SIP on that port.',
      ],
      audience: 'admin',
    },
    requires: ['sip.register', 'client.error'],
  },
  check(ev) {
    const regs = ev.all('sip.register');
    const unanswered = regs.filter((r) => r.data.outcome === 'no-response');
    const answeredAfter = unanswered.length > 0 && regs.slice(regs.indexOf(unanswered[unanswered.length - 1]!) + 1).some((r) => r.data.status !== undefined);
    const errors = ev.all('client.error').filter((e) => isExactly(e, [NO_REASON]));
    if (unanswered.length && !answeredAfter) {
      const last = unanswered[unanswered.length - 1]!;
      return { status: 'fail', problems: [{ messageId: 'noAnswer', data: { registrar: last.data.registrar ?? 'The server', count: unanswered.length }, evidence: [...unanswered, ...errors], confidence: 'confirmed' }] };
    }
    if (errors.length && !regs.some((r) => r.data.status === 503)) {
      return { status: 'fail', problems: errors.map((e) => ({ messageId: 'clientText', data: { clientError: quoteError(e) }, evidence: [e], confidence: 'inferred' as const })) };
    }
    if (regs.length || ev.all('client.error').length) return { status: 'pass' };
    return { status: 'inconclusive', reason: 'no REGISTER was observed' };
  },
});
