import { defineRule } from '../types.js';
import { progressOf } from '../../evidence/derive/progress.js';

/** the logs recognizer's wording for a SIP connect still pending when the log ends (.scratch/logs-requests.md) */
const LOG_ENDED = /^the log ends\b/i;

export default defineRule({
  meta: {
    id: 'network/connect-timeout',
    category: 'network',
    rootCause: 'tcp-connect-timeout',
    severity: 'error',
    title: 'The SIP server is reachable',
    failureTitle: 'The SIP server could not be reached (timeout)',
    description: 'A connection that times out or finds no route means packets are dropped on the way: a firewall, a VPN that is not connected, or an internal server name used from outside.',
    messages: {
      timeout: 'Connecting to {host}:{port} timed out{after}: packets to the server are dropped on the way.',
      unreachable: '{host}:{port} is unreachable from this network (no route).',
      pendingAtLogEnd: 'SIPE started connecting to {host}:{port} and got no answer: the log ends {waited} later with the connection neither made nor refused, as when packets to the server are dropped (SIPE keeps waiting about two minutes before it reports an error).',
      timeoutSurvived: 'Connecting to {host}:{port} timed out, but SIPE went on to the next server candidate.',
      translated: 'Connecting to {host}:{port} failed with the system text "{text}", glibc\'s {language} text for "{english}": packets to the server are dropped on the way or there is no route. Only the translated text says so; `sipe-doctor check` against {host}:{port} (or a log taken with LC_ALL=C) would confirm it.',
    },
    remediation: {
      summary: 'Connect the VPN or use the external (Edge) server, and have the firewall allow the SIP port.',
      steps: [
        'If the server is internal (e.g. a pool name on port 5061), connect to the company VPN first.',
        'From outside the company network use the Edge server on port 443 (usually sip.<domain>:443) in Server[:Port].',
        'Ask the network administrator to allow outgoing TCP to the server\'s SIP port (5061 or 443).',
      ],
      audience: 'network',
    },
    requires: ['tcp.connect', 'transport.event', 'tls.handshake', 'sip.register', 'client.error'],
  },
  check(ev) {
    const connects = ev.all('tcp.connect').filter((c) => c.data.purpose !== 'http');
    if (!connects.length) return { status: 'inconclusive', reason: 'no SIP connection attempt was observed' };
    const bad = connects.filter((c) => c.data.outcome === 'timeout' || c.data.outcome === 'unreachable');
    if (!bad.length) return { status: 'pass' };
    return {
      status: 'fail',
      problems: bad.map((c) => {
        const survived = progressOf(ev).progressedAfter(c);
        // the log stops while SIPE is still connecting: no answer, but not a timeout SIPE reported
        const logEnded = c.data.error !== undefined && LOG_ENDED.test(c.data.error);
        const translated = c.data.basis === 'translated-text';
        const messageId = survived ? 'timeoutSurvived' : translated ? 'translated' : c.data.outcome === 'unreachable' ? 'unreachable' : logEnded ? 'pendingAtLogEnd' : 'timeout';
        const secs = c.data.durationMs !== undefined ? Math.round(c.data.durationMs / 1000) : undefined;
        return {
          messageId,
          data: { host: c.data.host, port: c.data.port, text: c.data.error ?? '', language: c.data.language ?? '', english: c.data.errorEnglish ?? '', after: secs !== undefined ? ` after ${secs} s` : '', waited: secs !== undefined ? `${secs} s` : 'a while' },
          evidence: [c],
          severity: survived ? 'warning' as const : 'error' as const,
          confidence: logEnded || translated ? 'inferred' as const : 'confirmed' as const,
        };
      }),
    };
  },
});
