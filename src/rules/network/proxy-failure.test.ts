import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './proxy-failure.js';

ruleTester.run(rule, {
  pass: [{ name: 'proxy connected', evidence: [ev.proxy(), ev.tcp({ proxy: 'proxy.corp.example:3128' })] }],
  fail: [
    { name: '407', evidence: [ev.proxy({ outcome: 'auth-required', status: 407 }), ev.clientError()], problems: [{ messageId: 'authRequired', data: { proxy: 'proxy.corp.example:3128', status: 407 } }] },
    { name: 'unsupported proxy type', evidence: [ev.proxy({ outcome: 'error', detail: "Proxy protocol 'http' is not supported" })], problems: [{ messageId: 'failed', data: { detail: ": Proxy protocol 'http' is not supported" } }] },
    { name: 'CONNECT refused', evidence: [ev.proxy({ outcome: 'rejected', status: 403 })], problems: [{ messageId: 'rejected' }] },
  ],
  inconclusive: [{ name: 'no proxy', evidence: [ev.tcp()], status: 'not-applicable' }],
});
