import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './invalid-username.js';

ruleTester.run(rule, {
  pass: [{ name: 'SIP address', evidence: [ev.account({ signinName: 'alice@corp.example' })] }],
  fail: [
    { name: 'DOMAIN\\user as Username', evidence: [ev.account({ signinName: 'CORP\\alice' }), ev.clientError({ reason: 1, description: 'User name should be a valid SIP URI\nExample: user@company.com' })], problems: [{ messageId: 'notSipUri', confidence: 'confirmed', data: { signinName: 'CORP\\alice' } }] },
    { name: 'space in the local part', evidence: [ev.account({ signinName: 'alice smith@corp.example' })], problems: [{ messageId: 'whitespace', settings: [{ field: 'Username', value: 'alicesmith@corp.example' }] }] },
    { name: 'tab', evidence: [ev.account({ signinName: 'alice@corp.example\t' })], problems: [{ messageId: 'controlChars', settings: [{ value: 'alice@corp.example' }] }] },
    { name: 'text only', evidence: [ev.clientError({ reason: 1, description: 'SIP Exchange user name contains whitespace' })], problems: [{ messageId: 'clientText', confidence: 'inferred' }] },
  ],
  inconclusive: [{ name: 'unrelated error only', evidence: [ev.clientError()] }],
});
