import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './connect-timeout.js';

ruleTester.run(rule, {
  pass: [{ name: 'connected', evidence: [ev.tcp()] }],
  fail: [
    { name: 'timeout', evidence: [ev.tcp({ outcome: 'timeout', durationMs: 21_000 })], problems: [{ messageId: 'timeout', data: { after: ' after 21 s' } }] },
    { name: 'unreachable', evidence: [ev.tcp({ outcome: 'unreachable' })], problems: [{ messageId: 'unreachable' }] },
    { name: 'timeout survived', evidence: [ev.tcp({ outcome: 'timeout' }), ev.register({ status: 401 })], problems: [{ messageId: 'timeoutSurvived', severity: 'warning' }] },
  ],
  inconclusive: [{ name: 'only HTTP', evidence: [ev.tcp({ purpose: 'http' })] }],
});
