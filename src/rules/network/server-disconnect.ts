import type { Observation } from '../../evidence/kinds.js';
import { defineRule } from '../types.js';
import { accountOf } from '../../evidence/derive/account.js';
import { isExactly, quoteError } from '../common/client-error.js';
import { beforeClientError } from '../common/progress.js';

const TEXTS = ['Server has disconnected', 'Read error', 'Write error'];

export default defineRule({
  meta: {
    id: 'network/server-disconnect',
    category: 'network',
    rootCause: 'server-disconnected',
    severity: 'error',
    title: 'The server keeps the connection open during sign-in',
    failureTitle: 'The server closed the connection during sign-in',
    description: 'When the server closes the connection in the middle of sign-in the cause is usually a transport mismatch (TCP spoken to a TLS port), a load balancer or firewall cutting idle connections, or a server that rejects the client without a SIP answer.',
    messages: {
      dropped: 'The connection to {peer} was closed by the server ({event}) before sign-in completed.',
      clientText: 'SIPE reported "{clientError}": the server closed the connection (the log does not show where).',
    },
    remediation: {
      summary: 'Check Connection type and port, then ask the administrator why the server drops the connection.',
      steps: [
        'On the Advanced tab make sure "Connection type" matches the port: SSL/TLS (or Auto) for 5061 and 443, TCP only for 5060.',
        'Try again on another network (firewalls and load balancers cut idle or unknown connections).',
        'Ask the administrator to look for the rejected connection in the server\'s logs.',
      ],
      audience: 'user',
    },
    requires: ['client.account', 'tcp.connect', 'transport.event', 'tls.handshake', 'sip.register', 'client.error'],
  },
  check(ev) {
    const before = beforeClientError(ev);
    const drops: Observation[] = before.filter((o) =>
      (o.kind === 'transport.event' && (o.data.event === 'disconnected' || o.data.event === 'read-error' || o.data.event === 'write-error')) ||
      (o.kind === 'sip.register' && o.data.outcome === 'closed'));
    const errors = ev.all('client.error').filter((e) => isExactly(e, TEXTS) || /^Read error|^Write error/.test(e.data.english ?? ''));
    const a = accountOf(ev);
    // TCP spoken to a TLS port: tls/handshake-failure explains that drop
    if (a.transport === 'tcp' && ev.all('tcp.connect').some((c) => c.data.port === 5061 || c.data.port === 443)) {
      return { status: 'not-applicable', reason: 'Connection type TCP against a TLS port (see tls/handshake-failure)' };
    }
    if (drops.length) {
      const o = drops[drops.length - 1]!;
      const peer = o.kind === 'transport.event' ? `${o.data.host ?? 'the server'}${o.data.port ? `:${o.data.port}` : ''}` : (o.kind === 'sip.register' && o.data.registrar) || 'the server';
      const event = o.kind === 'transport.event' ? `${o.data.event}${o.data.detail ? `: ${o.data.detail}` : ''}` : 'closed while waiting for the REGISTER answer';
      return { status: 'fail', problems: [{ messageId: 'dropped', data: { peer, event }, evidence: [o, ...errors], confidence: 'confirmed' }] };
    }
    if (errors.length) return { status: 'fail', problems: errors.map((e) => ({ messageId: 'clientText', data: { clientError: quoteError(e) }, evidence: [e], confidence: 'inferred' as const })) };
    if (ev.all('transport.event').length || ev.all('sip.register').length || ev.all('client.error').length) return { status: 'pass' };
    return { status: 'inconclusive', reason: 'the SIP connection was not observed' };
  },
});
