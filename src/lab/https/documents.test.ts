import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { parseSoapFault, soapFaultText } from '../../protocol/soap-fault.js';
import {
  CERTPROV_FAULT_TEXT, MFA_TEXT, SIP_URI_MISMATCH_DIAG, SIP_URI_MISMATCH_TEXT, certProvMex, managedRealmXml, passportFault,
  rst2TokenResponse, soap12Fault, soapFault, userRealmXml, webTicketMex, webTicketResponse,
} from './documents.js';

// SIPE's XML helpers compare local names (prefixes dropped): read the documents the same way
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true, isArray: (n) => ['Policy', 'port'].includes(n) });
type Node = Record<string, unknown>;
const at = (n: unknown, path: string): unknown => path.split('/').reduce<unknown>((x, k) => {
  const v = (x as Node | undefined)?.[k];
  return Array.isArray(v) ? v[0] : v;
}, n);

const WT = 'https://lyncweb.corp.example/WebTicket/WebTicketService.svc';
const AUTH = 'https://lyncweb.corp.example/CertProv/CertProvisioningService.svc/WebTicket_Proof_SHA1';

describe('certificate provisioning metadata (what SIPE reads at <sts-uri>/mex)', () => {
  it('is a WSDL whose root children carry the proof policy and the port SIPE looks for', () => {
    const defs = parser.parse(certProvMex(WT, AUTH)).definitions as Node;
    const policies = defs['Policy'] as Node[];
    const policy = policies.find((p) => p['@Id'] === 'CertProvisioningServiceWebTicketProof_SHA1_policy');
    expect(policy).toBeDefined();
    expect(at(policy, 'ExactlyOne/All/EndorsingSupportingTokens/Policy/IssuedToken/Issuer/Address')).toBe(WT);
    expect(at(policy, 'ExactlyOne/All/SignedSupportingTokens')).toBeUndefined();
    const port = (at(defs, 'service') as Node)['port'] as Node[];
    const p = port.find((x) => x['@name'] === 'CertProvisioningServiceWebTicketProof_SHA1');
    expect(at(p, 'address/@location')).toBe(AUTH);
  });

  it('names the issuer under SignedSupportingTokens for a bearer ticket', () => {
    const defs = parser.parse(certProvMex(WT, AUTH, { proof: false })).definitions as Node;
    const policy = (defs['Policy'] as Node[])[0];
    expect(at(policy, 'ExactlyOne/All/SignedSupportingTokens/Policy/IssuedToken/Issuer/Address')).toBe(WT);
    expect(at(policy, 'ExactlyOne/All/EndorsingSupportingTokens')).toBeUndefined();
  });

  it('escapes URLs', () => {
    expect(certProvMex('https://x/a?b=1&c=2', AUTH)).toContain('https://x/a?b=1&amp;c=2');
  });
});

describe('web ticket service metadata', () => {
  it('lists the WinNegotiate and/or WsFedBearer ports with their addresses', () => {
    const ports = (doc: string): Record<string, unknown> => Object.fromEntries(
      ((at(parser.parse(doc).definitions, 'service') as Node)['port'] as Node[]).map((p) => [p['@name'], at(p, 'address/@location')]),
    );
    expect(ports(webTicketMex({ winNegotiate: `${WT}/Auth` }))).toEqual({ WebTicketServiceWinNegotiate: `${WT}/Auth` });
    expect(ports(webTicketMex({ wsFedBearer: `${WT}/WsFed_bearer` }))).toEqual({ WsFedBearer: `${WT}/WsFed_bearer` });
  });
});

describe('web ticket (RSTR)', () => {
  const doc = webTicketResponse({ sipUri: 'sip:alice@corp.example', now: new Date('2026-01-01T00:00:00Z'), id: 'SamlSecurityToken-1', serverEntropy: 'c2VydmVy' });
  it('has the unprefixed Lifetime and BinarySecret and the saml:Assertion with its AssertionID', () => {
    expect(doc).toMatch(/<Lifetime><u:Created>2026-01-01T00:00:00.000Z<\/u:Created><u:Expires>2026-01-01T08:00:00.000Z<\/u:Expires><\/Lifetime>/);
    expect(doc).toContain('<BinarySecret Type="http://docs.oasis-open.org/ws-sx/ws-trust/200512/Nonce">c2VydmVy</BinarySecret>');
    expect(doc).toMatch(/<saml:Assertion [^>]*AssertionID="SamlSecurityToken-1"/);
    expect(doc).toContain('CK/PSHA1');
    expect(() => parser.parse(doc)).not.toThrow();
    expect(soapFaultText(doc)).toBeUndefined();
  });
  it('has no proof token without server entropy', () => {
    expect(webTicketResponse({ sipUri: 'sip:a@b', now: new Date(0), id: 'x' })).not.toContain('BinarySecret');
  });
});

describe('faults as src/protocol/http.ts reads them', () => {
  it('SIP URI mismatch: the trust-fault text and the diagnostics reason', () => {
    const text = soapFaultText(soapFault({ code: 'a:FailedAuthentication', reason: SIP_URI_MISMATCH_TEXT, errorId: 28020, detailReason: SIP_URI_MISMATCH_DIAG }));
    expect(text).toBe(`${SIP_URI_MISMATCH_TEXT} (28020: ${SIP_URI_MISMATCH_DIAG})`);
  });
  it('Passport (RST2.srf) faults: internalerror/text, the element SIPE appends to its error', () => {
    const f = parseSoapFault(passportFault(MFA_TEXT, { code: '0x800434D4' }));
    expect(f?.text).toBe(MFA_TEXT);
    expect(f?.internalError).toEqual({ code: '0x800434D4', text: MFA_TEXT });
  });
  it('certificate provisioning and ADFS faults', () => {
    expect(soapFaultText(soapFault({ code: 'a:RequestFailed', reason: CERTPROV_FAULT_TEXT, errorId: 28023 }))).toBe(CERTPROV_FAULT_TEXT);
    expect(soapFaultText(soap12Fault({ code: 's:Sender', subcode: 'a:FailedAuthentication', reason: 'ID3242: The security token could not be authenticated or authorized.' })))
      .toBe('ID3242: The security token could not be authenticated or authorized.');
  });
});

describe('Office 365 documents', () => {
  it('getuserrealm: STSAuthURL only for a federated domain', () => {
    expect(parser.parse(userRealmXml('alice@corp.example', 'corp.example', 'https://adfs.corp.example/adfs/services/trust/2005/usernamemixed')).RealmInfo.STSAuthURL)
      .toBe('https://adfs.corp.example/adfs/services/trust/2005/usernamemixed');
    const managed = parser.parse(managedRealmXml('alice@corp.example', 'corp.example')).RealmInfo;
    expect(managed.NameSpaceType).toBe('Managed');
    expect(managed.STSAuthURL).toBeUndefined();
  });
  it('RST2.srf token: wst:Lifetime and EncryptedData for the WsFedBearer request', () => {
    const doc = rst2TokenResponse({ appliesTo: `${WT}/WsFed_bearer`, now: new Date('2026-01-01T00:00:00Z'), token: 'dG9rZW4=' });
    expect(doc).toMatch(/<wst:Lifetime><wsu:Created>[^<]+<\/wsu:Created><wsu:Expires>[^<]+<\/wsu:Expires><\/wst:Lifetime>/);
    expect(doc).toMatch(/<EncryptedData [^>]*>[\s\S]*<CipherValue>dG9rZW4=<\/CipherValue><\/CipherData><\/EncryptedData>/);
    expect(() => parser.parse(doc)).not.toThrow();
    expect(soapFaultText(doc)).toBeUndefined();
  });
});
