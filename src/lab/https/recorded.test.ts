/**
 * The real SIPE client's logs of the web-ticket scenarios (fixtures/lab, recorded against this web
 * tier) lead the analyzer to each scenario's root cause, and show SIPE passing the steps before it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../pipeline/diagnose.js';
import { parseLogSources } from '../../logs/index.js';
import { readLogLines } from '../../logs/read.js';
import { findScenario } from '../scenarios/index.js';

const dir = new URL('../../../fixtures/lab/', import.meta.url).pathname;

const STEPS: Record<string, RegExp[]> = {
  'webticket-failed': [/service_metadata: Auth URI /, /webticket_metadata: WebTicket Windows Negotiate Auth URI /, /sip_sec_acquire_cred__negotiate: fallback to NTLM/],
  'sip-uri-mismatch': [/webticket_metadata: WebTicket FedBearer Auth URI /, /realminfo: no RealmInfo found or no ADFS setup detected/, /webticket_token: received valid SOAP message from service https:\/\/login\.microsoftonline\.com:443\/RST2\.srf/, /does not match the SIP URI associated with the presented credentials/],
  'mfa-required': [/realminfo: ADFS setup detected/, /webticket_token: ADFS authentication failed - assuming Multi-Factor Authentication \(MFA\)/, /^\(AADSTS50076: /m],
  'certificate-provisioning-failed': [/generate_sha1_proof_wsse: found assertionID and successfully computed the key/, /certprov_webticket: got ticket for /, /SOAPAction: "http:\/\/schemas\.microsoft\.com\/OCS\/AuthWebServices\/GetAndPublishCert"/],
};

describe.each(Object.keys(STEPS))('recorded SIPE log: %s', (name) => {
  const file = `${dir}${name}.log`;
  it('passes the earlier steps of the web ticket state machine', () => {
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/service_metadata: metadata for service .* retrieved successfully/);
    for (const re of STEPS[name] ?? []) expect(text).toMatch(re);
  });
  it('is diagnosed as the scenario\'s root cause', async () => {
    const lines = readLogLines(file, { stdin: process.stdin });
    const { bundle } = await parseLogSources([{ name: file, lines }]);
    const report = diagnose(bundle, { now: new Date('2026-11-22T01:00:00Z'), startedAt: '2026-11-22T01:00:00Z', durationMs: 0, version: 'test', mode: 'log' });
    expect(report.verdict.rootCause).toBe(findScenario(name)?.expectedRootCause);
  });
});
