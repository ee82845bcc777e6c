import { afterSignInMeaning } from '../../protocol/after-sign-in.js';
import { progressOf } from '../../evidence/derive/progress.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'session/after-sign-in',
    category: 'session',
    rootCause: 'after-sign-in-failure',
    severity: 'warning',
    title: 'Calls, conferences and subscriptions after sign-in work',
    failureTitle: 'Signed in; something failed after sign-in (not a sign-in problem)',
    description: 'Once SIPE is signed in, a refused call (488 Not Acceptable Here), a conference that ends with a diagnostic, or a refused subscription is a problem of that feature, not of signing in: changing the account settings does not help.',
    messages: {
      failed: 'Signed in; this is not a sign-in problem: {meaning}.',
    },
    remediation: {
      summary: 'Nothing to change for signing in; look at the feature that failed (call, conference or contact list), with the code above.',
      steps: [
        'Calls refused with 488: the other client offers codecs or encryption SIPE cannot use; try a plain audio call or instant message.',
        'Subscriptions refused with ms-diagnostics 2165: the contact list lives in Exchange (unified contact store); ask the administrator to keep this user on the Lync/Skype contact list.',
        'Conference sharing ended with a diagnostic: SIPE supports only part of desktop sharing; use the web client for that meeting.',
      ],
      audience: 'user',
    },
    requires: ['sip.transaction', 'sip.register', 'auth.event'],
  },
  check(ev) {
    const failed = ev.all('sip.transaction');
    if (!failed.length) return { status: 'not-applicable', reason: 'no call, conference or subscription failed' };
    if (!progressOf(ev).signedIn) return { status: 'inconclusive', reason: 'a call or subscription failed, but the sign-in itself is not shown' };
    return {
      status: 'fail',
      problems: failed.map((t) => ({
        messageId: 'failed' as const, data: { meaning: afterSignInMeaning(t.data) }, evidence: [t],
        confidence: t.data.status !== undefined || t.data.msDiagnostics?.length ? 'confirmed' as const : 'inferred' as const,
      })),
    };
  },
});
