import type { Observation } from '../../evidence/kinds.js';
import { defineRule } from '../types.js';
import { englishOf, quoteError } from '../common/client-error.js';
import { WEBTICKET_ERROR_PREFIX } from '../../protocol/sipe-error-texts.js';
import { hostOfUrl, isSfbOnlineHost } from '../../protocol/hosts.js';
import { MFA_FAULT, SIP_URI_MISMATCH_FAULT } from '../../protocol/soap-fault.js';
import { stoppedOnFailedHttp } from '../common/progress.js';
import { otherLoginRefused } from './_other-login.js';

const WEBTICKET_PURPOSES = new Set(['webticket-metadata', 'webticket', 'realm', 'adfs', 'rst2']);

export default defineRule({
  meta: {
    id: 'webticket/ticket-failure',
    category: 'webticket',
    rootCause: 'webticket-failed',
    severity: 'error',
    title: 'A web ticket is obtained',
    failureTitle: 'The web ticket could not be obtained',
    description: 'With TLS-DSK (and for authenticated autodiscover) SIPE first gets a web ticket from the Web Ticket service, signing in with the Login and password. When that fails, sign-in stops with "Web ticket request to … failed".',
    messages: {
      failed: 'The web ticket request to {url} failed{fault}.',
      http: 'The web ticket request to {url} failed: the service answered {answer}.',
      stoppedAfter: 'The web ticket request to {url} was answered {answer} and the sign-in stopped right after (connection error reason {reason}). The error text is translated and was not read: the English log, or the language\'s message catalog installed, would confirm it is "Web ticket request to … failed"; a log with PURPLE_UNSAFE_DEBUG=1 would show the service\'s fault.',
      clientText: 'SIPE reported "{clientError}" (the log does not show the service\'s answer; run with PURPLE_UNSAFE_DEBUG=1 to see it).',
    },
    remediation: {
      summary: 'Check the Login and password; if they are right, have the administrator check the Web Ticket service.',
      steps: [
        'On the Basic tab check the Login: for Office 365 / federated sign-in use the user principal name (user@company.com); on premises DOMAIN\\user or the UPN.',
        'Re-enter the password.',
        'If the credentials are right, the administrator must check the WebTicket service (https://<pool>/WebTicket/WebTicketService.svc) and its authentication settings.',
      ],
      audience: 'user',
    },
    requires: ['client.account', 'webticket.result', 'http.exchange', 'client.error'],
  },
  check(ev) {
    const results = ev.all('webticket.result');
    const exchanges = ev.all('http.exchange').filter((h) => WEBTICKET_PURPOSES.has(h.data.purpose));
    const failedHttp = exchanges.filter((h) => h.data.outcome !== 'ok' || (h.data.status ?? 200) >= 400);
    const errors = ev.all('client.error').filter((e) => (englishOf(e) ?? '').startsWith(WEBTICKET_ERROR_PREFIX));
    const specific = (text: string): boolean => SIP_URI_MISMATCH_FAULT.test(text) || MFA_FAULT.test(text);
    const failed = results.filter((r) => r.data.stage === 'webticket' && r.data.outcome === 'failed' && !specific(`${r.data.fault ?? ''} ${r.data.detail ?? ''}`));
    if (failedHttp.some((h) => specific(h.data.fault ?? '')) || errors.some((e) => specific(englishOf(e) ?? ''))) {
      return { status: 'not-applicable', reason: 'the failure has a more specific cause (SIP URI mismatch or MFA)' };
    }
    if (!failed.some((r) => r.data.fault) && !failedHttp.some((h) => h.data.fault) && otherLoginRefused(ev)) {
      return { status: 'not-applicable', reason: 'another Login refused by the Web Ticket service after its token was accepted (see webticket/sip-uri-mismatch)' };
    }
    const allHosts = [...results.map((r) => r.data.url ?? ''), ...failedHttp.map((h) => h.data.url)].map((u) => hostOfUrl(u) ?? '');
    if (allHosts.some((h) => h && isSfbOnlineHost(h))) return { status: 'not-applicable', reason: 'Skype for Business Online (see dns/retired-online-service)' };
    const issued = results.some((r) => r.data.stage === 'webticket' && r.data.outcome === 'issued');
    if (failed.length) {
      const r = failed[failed.length - 1]!;
      const fault = r.data.fault ?? r.data.detail ?? failedHttp.map((h) => h.data.fault).find(Boolean);
      return {
        status: 'fail',
        problems: [{ messageId: 'failed', data: { url: r.data.url ?? 'the Web Ticket service', fault: fault ? `: "${fault.trim().slice(0, 300)}"` : '' }, evidence: [r, ...failedHttp, ...errors], confidence: 'confirmed' }],
      };
    }
    if (errors.length && failedHttp.length) {
      const h = failedHttp[failedHttp.length - 1]!;
      const answer = [h.data.status !== undefined ? `HTTP ${h.data.status}` : h.data.outcome, h.data.fault && `"${h.data.fault.trim().slice(0, 300)}"`, ...(h.data.msDiagnostics ?? []).map((d) => `X-Ms-diagnostics ${d.code}${d.reason ? ` "${d.reason}"` : ''}`)].filter(Boolean).join(', ');
      return { status: 'fail', problems: [{ messageId: 'http', data: { url: h.data.url, answer }, evidence: [h, ...errors] as Observation[], confidence: 'confirmed' }] };
    }
    const stop = errors.length ? undefined : stoppedOnFailedHttp(ev, WEBTICKET_PURPOSES);
    if (stop && !specific(stop.exchange.data.fault ?? '')) {
      const { exchange: h, error: e } = stop;
      const answer = h.data.status !== undefined ? `HTTP ${h.data.status}` : h.data.outcome;
      return { status: 'fail', problems: [{ messageId: 'stoppedAfter', data: { url: h.data.url || 'the Web Ticket service', answer, reason: String(e.data.reason ?? '?') }, evidence: [h, e], confidence: 'inferred' }] };
    }
    if (errors.length) {
      return { status: 'fail', problems: errors.map((e) => ({ messageId: 'clientText', data: { clientError: quoteError(e) }, evidence: [e], confidence: 'inferred' as const })) };
    }
    if (issued || results.length || exchanges.length) return { status: 'pass' };
    return { status: 'not-applicable', reason: 'no web ticket was requested' };
  },
});
