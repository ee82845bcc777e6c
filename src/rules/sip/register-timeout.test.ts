import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './register-timeout.js';

ruleTester.run(rule, {
  pass: [
    { name: 'answered', evidence: [ev.register({ status: 401 }), ev.register({ status: 200 })] },
    { name: 'a retry was answered', evidence: [ev.register({ outcome: 'no-response' }), ev.register({ status: 200 })] },
    { name: '503 explains the text', evidence: [ev.register({ status: 503 }), ev.clientError({ description: 'Service unavailable: no reason given' })] },
  ],
  fail: [
    {
      name: 'six unanswered REGISTERs',
      evidence: [...Array.from({ length: 6 }, () => ev.register({ outcome: 'no-response' })), ev.clientError({ description: 'Service unavailable: no reason given' })],
      problems: [{ messageId: 'noAnswer', confidence: 'confirmed', data: { count: 6, registrar: 'pool01.corp.example:5061' } }],
    },
    { name: 'text only', evidence: [ev.clientError({ description: 'Service unavailable: no reason given' })], problems: [{ messageId: 'clientText', confidence: 'inferred' }] },
  ],
  inconclusive: [],
});
