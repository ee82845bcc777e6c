import { defineRule } from '../types.js';
import { quoteError, startsWithAny } from '../common/client-error.js';
import { CERT_ERROR_PREFIXES } from '../../protocol/sipe-error-texts.js';
import { stoppedOnFailedHttp } from '../common/progress.js';

const CERTPROV = new Set(['certprov']);

export default defineRule({
  meta: {
    id: 'webticket/certificate-provisioning-failure',
    category: 'webticket',
    rootCause: 'certificate-provisioning-failed',
    severity: 'error',
    title: 'The TLS-DSK client certificate is issued',
    failureTitle: 'The certificate provisioning service did not issue a certificate',
    description: 'TLS-DSK signs in with a client certificate that SIPE requests from the Certificate Provisioning service after getting a web ticket. When that request fails, sign-in stops with "Certificate request to … failed".',
    messages: {
      failed: 'The certificate request to {url} failed{fault}.',
      clientText: 'SIPE reported "{clientError}": the TLS-DSK client certificate could not be obtained.',
      stoppedAfter: 'The certificate request to {url} was answered {answer} and the sign-in stopped right after (connection error reason {reason}). The error text is translated and was not read: the English log, or the language\'s message catalog installed, would confirm it is "Certificate request to … failed".',
    },
    remediation: {
      summary: 'Try another Authentication scheme, and have the administrator check the Certificate Provisioning service.',
      steps: [
        'On premises: set "Authentication scheme" to NTLM or Kerberos on the Advanced tab (TLS-DSK is only mandatory for Office 365).',
        'The administrator should check https://<pool>/CertProv/CertProvisioningService.svc and its event log.',
      ],
      audience: 'admin',
    },
    requires: ['webticket.result', 'http.exchange', 'client.error'],
  },
  check(ev) {
    const failed = ev.all('webticket.result').filter((r) => r.data.stage === 'certificate' && r.data.outcome === 'failed');
    const http = ev.all('http.exchange').filter((h) => h.data.purpose === 'certprov' && (h.data.outcome !== 'ok' || (h.data.status ?? 200) >= 400));
    const errors = ev.all('client.error').filter((e) => startsWithAny(e, CERT_ERROR_PREFIXES));
    if (failed.length || (http.length && errors.length)) {
      const r = failed[failed.length - 1];
      const h = http[http.length - 1];
      const url = r?.data.url ?? h?.data.url ?? 'the Certificate Provisioning service';
      const fault = r?.data.fault ?? h?.data.fault ?? (h?.data.status ? `HTTP ${h.data.status}` : undefined);
      return { status: 'fail', problems: [{ messageId: 'failed', data: { url, fault: fault ? ` (${fault.trim().slice(0, 300)})` : '' }, evidence: [...failed, ...http, ...errors], confidence: 'confirmed' }] };
    }
    const stop = errors.length ? undefined : stoppedOnFailedHttp(ev, CERTPROV);
    if (stop) {
      const { exchange: h, error: e } = stop;
      const answer = h.data.status !== undefined ? `HTTP ${h.data.status}` : h.data.outcome;
      return { status: 'fail', problems: [{ messageId: 'stoppedAfter', data: { url: h.data.url || 'the Certificate Provisioning service', answer, reason: String(e.data.reason ?? '?') }, evidence: [h, e], confidence: 'inferred' }] };
    }
    if (errors.length) return { status: 'fail', problems: errors.map((e) => ({ messageId: 'clientText', data: { clientError: quoteError(e) }, evidence: [e], confidence: 'inferred' as const })) };
    if (ev.all('webticket.result').some((r) => r.data.stage === 'certificate' && r.data.outcome === 'issued')) return { status: 'pass' };
    if (ev.all('webticket.result').length || ev.all('http.exchange').length) return { status: 'pass' };
    return { status: 'not-applicable', reason: 'no certificate was requested' };
  },
});
