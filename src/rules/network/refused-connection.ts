import { defineRule } from '../types.js';
import type { Problem } from '../types.js';
import { accountOf } from '../../evidence/derive/account.js';
import { progressOf } from '../../evidence/derive/progress.js';
import { normalizeHost } from '../../protocol/hosts.js';

export default defineRule({
  meta: {
    id: 'network/refused-connection',
    category: 'network',
    rootCause: 'tcp-connect-refused',
    severity: 'error',
    title: 'The SIP server accepts connections',
    failureTitle: 'The SIP server refused the connection',
    description: 'A refused connection means the host answered but nothing listens on that port: a wrong port in Server[:Port], a service that is down, or a firewall that rejects.',
    messages: {
      refused: 'Connecting to {host}:{port} was refused: the host answered but nothing accepts connections on port {port}.',
      refusedSurvived: 'Connecting to {host}:{port} was refused, but SIPE went on to the next server candidate.',
      refusedTranslated: 'Connecting to {host}:{port} failed with the system text "{text}", glibc\'s {language} text for "Connection refused": the host answered but nothing accepts connections on port {port}. Only the translated text says so; `sipe-doctor check` against {host}:{port} (or a log taken with LC_ALL=C) would confirm it.',
    },
    remediation: {
      summary: 'Use the right port (5061 for TLS on a front end, 443 on an Edge) or have the administrator start the service.',
      steps: ['Check the port in Server[:Port] on the Advanced tab: Lync front ends listen on 5061 (TLS), Edge servers on 443.', 'If the port is right, ask the administrator whether the Lync/Skype for Business front-end service is running.'],
      audience: 'admin',
    },
    requires: ['client.account', 'tcp.connect', 'transport.event', 'tls.handshake', 'sip.register', 'client.error'],
  },
  check(ev) {
    const a = accountOf(ev);
    const connects = ev.all('tcp.connect').filter((c) => c.data.purpose !== 'http');
    const refused = connects.filter((c) => c.data.outcome === 'refused');
    if (!connects.length) return { status: 'inconclusive', reason: 'no SIP connection attempt was observed' };
    if (!refused.length) return { status: 'pass' };
    const problems: Problem<'refused' | 'refusedSurvived' | 'refusedTranslated'>[] = refused.map((c) => {
      const survived = progressOf(ev).progressedAfter(c);
      const fromSetting = a.serverHost !== undefined && normalizeHost(a.serverHost) === normalizeHost(c.data.host);
      const alt = c.data.port === 5061 ? 443 : 5061;
      return {
        messageId: survived ? 'refusedSurvived' : c.data.basis === 'translated-text' ? 'refusedTranslated' : 'refused',
        data: { host: c.data.host, port: c.data.port, text: c.data.error ?? '', language: c.data.language ?? '' },
        evidence: [c, ...ev.all('client.error')].slice(0, survived ? 1 : 2),
        severity: survived ? 'warning' : 'error',
        confidence: c.data.basis === 'translated-text' ? 'inferred' : 'confirmed',
        ...(fromSetting
          ? {
              remediation: {
                summary: `Check the port of the Server[:Port] field: nothing listens on ${c.data.host}:${c.data.port}.`,
                steps: [`On the Advanced tab try Server[:Port] = ${c.data.host}:${alt} (front ends use 5061, Edge servers 443), or clear the field to use auto-discovery.`, 'If that fails too, ask the administrator which server and port to use.'],
                audience: 'user' as const,
                settings: [{ field: 'Server[:Port]', key: 'server', value: `${c.data.host}:${alt}`, tab: 'Advanced' as const }],
              },
            }
          : {}),
      };
    });
    return { status: 'fail', problems };
  },
});
