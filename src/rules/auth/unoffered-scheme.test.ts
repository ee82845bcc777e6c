import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './unoffered-scheme.js';

const tlsDskOnly = [{ scheme: 'TLS-DSK', params: { realm: 'SIP Communications Service', 'sts-uri': 'https://pool01.corp.example/CertProv/CertProvisioningService.svc' } }];

ruleTester.run(rule, {
  pass: [
    { name: 'NTLM chosen and offered', evidence: [ev.account({ authentication: 'ntlm' }), ev.register({ status: 401, challenges: [{ scheme: 'NTLM', params: {} }, { scheme: 'Kerberos', params: {} }] })] },
    { name: 'registered', evidence: [ev.register({ status: 200 })] },
  ],
  fail: [
    {
      name: 'translated error with reason 3 right after SIPE found no NTLM in the 401 (no bodies)',
      evidence: [
        ev.account({ authentication: 'ntlm' }),
        ev.register({ status: 401 }),
        ev.auth({ event: 'scheme-not-offered', scheme: 'ntlm', protocol: 'sip' }),
        ev.translatedError(3, 'Schéma d’authentification choisi incompatible'),
      ],
      problems: [{ messageId: 'notFoundByReason', confidence: 'inferred', data: { missing: 'ntlm', reason: '3' } }],
    },
    {
      name: 'NTLM chosen, Office 365 offers TLS-DSK only',
      evidence: [ev.account({ authentication: 'ntlm' }), ev.register({ status: 401, challenges: tlsDskOnly }), ev.clientError({ reason: 3, description: 'Incompatible authentication scheme chosen' })],
      problems: [{ messageId: 'notOffered', confidence: 'confirmed', data: { chosen: 'NTLM', offered: 'TLS-DSK' }, settings: [{ field: 'Authentication scheme', key: 'authentication', value: 'tls-dsk', choice: 'TLS-DSK' }] }],
    },
    {
      name: 'log lines only: sipmsg_find_auth_header not found',
      evidence: [ev.auth({ event: 'scheme-not-offered', scheme: 'NTLM' }), ev.clientError({ reason: 3, description: 'Incompatible authentication scheme chosen' })],
      problems: [{ messageId: 'notFound', confidence: 'confirmed', data: { missing: 'NTLM' } }],
    },
    { name: 'text only', evidence: [ev.clientError({ reason: 3, description: 'Incompatible authentication scheme chosen' })], problems: [{ messageId: 'clientText', confidence: 'inferred' }] },
  ],
  inconclusive: [
    { name: 'account only', evidence: [ev.account()] },
    {
      name: 'a scheme missing from an answer, then a stop with another reason (not this cause)',
      evidence: [ev.register({ status: 401 }), ev.auth({ event: 'scheme-not-offered', scheme: 'negotiate', protocol: 'sip' }), ev.translatedError(2, 'Échec')],
    },
  ],
});
