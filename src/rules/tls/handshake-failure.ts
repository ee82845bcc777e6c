import type { Observation, TlsHandshake } from '../../evidence/kinds.js';
import { defineRule } from '../types.js';
import type { Problem, Remediation } from '../types.js';
import { accountOf } from '../../evidence/derive/account.js';
import { isExactly, quoteError } from '../common/client-error.js';
import { progressOf } from '../../evidence/derive/progress.js';
import { isCertificateError } from '../../protocol/cert-errors.js';

const TEXTS = ['SSL Handshake Failed', 'SSL handshake failed'];
const FAILED = new Set<TlsHandshake['data']['outcome']>(['alert', 'failed', 'not-tls', 'reset', 'closed', 'error', 'timeout']);

const versionRemediation: Remediation = {
  summary: 'Make client and server agree on a TLS version: enable TLS 1.2 on the server, or allow older TLS in Pidgin.',
  steps: [
    'Pidgin\'s NSS allows only TLS 1.2 and 1.3 by default; old Lync 2010/2013 servers may offer only TLS 1.0.',
    'Administrator: enable TLS 1.2 on the server (Skype for Business Server 2015 CU6 HF2+ / Lync 2013 with the TLS 1.2 updates).',
    'Workaround on this computer: Tools → Plugins → enable "NSS Preferences" → Configure, set the minimum TLS version to TLS 1.0, restart Pidgin.',
  ],
  audience: 'admin',
};

export default defineRule({
  meta: {
    id: 'tls/handshake-failure',
    category: 'tls',
    rootCause: 'tls-handshake-failed',
    severity: 'error',
    title: 'The TLS handshake with the SIP server succeeds',
    failureTitle: 'The TLS handshake with the SIP server failed',
    description: 'Before any SIP is spoken, client and server must agree on TLS. No common TLS version or cipher, or a port that does not speak TLS (Connection type TCP and TLS mixed up), makes the handshake fail.',
    messages: {
      failed: 'The TLS handshake with {host}:{port} failed ({why}).',
      stalled: '{host}:{port} accepted the TCP connection but never answered the TLS handshake ({why}).',
      notTls: '{host}:{port} does not speak TLS ({why}); it is probably a plain TCP SIP port, so "Connection type" and port do not match.',
      tcpToTlsPort: 'Connection type is TCP but SIPE connected to port {port} of {host}, a TLS port; the server {what}.',
      clientText: 'SIPE reported "{clientError}": the TLS handshake failed (no common TLS version or cipher, or the port does not speak TLS).',
    },
    remediation: versionRemediation,
    requires: ['client.account', 'tcp.connect', 'tls.handshake', 'sip.register', 'transport.event', 'client.error'],
  },
  check(ev) {
    const a = accountOf(ev);
    const handshakes = ev.all('tls.handshake').filter((h) => h.data.purpose !== 'http');
    const bad = handshakes.filter((h) => FAILED.has(h.data.outcome) && !isCertificateError(h.data.error) && !isCertificateError(h.data.alert));
    const problems: Problem<'failed' | 'stalled' | 'notTls' | 'tcpToTlsPort' | 'clientText'>[] = bad.map((h) => {
      const survived = progressOf(ev).progressedAfter(h);
      const why = [h.data.alert && `alert ${h.data.alert}`, h.data.error, !h.data.alert && !h.data.error && h.data.outcome].filter(Boolean).join(', ');
      const base = { data: { host: h.data.host, port: h.data.port, why }, evidence: [h] as Observation[], severity: survived ? 'warning' as const : 'error' as const, confidence: 'confirmed' as const };
      if (h.data.outcome === 'timeout') {
        // TCP connected but no TLS answer: the port is not a TLS listener, or something in between
        // (load balancer, SSL inspection) swallows the handshake
        return {
          messageId: 'stalled', ...base,
          remediation: {
            summary: `Check that ${h.data.host}:${h.data.port} is the server's TLS port; the server accepted the connection but never answered the TLS handshake.`,
            steps: [
              `Ask the administrator whether ${h.data.host}:${h.data.port} is the SIP TLS port (5061 internal, 443 on the Edge) and whether a load balancer or firewall with TLS inspection sits in front of it.`,
              'If the port is the server\'s TCP port, set "Connection type" to TCP on the Advanced tab instead.',
            ],
            audience: 'admin',
          },
        };
      }
      if (h.data.outcome === 'not-tls') {
        return {
          messageId: 'notTls', ...base,
          remediation: {
            summary: 'Set Connection type to TCP for this port, or use the TLS port 5061.',
            steps: [`On the Advanced tab set "Connection type" to TCP if ${h.data.host}:${h.data.port} is the server's TCP port, or change Server[:Port] to ${h.data.host}:5061 with Connection type SSL/TLS.`],
            audience: 'user',
            settings: [{ field: 'Connection type', key: 'transport', value: 'tcp', tab: 'Advanced', choice: 'TCP' }],
          },
        };
      }
      return { messageId: 'failed', ...base };
    });
    // TCP chosen against a TLS port: the server drops or ignores the plain-text REGISTER
    if (a.transport === 'tcp') {
      const tlsPorts = ev.all('tcp.connect').filter((c) => (c.data.port === 5061 || c.data.port === 443) && c.data.outcome === 'ok' && c.data.purpose !== 'http');
      const symptom = ev.list().find((o) => (o.kind === 'sip.register' && (o.data.outcome === 'closed' || o.data.outcome === 'no-response')) ||
        (o.kind === 'transport.event' && (o.data.event === 'disconnected' || o.data.event === 'read-error')));
      const c = tlsPorts[tlsPorts.length - 1];
      if (c && symptom) {
        problems.push({
          messageId: 'tcpToTlsPort',
          data: { host: c.data.host, port: c.data.port, what: symptom.kind === 'sip.register' && symptom.data.outcome === 'no-response' ? 'never answered the REGISTER' : 'closed the connection' },
          evidence: [c, symptom, ...ev.all('client.account').filter((x) => x.data.transport === 'tcp')],
          confidence: 'confirmed',
          remediation: {
            summary: 'Set Connection type to SSL/TLS (or Auto).',
            steps: [`In Pidgin open Accounts → Manage Accounts → Modify → Advanced and set "Connection type" to SSL/TLS: port ${c.data.port} expects TLS.`],
            audience: 'user',
            settings: [{ field: 'Connection type', key: 'transport', value: 'tls', tab: 'Advanced', choice: 'SSL/TLS' }],
          },
        });
      }
    }
    if (problems.length) return { status: 'fail', problems };
    const errors = ev.all('client.error').filter((e) => isExactly(e, TEXTS));
    if (errors.length) return { status: 'fail', problems: errors.map((e) => ({ messageId: 'clientText', data: { clientError: quoteError(e) }, evidence: [e], confidence: 'inferred' as const })) };
    if (handshakes.length || ev.all('sip.register').some((r) => r.data.status !== undefined)) return { status: 'pass' };
    return { status: 'inconclusive', reason: 'no TLS handshake was observed' };
  },
});
