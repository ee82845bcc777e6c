import { expect } from 'vitest';
import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './rejected-credentials.js';

ruleTester.run(rule, {
  pass: [
    { name: 'handshake completed', evidence: [ev.account(), ev.register({ status: 401 }), ev.auth({ event: 'completed', scheme: 'NTLM' }), ev.register({ status: 200 })] },
    { name: 'Auto fell back to the next scheme and registered', evidence: [ev.auth({ event: 'handshake-failed', detail: 'trying next authentication scheme' }), ev.register({ status: 200 })] },
  ],
  fail: [
    {
      name: 'NTLM gave up, blank Login → re-enter the password, keep the Login; no made-up DOMAIN\\user to type',
      evidence: [ev.account({ login: '' }), ev.register({ status: 401, authorizationScheme: 'NTLM' }), ev.auth({ event: 'handshake-failed', scheme: 'NTLM', detail: 'giving up' }), ev.clientError({ reason: 2, description: 'Authentication failed' })],
      problems: [{
        messageId: 'gaveUp', confidence: 'confirmed', data: { scheme: 'NTLM', login: 'alice@corp.example (Login blank)' },
        remediation: (r) => {
          expect(r.summary).toBe('Re-enter the password, and keep your Login as it is.');
          expect(r.settings ?? []).toEqual([]);
          expect([r.summary, ...r.steps].join('\n')).not.toContain('CORP\\alice');
        },
      }],
    },
    {
      name: 'a tail with only "giving up" (no 401 in it): a clock-skewed sign-in ends the same way, so inferred',
      evidence: [ev.auth({ event: 'handshake-failed', detail: 'giving up' }), ev.clientError({ reason: 2, description: 'Authentication failed' })],
      problems: [{ messageId: 'gaveUp', confidence: 'inferred' }],
    },
    {
      name: 'bare Login without a domain → DOMAIN\\user suggested',
      evidence: [ev.account({ login: 'alice' }), ev.register({ status: 401, authorizationScheme: 'NTLM' }), ev.auth({ event: 'handshake-failed', scheme: 'NTLM', detail: 'giving up' })],
      problems: [{ messageId: 'gaveUp', settings: [{ field: 'Login', key: 'login', value: 'CORP\\alice', tab: 'Basic' }] }],
    },
    {
      name: 'repeated 401 to authenticated REGISTERs (live probe)',
      evidence: [ev.account({ login: 'CORP\\alice' }), ev.register({ status: 401 }), ev.register({ status: 401, authorizationScheme: 'NTLM' }), ev.register({ status: 401, authorizationScheme: 'NTLM' }), ev.clientError({ reason: 2, description: 'Authentication failed' })],
      problems: [{ messageId: 'repeated401', data: { count: 2, login: 'CORP\\alice' } }],
    },
    { name: 'no credentials', evidence: [ev.auth({ event: 'no-credentials', scheme: 'NTLM', detail: 'no valid authentication information provided' })], problems: [{ messageId: 'noCredentials' }] },
    { name: 'text only', evidence: [ev.account({ login: 'alice' }), ev.clientError({ reason: 2, description: 'Authentication failed' })], problems: [{ messageId: 'clientText', confidence: 'inferred' }] },
  ],
  inconclusive: [{ name: 'account only', evidence: [ev.account()] }],
});
