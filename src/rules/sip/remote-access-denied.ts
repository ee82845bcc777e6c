import { defineRule } from '../types.js';
import { quoteError, rejectedWith } from '../common/client-error.js';

const REMOTE_ACCESS = /From URI not enabled for remote access/;
import { findDiagnostic, serverSaid } from '../../protocol/sip-status.js';

export default defineRule({
  meta: {
    id: 'sip/remote-access-denied',
    category: 'sip',
    rootCause: 'remote-access-denied',
    severity: 'error',
    title: 'Remote access is allowed for the user',
    failureTitle: 'The user may not sign in from outside the company network',
    description: 'Through the Edge server only users whose external access policy allows remote access may sign in; others get 403 with ms-diagnostics 4003.',
    messages: {
      denied: 'The Edge server refused REGISTER with {serverSaid}: remote access is not enabled for this user.',
      clientText: 'SIPE reported "{clientError}": remote access is not enabled for this user.',
      translatedText: 'SIPE reported "{clientError}" (connection error reason 7, rejected by the server): the server said remote access is not enabled for this user. The error text is translated and was not read; the server\'s own words in it are English in every language. A log with PURPLE_UNSAFE_DEBUG=1 would show the 403 and its ms-diagnostics header, which would confirm it.',
    },
    remediation: {
      summary: 'Sign in from inside the company network (or VPN), or have the administrator allow remote user access.',
      steps: [
        'Connect to the company VPN and sign in again (with an internal server name if the Server field is set).',
        'Ask the administrator to allow remote user access for you (external access policy with EnableOutsideAccess $true: Grant-CsExternalAccessPolicy).',
      ],
      audience: 'admin',
    },
    requires: ['sip.register', 'client.error'],
  },
  check(ev) {
    const regs = ev.all('sip.register').filter((r) => r.data.status === 403 && findDiagnostic(r.data.msDiagnostics, 'remote-access-denied'));
    const errors = ev.all('client.error').filter((e) => rejectedWith(e, REMOTE_ACCESS) !== undefined);
    if (regs.length) return { status: 'fail', problems: [{ messageId: 'denied', data: { serverSaid: serverSaid(regs[regs.length - 1]!.data) }, evidence: [...regs, ...errors], confidence: 'confirmed' }] };
    if (errors.length) return { status: 'fail', problems: errors.map((e) => ({ messageId: rejectedWith(e, REMOTE_ACCESS) === 'translated' ? 'translatedText' : 'clientText', data: { clientError: quoteError(e) }, evidence: [e], confidence: 'inferred' as const })) };
    if (ev.all('sip.register').some((r) => r.data.status !== undefined) || ev.all('client.error').length) return { status: 'pass' };
    return { status: 'inconclusive', reason: 'no REGISTER answer was observed' };
  },
});
