import { describe, expect, it } from 'vitest';
import type { Observation, Of } from '../evidence/kinds.js';
import { createProbeRecorder } from './recorder.js';
import { createFakePorts } from '../../test/helpers/fake-ports.js';
import { soapFaultText } from '../protocol/soap-fault.js';
import { runWebTicket } from './webticket.js';

const kinds = <K extends Observation['kind']>(obs: readonly { kind: string }[], k: K): Of<K>[] => obs.filter((o) => o.kind === k) as Of<K>[];
const STS = 'https://web.corp.example/CertProv/CertProvisioningService.svc';
const CERT_MEX = '<wsdl:definitions><wsp:Policy wsu:Id="CertProvisioningServiceWebTicketProof_SHA1_policy"><sp:SignedSupportingTokens><sp:IssuedToken><sp:Issuer><wsa10:Address>https://web.corp.example/WebTicket/WebTicketService.svc</wsa10:Address></sp:Issuer></sp:IssuedToken></sp:SignedSupportingTokens></wsp:Policy><wsdl:port name="CertProvisioningServiceWebTicketProof_SHA1" binding="x"><soap:address location="https://web.corp.example/CertProv/CertProvisioningService.svc/WebTicket_Proof_SHA1"/></wsdl:port></wsdl:definitions>';
const WT_MEX = '<wsdl:definitions><wsdl:port name="WebTicketServiceWinNegotiate" binding="x"><soap:address location="https://web.corp.example/WebTicket/WebTicketService.svc/Auth"/></wsdl:port></wsdl:definitions>';

function setup() {
  const ports = createFakePorts({});
  const web = ports.mock.get('https://web.corp.example');
  web.intercept({ path: '/CertProv/CertProvisioningService.svc/mex', method: 'GET' }).reply(200, CERT_MEX);
  web.intercept({ path: '/WebTicket/WebTicketService.svc/mex', method: 'GET' }).reply(200, WT_MEX);
  const rec = createProbeRecorder({
    target: { address: 'alice@corp.example', user: 'alice', domain: 'corp.example' },
    net: ports,
    env: { now: () => new Date(), monotonicMs: () => performance.now(), randomBytes: (n) => new Uint8Array(n) },
    timeoutMs: 500,
    budgetMs: 5000,
  });
  return { ports, web, rec };
}

describe('web ticket / certificate provisioning path', () => {
  it('reads a SOAP fault text (1.1 and Passport style)', () => {
    expect(soapFaultText('<s:Envelope><s:Body><s:Fault><faultcode>a:X</faultcode><faultstring xml:lang="en-US">Web ticket request error - SIP URI mismatch</faultstring></s:Fault></s:Body></s:Envelope>')).toBe('Web ticket request error - SIP URI mismatch');
    // the most specific text, as the log analyzer quotes it (not every text of the fault joined)
    expect(soapFaultText('<S:Fault><S:Reason><S:Text>Authentication Failure</S:Text></S:Reason><S:Detail><psf:error><psf:internalerror><psf:text>AADSTS50076: MFA</psf:text></psf:internalerror></psf:error></S:Detail></S:Fault>')).toBe('AADSTS50076: MFA');
    expect(soapFaultText('<ok/>')).toBeUndefined();
  });

  it('records a refused web ticket with the server fault', async () => {
    const { web, rec } = setup();
    web.intercept({ path: '/WebTicket/WebTicketService.svc/Auth', method: 'POST' }).reply(500, '<s:Fault><faultstring>The SIP URI in the claim does not match</faultstring></s:Fault>', { headers: { 'x-ms-diagnostics': '28032;reason="SIP URI mismatch"' } });
    await runWebTicket(rec.ctx, { stsUri: STS, address: 'alice@corp.example', login: 'bob@corp.example', userAgent: 'UA' });
    const http = kinds(rec.drafts, 'http.exchange');
    expect(http.map((h) => h.data.purpose)).toEqual(['webticket-metadata', 'webticket-metadata', 'webticket']);
    expect(http[2]?.data).toMatchObject({ status: 500, outcome: 'fault', fault: 'The SIP URI in the claim does not match', msDiagnostics: [{ code: 28032 }] });
    expect(kinds(rec.drafts, 'webticket.result')[0]?.data).toMatchObject({ stage: 'webticket', outcome: 'failed', fault: 'The SIP URI in the claim does not match' });
  });

  it('goes on to certificate provisioning once a ticket is issued, and keeps the ticket out of the evidence', async () => {
    const { web, rec } = setup();
    web.intercept({ path: '/WebTicket/WebTicketService.svc/Auth', method: 'POST' }).reply(200, '<Envelope><Body><RequestSecurityTokenResponse><saml:Assertion ID="x">SECRET-TICKET</saml:Assertion></RequestSecurityTokenResponse></Body></Envelope>');
    let sent = '';
    web.intercept({ path: '/CertProv/CertProvisioningService.svc/WebTicket_Proof_SHA1', method: 'POST' }).reply(500, (opts) => {
      sent = String(opts.body);
      return '<s:Fault><faultstring>GetAndPublishCert failed</faultstring></s:Fault>';
    });
    await runWebTicket(rec.ctx, { stsUri: STS, address: 'alice@corp.example', login: 'alice@corp.example', userAgent: 'UA', makeCsr: async () => 'Q1NS' });
    expect(sent).toContain('SECRET-TICKET');
    expect(sent).toContain('Q1NS');
    const results = kinds(rec.drafts, 'webticket.result').map((r) => `${r.data.stage} ${r.data.outcome}`);
    expect(results).toEqual(['webticket issued', 'certificate failed']);
    expect(JSON.stringify(rec.drafts)).not.toContain('SECRET-TICKET');
  });

  it('never uses plain HTTP for the web ticket path', async () => {
    const { rec } = setup();
    await runWebTicket(rec.ctx, { stsUri: 'http://web.corp.example/CertProv/CertProvisioningService.svc', address: 'alice@corp.example', login: 'alice@corp.example', userAgent: 'UA', password: 'pw' });
    expect(kinds(rec.drafts, 'http.exchange')[0]?.data.fault).toMatch(/refusing to use http:/);
    expect(kinds(rec.drafts, 'webticket.result')[0]?.data.outcome).toBe('failed');
  });
});
