import { defineRule } from '../types.js';
import { detailAfter, quoteError } from '../common/client-error.js';
import { serverSaid } from '../../protocol/sip-status.js';

export default defineRule({
  meta: {
    id: 'sip/server-error',
    category: 'sip',
    rootCause: 'server-error',
    severity: 'error',
    title: 'The server handles REGISTER',
    failureTitle: 'The server answered REGISTER with a server error',
    description: 'A 5xx answer means the server side failed: services down, pool overloaded, or an Edge that cannot reach the front end. 503 and repeated 504 end sign-in with "Service unavailable"; a 500 leaves the account stuck at Connecting.',
    messages: {
      serverError: 'The server answered REGISTER with {serverSaid}.',
      clientText: 'SIPE reported "{clientError}": the server is unavailable ({reason}).',
    },
    remediation: {
      summary: 'Retry later and report the server error (with the ms-diagnostics code) to the administrator.',
      steps: ['This is a server-side problem; try again later.', 'Give the administrator the time of the attempt and the ms-diagnostics code shown above.'],
      audience: 'admin',
    },
    requires: ['sip.register', 'client.error'],
  },
  check(ev) {
    const regs = ev.all('sip.register');
    const errors5xx = regs.filter((r) => (r.data.status ?? 0) >= 500);
    const later = errors5xx.length ? regs.slice(regs.indexOf(errors5xx[errors5xx.length - 1]!) + 1) : [];
    const recovered = later.some((r) => r.data.outcome === 'registered' || r.data.outcome === 'challenged');
    const errors = ev.all('client.error').filter((e) => {
      const d = detailAfter(e, 'Service unavailable: ');
      return d !== undefined && d !== 'no reason given';
    });
    if (errors5xx.length && !recovered) {
      const r = errors5xx[errors5xx.length - 1]!;
      return { status: 'fail', problems: [{ messageId: 'serverError', data: { serverSaid: serverSaid(r.data) }, evidence: [r, ...errors], confidence: 'confirmed' }] };
    }
    if (errors5xx.length && recovered) {
      const r = errors5xx[errors5xx.length - 1]!;
      return { status: 'fail', problems: [{ messageId: 'serverError', data: { serverSaid: serverSaid(r.data) }, evidence: [r], severity: 'warning', confidence: 'confirmed' }] };
    }
    if (errors.length) {
      return { status: 'fail', problems: errors.map((e) => ({ messageId: 'clientText', data: { clientError: quoteError(e), reason: detailAfter(e, 'Service unavailable: ') ?? '' }, evidence: [e], confidence: 'inferred' as const })) };
    }
    if (regs.some((r) => r.data.status !== undefined) || ev.all('client.error').length) return { status: 'pass' };
    return { status: 'inconclusive', reason: 'no REGISTER answer was observed' };
  },
});
