import type { TlsCertificate } from '../../evidence/kinds.js';
import { defineRule } from '../types.js';
import type { Problem } from '../types.js';
import { isValidityError } from '../../protocol/cert-errors.js';
import { progressOf } from '../../evidence/derive/progress.js';

const day = (iso: string): string => iso.slice(0, 10);

export default defineRule({
  meta: {
    id: 'tls/expired-certificate',
    category: 'tls',
    rootCause: 'tls-certificate-expired',
    severity: 'error',
    title: 'The server certificate is within its validity period',
    failureTitle: 'The server certificate has expired or is not yet valid',
    description: 'A certificate outside its validity period is rejected. If it looks expired although the server renewed it, check this computer\'s date.',
    messages: {
      expired: 'The certificate of {host} expired on {notAfter} ({days} days before this check).',
      notYetValid: 'The certificate of {host} is not valid before {notBefore}; check this computer\'s date and time.',
      verifier: 'The certificate of {host} was rejected as outside its validity period ({error}).',
    },
    remediation: {
      summary: 'Have the administrator renew the server certificate (and check this computer\'s clock).',
      steps: ['Ask the administrator to renew the certificate and bind it to the SIP and web services.', 'Make sure this computer\'s date and time are correct (timedatectl).'],
      audience: 'admin',
    },
    requires: ['tls.certificate', 'tls.handshake', 'sip.register', 'transport.event'],
  },
  check(ev, { now }) {
    const certs = ev.all('tls.certificate');
    if (!certs.length) return { status: 'inconclusive', reason: 'no certificate was observed' };
    const problems: Problem<'expired' | 'notYetValid' | 'verifier'>[] = [];
    let known = false;
    for (const c of certs) {
      const survived = progressOf(ev).progressedAfter(c) || ev.all('tls.handshake').some((h) => h.data.insecure && h.data.host === c.data.host);
      const base = { evidence: [c], severity: survived ? 'warning' as const : 'error' as const, confidence: 'confirmed' as const };
      const p = judge(c, now);
      if (p === 'ok') known = true;
      else if (p) problems.push({ ...p, ...base });
    }
    if (problems.length) return { status: 'fail', problems };
    return known ? { status: 'pass' } : { status: 'inconclusive', reason: 'the certificate\'s validity dates were not observed' };
  },
});

function judge(c: TlsCertificate, now: Date): Pick<Problem<'expired' | 'notYetValid' | 'verifier'>, 'messageId' | 'data'> | 'ok' | undefined {
  const { notAfter, notBefore, timeValid, errors, host } = c.data;
  const after = notAfter !== undefined ? Date.parse(notAfter) : NaN;
  const before = notBefore !== undefined ? Date.parse(notBefore) : NaN;
  const expired = !Number.isNaN(after) && after < now.getTime();
  const early = !Number.isNaN(before) && before > now.getTime();
  const err = (errors ?? []).find(isValidityError);
  // the verifier's verdict (made at observation time) wins; dates against ctx.now only when it is unknown
  if (timeValid === true && !err) return 'ok';
  if (timeValid === undefined && !err && !expired && !early) return Number.isNaN(after) ? undefined : 'ok';
  if (expired) return { messageId: 'expired', data: { host, notAfter: day(notAfter ?? ''), days: Math.floor((now.getTime() - after) / 86_400_000) } };
  if (early) return { messageId: 'notYetValid', data: { host, notBefore: day(notBefore ?? '') } };
  return { messageId: 'verifier', data: { host, error: err ?? 'outside validity period' } };
}
