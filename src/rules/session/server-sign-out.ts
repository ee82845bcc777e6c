import { defineRule } from '../types.js';
import { detailAfter, quoteError, REJECTED_PREFIX } from '../common/client-error.js';

const NOTIFY_REASONS = /already signed in at another location|user disabled|user moved/i;

export default defineRule({
  meta: {
    id: 'session/server-sign-out',
    category: 'session',
    rootCause: 'signed-out-by-server',
    severity: 'error',
    title: 'The server keeps the registration',
    failureTitle: 'The server signed the account out',
    description: 'After a successful sign-in the server can end the registration: the same endpoint signed in elsewhere, the user was disabled, or moved to another pool.',
    messages: {
      ended: 'The server ended the registration ({what}).',
      clientText: 'SIPE reported "{clientError}": the server ended the registration.',
      endedNoReason: 'SIPE logged that it received the server\'s deregistration ("sipe_process_registration_notify: deregistration received") and the session ended. The NOTIFY with the reason (another location, user disabled, user moved) is not in the log: a log with PURPLE_UNSAFE_DEBUG=1 would show it.',
    },
    remediation: {
      summary: 'Sign out the other client using this account, or ask the administrator whether the account was disabled or moved.',
      steps: [
        '"Already signed in at another location": close the other Pidgin/SIPE instance using the same account, then sign in again.',
        '"User disabled" / "user moved": the administrator changed the account; ask them, and clear Server[:Port] so SIPE finds the new pool.',
      ],
      audience: 'user',
    },
    requires: ['session.ended', 'client.error'],
  },
  check(ev) {
    const ended = ev.all('session.ended');
    const errors = ev.all('client.error').filter((e) => NOTIFY_REASONS.test(detailAfter(e, REJECTED_PREFIX) ?? '') || (e.data.reason === 1 && detailAfter(e, REJECTED_PREFIX) !== undefined));
    const known = ended.filter((s) => s.data.event !== undefined || s.data.reason !== undefined || s.data.msDiagnostics?.length);
    if (ended.length && !known.length) {
      // only SIPE's English line "deregistration received": the server's NOTIFY and its reason are not in the log
      return { status: 'fail', problems: [{ messageId: 'endedNoReason', data: {}, evidence: [...ended, ...errors], confidence: 'inferred' }] };
    }
    if (ended.length) {
      const s = known[known.length - 1]!;
      const what = [s.data.event, s.data.reason, ...(s.data.msDiagnostics ?? []).map((d) => `ms-diagnostics ${d.code}${d.reason ? ` "${d.reason}"` : ''}`)].filter(Boolean).join(', ') || 'deregistered';
      return { status: 'fail', problems: [{ messageId: 'ended', data: { what }, evidence: [s, ...errors], confidence: 'confirmed' }] };
    }
    if (errors.length) return { status: 'fail', problems: errors.map((e) => ({ messageId: 'clientText', data: { clientError: quoteError(e) }, evidence: [e], confidence: 'inferred' as const })) };
    return ev.all('client.error').length ? { status: 'pass' } : { status: 'inconclusive', reason: 'the session end was not observed' };
  },
});
