import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './connect-timeout.js';

ruleTester.run(rule, {
  pass: [{ name: 'connected', evidence: [ev.tcp()] }],
  fail: [
    {
      name: 'a translated strerror (Polish glibc text for "No route to host"): inferred',
      evidence: [ev.tcp({ outcome: 'unreachable', error: 'Brak trasy do hosta', basis: 'translated-text', errorEnglish: 'No route to host', language: 'pl' })],
      problems: [{ messageId: 'translated', confidence: 'inferred', data: { english: 'No route to host', language: 'pl' } }],
    },
    { name: 'timeout', evidence: [ev.tcp({ outcome: 'timeout', durationMs: 21_000 })], problems: [{ messageId: 'timeout', data: { after: ' after 21 s' } }] },
    {
      name: 'log ends while SIPE is still connecting (no Connected, no error) → inferred, with the wait time',
      evidence: [ev.transport({ event: 'connect', host: '127.0.0.1', port: 48961 }), ev.tcp({ host: '127.0.0.1', port: 48961, outcome: 'timeout', durationMs: 5000, error: 'the log ends 5 s after SIPE started connecting, with no answer' }, { source: { type: 'log', file: 'x.log', lines: [170, 172] } })],
      problems: [{ messageId: 'pendingAtLogEnd', confidence: 'inferred', severity: 'error', data: { waited: '5 s', host: '127.0.0.1' } }],
    },
    { name: 'unreachable', evidence: [ev.tcp({ outcome: 'unreachable' })], problems: [{ messageId: 'unreachable' }] },
    { name: 'timeout survived', evidence: [ev.tcp({ outcome: 'timeout' }), ev.register({ status: 401 })], problems: [{ messageId: 'timeoutSurvived', severity: 'warning' }] },
  ],
  inconclusive: [{ name: 'only HTTP', evidence: [ev.tcp({ purpose: 'http' })] }],
});
