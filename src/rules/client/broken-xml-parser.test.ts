import type { ClientEnvironment, InstalledComponent } from '../../evidence/kinds.js';
import { ev } from '../../../test/helpers/evidence.js';
import { ruleTester } from '../../../test/helpers/rule-tester.js';
import rule from './broken-xml-parser.js';

const mex = 'https://lyncweb.corp.example/CertProv/CertProvisioningService.svc/mex';

const dpkg = (pkg: string, version: string): InstalledComponent => ({ installed: true, version, upstream: version.replace(/-[^-]*$/, ''), via: 'dpkg', package: pkg });
let n = 0;
/** a `client.environment` observation as `sipe-doctor env` makes it (Debian 12 with the broken pair unless told) */
function env(d: Partial<ClientEnvironment['data']> = {}): ClientEnvironment {
  n += 1;
  return {
    id: `env${n}`,
    kind: 'client.environment',
    source: { type: 'probe', probe: 'environment' },
    data: { platform: 'linux', packageManager: 'dpkg', sipe: dpkg('pidgin-sipe', '1.25.0-2.1+b1'), libxml2: dpkg('libxml2', '2.9.14+dfsg-1.3~deb12u6'), ...d },
  };
}

ruleTester.run(rule, {
  pass: [
    { name: 'metadata read', evidence: [ev.http({ url: mex, purpose: 'webticket-metadata', status: 200, outcome: 'ok' })] },
    { name: 'the log shows SIPE reading XML although the pair is installed (the shim)', evidence: [env(), ev.http({ url: mex, purpose: 'webticket-metadata', status: 200, outcome: 'ok' })] },
  ],
  fail: [
    {
      name: 'a 200 that SIPE did not read',
      evidence: [ev.http({ url: mex, purpose: 'webticket-metadata', status: 200, outcome: 'ok', parseFailed: true })],
      problems: [{ messageId: 'unparsed', confidence: 'inferred', severity: 'error', data: { url: mex } }],
    },
    {
      name: 'a 200 that SIPE did not read, on a machine with the broken pair',
      evidence: [env({}), ev.http({ url: mex, purpose: 'webticket-metadata', status: 200, outcome: 'ok', parseFailed: true })],
      problems: [{ messageId: 'unparsed', confidence: 'confirmed', data: { url: mex }, evidence: [`env${n}`] }],
    },
    {
      name: 'the environment alone: pidgin-sipe 1.25 with libxml2 ~deb12u6',
      evidence: [env()],
      problems: [{ messageId: 'brokenPair', confidence: 'confirmed', severity: 'error', data: { sipe: '1.25.0-2.1+b1', libxml2: '2.9.14+dfsg-1.3~deb12u6' } }],
    },
    {
      name: 'the first broken build (~deb12u2), SIPE read from the plugin file',
      evidence: [env({ sipe: { installed: true, version: '1.25.0', upstream: '1.25.0', via: 'file', path: '/usr/lib/purple-2/libsipe.so' }, libxml2: dpkg('libxml2', '2.9.14+dfsg-1.3~deb12u2') })],
      problems: [{ messageId: 'brokenPair', confidence: 'confirmed', data: { sipe: '1.25.0', libxml2: '2.9.14+dfsg-1.3~deb12u2' } }],
    },
    {
      name: 'a later bookworm update (~deb12u10 sorts after ~deb12u2)',
      evidence: [env({ libxml2: dpkg('libxml2', '2.9.14+dfsg-1.3~deb12u10') })],
      problems: [{ messageId: 'brokenPair', data: { libxml2: '2.9.14+dfsg-1.3~deb12u10' } }],
    },
    {
      name: 'the broken pair, but the account signs in with NTLM to a set server: a warning, not the cause',
      evidence: [env(), ev.account({ server: 'sip.corp.example:443', authentication: 'ntlm' })],
      problems: [{ messageId: 'notNeeded', confidence: 'confirmed', severity: 'warning', data: { auth: 'NTLM', server: 'sip.corp.example:443' } }],
    },
    {
      name: 'the broken pair and a TLS-DSK account: the cause',
      evidence: [env(), ev.account({ server: 'sip.corp.example:443', authentication: 'tls-dsk' })],
      problems: [{ messageId: 'brokenPair', confidence: 'confirmed', severity: 'error' }],
    },
  ],
  inconclusive: [
    { name: 'no 200 answer', evidence: [ev.http({ url: mex, purpose: 'webticket-metadata', status: 500, outcome: 'http-error' })] },
    { name: 'Debian 12 before the update (~deb12u1)', evidence: [env({ libxml2: dpkg('libxml2', '2.9.14+dfsg-1.3~deb12u1') })] },
    { name: 'Debian 11 libxml2', evidence: [env({ sipe: dpkg('pidgin-sipe', '1.24.0-2'), libxml2: dpkg('libxml2', '2.9.10+dfsg-6.7+deb11u4') })] },
    { name: 'Ubuntu libxml2', evidence: [env({ libxml2: dpkg('libxml2', '2.9.14+dfsg-1.3ubuntu3.1') })] },
    { name: 'libxml2 of an RPM distribution', evidence: [env({ packageManager: 'rpm', libxml2: { installed: true, version: '2.10.2-6.fc38', via: 'rpm', package: 'libxml2' } })] },
    { name: 'the broken libxml2, but pidgin-sipe is not installed', evidence: [env({ sipe: { installed: false, via: 'dpkg' } })] },
    { name: 'the broken libxml2 with another SIPE release', evidence: [env({ sipe: dpkg('pidgin-sipe', '1.24.0-2') })] },
    { name: 'the broken libxml2, SIPE version unknown', evidence: [env({ sipe: { installed: true, via: 'file', path: '/usr/lib/purple-2/libsipe.so' } })] },
    { name: 'an environment from another machine with nothing known', evidence: [{ ...env(), data: { platform: 'win32' } }] },
  ],
});
