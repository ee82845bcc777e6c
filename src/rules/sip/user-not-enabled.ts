import { defineRule } from '../types.js';
import { accountOf } from '../../evidence/derive/account.js';
import { englishOf, quoteError } from '../common/client-error.js';
import { findDiagnostic, serverSaid } from '../../protocol/sip-status.js';

export default defineRule({
  meta: {
    id: 'sip/user-not-enabled',
    category: 'sip',
    rootCause: 'user-not-sip-enabled',
    severity: 'error',
    title: 'The SIP address exists on the server',
    failureTitle: 'The SIP address does not exist or is not enabled for Lync / Skype for Business',
    description: 'The server answers 404 when the Username is not a SIP address it knows: a typo, the e-mail address instead of the SIP address, or an account not enabled for Lync / Skype for Business on that pool.',
    messages: {
      notFound: 'The server answered REGISTER for {signinName} with {serverSaid}: it does not know this SIP address.',
      clientText: 'SIPE reported "{clientError}": the server does not know the SIP address {signinName}.',
    },
    remediation: {
      summary: 'Check that the Username is your SIP address, and ask the administrator to enable the account for Lync / Skype for Business.',
      steps: [
        'On the Basic tab check that Username is your SIP address exactly as assigned (it can differ from the e-mail address).',
        'Ask the administrator to enable the user (Enable-CsUser -Identity <user> -RegistrarPool <pool> -SipAddress sip:<address>) or to check that it is homed on this pool.',
      ],
      audience: 'admin',
    },
    requires: ['client.account', 'sip.register', 'client.error'],
  },
  check(ev) {
    const a = accountOf(ev);
    const signinName = a.signinName ?? 'the Username';
    const regs = ev.all('sip.register').filter((r) => r.data.status === 404 || (r.data.status !== undefined && r.data.status >= 400 && findDiagnostic(r.data.msDiagnostics, 'user-not-found')));
    const errors = ev.all('client.error').filter((e) => /^Not found: .*Please contact your Administrator/s.test(englishOf(e) ?? ''));
    if (regs.length) {
      const r = regs[regs.length - 1]!;
      return { status: 'fail', problems: [{ messageId: 'notFound', data: { signinName, serverSaid: serverSaid(r.data) }, evidence: [r, ...errors], confidence: 'confirmed' }] };
    }
    if (errors.length) return { status: 'fail', problems: errors.map((e) => ({ messageId: 'clientText', data: { clientError: quoteError(e), signinName }, evidence: [e], confidence: 'inferred' as const })) };
    if (ev.all('sip.register').some((r) => r.data.status !== undefined) || ev.all('client.error').length) return { status: 'pass' };
    return { status: 'inconclusive', reason: 'no REGISTER answer was observed' };
  },
});
