import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './unhandled-register-response.js';

ruleTester.run(rule, {
  pass: [
    { name: '401 then 200', evidence: [ev.register({ status: 401 }), ev.register({ status: 200 })] },
    { name: '301 is handled', evidence: [ev.register({ status: 301, contact: '<sip:pool02.corp.example:5061;transport=tls>' })] },
    { name: '403 is handled', evidence: [ev.register({ status: 403 })] },
  ],
  fail: [
    { name: '480', evidence: [ev.register({ status: 480 })], problems: [{ messageId: 'ignored', data: { serverSaid: '480 Temporarily Unavailable' } }] },
    {
      name: '302 with Contact → Server[:Port]',
      evidence: [ev.register({ status: 302, contact: '<sip:pool02.corp.example:5061;transport=tls>' })],
      problems: [{ messageId: 'redirect', settings: [{ field: 'Server[:Port]', key: 'server', value: 'pool02.corp.example:5061' }] }],
    },
  ],
  inconclusive: [],
});
