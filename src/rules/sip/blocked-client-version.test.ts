import { expect } from 'vitest';
import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './blocked-client-version.js';

const warning399 = { code: 399, agent: 'fe01.corp.example', text: 'You are currently not using the recommended version of the client' };
const diag17002 = { code: 17002, reason: 'Invalid protocol client version.', source: 'fe01.corp.example', public: false };
const rejected = 'You have been rejected by the server: You are currently not using the recommended version of the client';

const blocked403 = (d: Parameters<typeof ev.register>[0] = {}) => ev.register({ status: 403, warnings: [warning399], msDiagnostics: [diag17002], ...d });

ruleTester.run(rule, {
  pass: [
    { name: 'registered', evidence: [ev.account(), ev.register({ status: 401, challenges: [{ scheme: 'NTLM', params: {} }] }), ev.register({ status: 200 })] },
    { name: '403 with remote-access diagnostics is another rule', evidence: [ev.register({ status: 403, msDiagnostics: [{ code: 4003, reason: 'From URI not enabled for remote access.', public: true }] })] },
    { name: 'a different client error', evidence: [ev.clientError({ reason: 2, description: 'Authentication failed' })] },
  ],
  fail: [
    {
      name: 'translated rejection holding the version policy words, reason 7',
      evidence: [ev.register({ status: 403 }), ev.translatedError(7, 'サーバに拒否されました: You are currently not using the recommended version of the client', 'ja')],
      problems: [{ messageId: 'translatedText', confidence: 'inferred' }],
    },
    {
      name: 'sample: 403 + Warning 399 + ms-diagnostics 17002, no Server header → Lync 2013 UA',
      evidence: [ev.account({ server: '127.0.0.1:5062' }), blocked403(), ev.clientError({ reason: 7, description: rejected, detail: warning399.text })],
      problems: [{
        messageId: 'blocked', confidence: 'confirmed', severity: 'error',
        data: { serverSaid: /Warning 399 fe01\.corp\.example "You are currently not using the recommended version of the client".*ms-diagnostics 17002 "Invalid protocol client version\."/, userAgent: 'Purple/2.14.12 Sipe/1.25.0 (linux-x86_64)', warningCode: 399, diagnostics: 17002 },
        settings: [{ field: 'User Agent', key: 'useragent', tab: 'Advanced', value: 'UCCAPI/15.0.4420.1017 OC/15.0.4420.1017 (Microsoft Lync)' }],
        remediation: (r) => expect(r.steps.join('\n')).toContain('UCCAPI/4.0.7577.314'),
      }],
    },
    {
      name: "check's User-Agent negotiation: the first accepted User-Agent test is the setting; the tests are not SIPE's REGISTER",
      evidence: [
        ev.account(), blocked403({ userAgent: 'Purple/2.14.12 Sipe/1.25.0' }),
        ev.userAgentTest({ status: 403, warnings: [warning399], msDiagnostics: [diag17002], userAgent: 'UCCAPI/16.0.4339.1000 OC/16.0.4351.1000 (Skype for Business)' }),
        ev.userAgentTest({ status: 401, userAgent: 'UCCAPI/15.0.4420.1017 OC/15.0.4420.1017 (Microsoft Lync)' }),
        ev.userAgentTest({ status: 401, userAgent: 'UCCAPI/4.0.7577.314 OC/4.0.7577.314 (Microsoft Lync 2010)' }),
      ],
      problems: [{
        messageId: 'blocked', data: { userAgent: 'Purple/2.14.12 Sipe/1.25.0' },
        settings: [{ field: 'User Agent', value: 'UCCAPI/15.0.4420.1017 OC/15.0.4420.1017 (Microsoft Lync)' }],
        remediation: (r) => expect(r.summary).toBe('The server accepted "UCCAPI/15.0.4420.1017 OC/15.0.4420.1017 (Microsoft Lync)": set User Agent to exactly that.'),
      }],
    },
    {
      name: 'Server: RTC/4.0 → Lync 2010 string',
      evidence: [ev.account(), blocked403({ server: 'RTC/4.0', warnings: [{ code: 312, agent: 'lcs.microsoft.com', text: 'https://example/update.aspx' }], msDiagnostics: [] })],
      problems: [{ messageId: 'blocked', settings: [{ value: 'UCCAPI/4.0.7577.314 OC/4.0.7577.314 (Microsoft Lync 2010)' }] }],
    },
    {
      name: 'Server: RTC/3.5 → OC 2007 R2 string',
      evidence: [blocked403({ server: 'RTC/3.5.0.0', warnings: [] , msDiagnostics: [{ code: 17003, public: false }] })],
      problems: [{ messageId: 'blocked', settings: [{ value: 'UCCAPI/3.5.6907.0 OC/3.5.6907.0 (Microsoft Office Communicator 2007 R2)' }] }],
    },
    {
      name: 'Server: RTC/6.0 and the Lync 2013 UA already set → next string',
      evidence: [ev.account({ userAgent: 'UCCAPI/15.0.4420.1017 OC/15.0.4420.1017 (Microsoft Lync)' }), blocked403({ server: 'RTC/6.0' })],
      problems: [{ messageId: 'blocked', settings: [{ value: 'UCCAPI/16.0.4339.1000 OC/16.0.4351.1000 (Skype for Business)' }] }],
    },
    {
      name: 'registrar on online.lync.com → Lync 2010 string',
      evidence: [blocked403({ registrar: 'sipdir.online.lync.com:443' })],
      problems: [{ messageId: 'blocked', settings: [{ value: 'UCCAPI/4.0.7577.314 OC/4.0.7577.314 (Microsoft Lync 2010)' }] }],
    },
    {
      name: 'only the client error text (no dump) → inferred',
      evidence: [ev.account(), ev.register({ outcome: 'rejected' }), ev.clientError({ reason: 7, description: rejected })],
      problems: [{ messageId: 'clientText', confidence: 'inferred', settings: [{ field: 'User Agent', value: 'UCCAPI/15.0.4420.1017 OC/15.0.4420.1017 (Microsoft Lync)' }] }],
    },
    {
      name: 'a 403 seen only as a status (short dump, no headers) plus the client text → inferred',
      evidence: [ev.account(), ev.register({ outcome: 'rejected', status: 403 }), ev.clientError({ reason: 7, description: 'You have been rejected by the server: Check Microsoft Update for the newest version.' })],
      problems: [{ messageId: 'clientText', confidence: 'inferred' }],
    },
    {
      name: 'translated error matched through its English msgid',
      evidence: [ev.clientError({ reason: 7, description: 'Sie wurden vom Server abgewiesen: https://update.corp.example', english: 'You have been rejected by the server: https://update.corp.example', translated: true, language: 'de' })],
      problems: [{ messageId: 'clientText', confidence: 'inferred' }],
    },
  ],
  inconclusive: [
    { name: 'account only', evidence: [ev.account()] },
  ],
});
