import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './server-disconnect.js';

ruleTester.run(rule, {
  pass: [
    { name: 'registered', evidence: [ev.transport({ event: 'connected' }), ev.register({ status: 200 })] },
    { name: 'SIPE drops the connection after its own error', evidence: [ev.transport(), ev.register({ status: 403 }), ev.clientError({ reason: 7, description: 'You have been rejected by the server: x' }), ev.transport({ event: 'disconnected' })] },
  ],
  fail: [
    { name: 'EOF during REGISTER', evidence: [ev.transport(), ev.transport({ event: 'disconnected' }), ev.clientError({ description: 'Server has disconnected' })], problems: [{ messageId: 'dropped', confidence: 'confirmed', data: { peer: 'pool01.corp.example:5061', event: 'disconnected' } }] },
    { name: 'text only', evidence: [ev.clientError({ description: 'Read error' })], problems: [{ messageId: 'clientText', confidence: 'inferred' }] },
  ],
  inconclusive: [
    { name: 'nothing', evidence: [ev.account()] },
    { name: 'TCP to a TLS port is the TLS rule\'s', evidence: [ev.account({ transport: 'tcp' }), ev.tcp({ port: 5061 }), ev.transport({ event: 'disconnected' })], status: 'not-applicable' },
  ],
});
