import type { Observation } from '../../evidence/kinds.js';
import { defineRule } from '../types.js';
import { englishOf } from '../common/client-error.js';
import { WEBTICKET_ERROR_PREFIX } from '../../protocol/sipe-error-texts.js';
import { MFA_FAULT } from '../../protocol/soap-fault.js';

export default defineRule({
  meta: {
    id: 'webticket/mfa-required',
    category: 'webticket',
    rootCause: 'mfa-required',
    severity: 'error',
    title: 'The identity provider accepts password sign-in',
    failureTitle: 'The identity provider requires multi-factor authentication',
    description: 'SIPE can only send a user name and password to ADFS / Azure AD. When the identity provider demands multi-factor or modern authentication, the web ticket cannot be obtained.',
    messages: {
      adfs: 'SIPE\'s ADFS sign-in failed and SIPE assumed multi-factor authentication is required{retried}.',
      fault: 'The identity provider refused password sign-in: "{fault}".',
    },
    remediation: {
      summary: 'Ask the administrator for an exception: SIPE cannot do multi-factor authentication.',
      steps: [
        'No SIPE setting adds multi-factor authentication.',
        'Ask the administrator to exclude this account or the Lync/Skype for Business endpoints from MFA / conditional access for legacy clients, or to issue an app password if your tenant supports them.',
        'Otherwise use a Microsoft client (or, for Teams, the purple-teams plugin).',
      ],
      audience: 'admin',
    },
    requires: ['webticket.result', 'http.exchange', 'client.error'],
  },
  check(ev) {
    const results = ev.all('webticket.result');
    const suspected = results.filter((r) => r.data.mfaSuspected);
    const faults = [...ev.all('http.exchange').filter((h) => MFA_FAULT.test(h.data.fault ?? '')), ...results.filter((r) => MFA_FAULT.test(r.data.fault ?? ''))];
    const ticketFailed = results.some((r) => r.data.outcome === 'failed') || ev.all('client.error').some((e) => (englishOf(e) ?? '').startsWith(WEBTICKET_ERROR_PREFIX));
    const errors: Observation[] = ev.all('client.error').filter((e) => (englishOf(e) ?? '').startsWith(WEBTICKET_ERROR_PREFIX));
    const severity = ticketFailed ? 'error' as const : 'warning' as const;
    if (faults.length) {
      const f = faults[0]!;
      const fault = (f.kind === 'http.exchange' || f.kind === 'webticket.result' ? f.data.fault : undefined) ?? '';
      return { status: 'fail', problems: [{ messageId: 'fault', data: { fault: fault.trim().slice(0, 300) }, evidence: [...faults, ...suspected, ...errors], severity, confidence: 'confirmed' }] };
    }
    if (suspected.length) {
      return {
        status: 'fail',
        problems: [{ messageId: 'adfs', data: { retried: ticketFailed ? ', and the retry without ADFS failed too' : '; the retry without ADFS got further' }, evidence: [...suspected, ...errors], severity, confidence: 'confirmed' }],
      };
    }
    if (results.length || ev.all('http.exchange').length) return { status: 'pass' };
    return { status: 'not-applicable', reason: 'no web ticket was requested' };
  },
});
