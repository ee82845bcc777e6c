import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './broken-xml-parser.js';

const mex = 'https://lyncweb.corp.example/CertProv/CertProvisioningService.svc/mex';

ruleTester.run(rule, {
  pass: [{ name: 'metadata read', evidence: [ev.http({ url: mex, purpose: 'webticket-metadata', status: 200, outcome: 'ok' })] }],
  fail: [
    {
      name: 'a 200 that SIPE did not read',
      evidence: [ev.http({ url: mex, purpose: 'webticket-metadata', status: 200, outcome: 'ok', parseFailed: true })],
      problems: [{ messageId: 'unparsed', confidence: 'inferred', severity: 'error', data: { url: mex } }],
    },
  ],
  inconclusive: [{ name: 'no 200 answer', evidence: [ev.http({ url: mex, purpose: 'webticket-metadata', status: 500, outcome: 'http-error' })] }],
});
