import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { faultClass, parseSoapFault, soapFaultText } from './soap-fault.js';

const SOAP11 = `<?xml version="1.0" encoding="utf-8"?>
<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>
<faultcode xmlns:a="http://schemas.microsoft.com/OCS/AuthWebServices/">a:FailedAuthentication</faultcode>
<faultstring xml:lang="en-US">No valid security token.</faultstring>
<detail><af:OCSDiagnosticsFaultType xmlns:af="http://schemas.microsoft.com/OCS/AuthWebServices/">
<af:Ms-Diagnostics-Fault><af:ErrorId>28020</af:ErrorId><af:Reason>No valid security token.</af:Reason></af:Ms-Diagnostics-Fault>
</af:OCSDiagnosticsFaultType></detail></s:Fault></s:Body></s:Envelope>`;

const TRUST12 = `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing">
<s:Header><a:Action s:mustUnderstand="1">http://www.w3.org/2005/08/addressing/soap/fault</a:Action></s:Header>
<s:Body><s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value xmlns:b="http://docs.oasis-open.org/ws-sx/ws-trust/200512">b:RequestFailed</s:Value></s:Subcode></s:Code>
<s:Reason><s:Text xml:lang="de-DE">Andere Sprache</s:Text><s:Text xml:lang="en-US">The SIP URI in the claim type requirements of the web ticket request does not match the SIP URI associated with the presented credentials.</s:Text></s:Reason>
<s:Detail><OCSDiagnosticsFaultType xmlns="http://schemas.microsoft.com/OCS/AuthWebServices/"><Ms-Diagnostics-Fault><ErrorId>28032</ErrorId><Reason>SIP URI mismatch.</Reason></Ms-Diagnostics-Fault></OCSDiagnosticsFaultType></s:Detail>
</s:Fault></s:Body></s:Envelope>`;

const PASSPORT = `<?xml version="1.0" encoding="utf-8" ?><S:Envelope xmlns:S="http://www.w3.org/2003/05/soap-envelope" xmlns:psf="http://schemas.microsoft.com/Passport/SoapServices/SOAPFault">
<S:Body><S:Fault><S:Code><S:Value>S:Sender</S:Value><S:Subcode><S:Value>wst:FailedAuthentication</S:Value></S:Subcode></S:Code>
<S:Reason><S:Text xml:lang="en-US">Authentication Failure</S:Text></S:Reason>
<S:Detail><psf:error><psf:value>0x80048821</psf:value><psf:internalerror><psf:code>0x80041012</psf:code>
<psf:text>The entered and stored passwords do not match.&#x000D;&#x000A;</psf:text></psf:internalerror></psf:error></S:Detail>
</S:Fault></S:Body></S:Envelope>`;

describe('soapFaultText', () => {
  it('reads SOAP 1.1 faultstring plus an Ms-Diagnostics-Fault detail', () => {
    const f = parseSoapFault(SOAP11);
    expect(f).toMatchObject({ code: 'a:FailedAuthentication', reason: 'No valid security token.', msDiagnostics: { errorId: 28020, reason: 'No valid security token.' } });
    expect(f?.text).toBe('No valid security token.');
  });

  it('reads the SOAP 1.2 trust fault (English Reason/Text preferred)', () => {
    const f = parseSoapFault(TRUST12);
    expect(f?.subcode).toBe('b:RequestFailed');
    expect(f?.reason).toBe('The SIP URI in the claim type requirements of the web ticket request does not match the SIP URI associated with the presented credentials.');
    expect(f?.text).toBe(`${f?.reason} (28032: SIP URI mismatch.)`);
  });

  it('reads the Passport/RST2 internalerror text', () => {
    const f = parseSoapFault(PASSPORT);
    expect(f?.text).toBe('The entered and stored passwords do not match.');
    expect(f?.errorValue).toBe('0x80048821');
    expect(f?.internalError?.code).toBe('0x80041012');
  });

  it('returns undefined without a fault, for HTML and for garbage', () => {
    expect(soapFaultText('<s:Envelope xmlns:s="x"><s:Body><ok/></s:Body></s:Envelope>')).toBeUndefined();
    expect(soapFaultText('<html><body><h1>401 - Unauthorized</h1></body></html>')).toBeUndefined();
    expect(soapFaultText('')).toBeUndefined();
    expect(soapFaultText('<<<>>>&&&')).toBeUndefined();
  });

  it('does not expand entities (billion laughs) and stays fast', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<Envelope><Body><Fault><faultstring>&lol4;</faultstring></Fault></Body></Envelope>`;
    const t0 = performance.now();
    expect(soapFaultText(bomb)).toBe('&lol4;');
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('never throws on arbitrary or deeply nested input, and bounds work on 10 MB', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (s) => {
      soapFaultText(s);
      soapFaultText(`<Envelope><Body><Fault>${s}</Fault></Body></Envelope>`);
    }), { numRuns: 300 });
    expect(soapFaultText('<a>'.repeat(5000) + '<Fault><faultstring>x</faultstring></Fault>')).toBeUndefined();
    const big = `<Envelope><Body><Fault><faultstring>${'x'.repeat(10 * 1024 * 1024)}</faultstring></Fault></Body></Envelope>`;
    const t0 = performance.now();
    expect(soapFaultText(big)).toBeUndefined();
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('faultClass', () => {
  it('names the fault texts that have their own root cause', () => {
    expect(faultClass('Web ticket request error - SIP URI mismatch')).toBe('sip-uri-mismatch');
    expect(faultClass(parseSoapFault(TRUST12)?.text)).toBe('sip-uri-mismatch');
    expect(faultClass('AADSTS50076: Due to a configuration change … you must use multi-factor authentication')).toBe('mfa-required');
    expect(faultClass('AADSTS50079: strong authentication enrollment required')).toBe('mfa-required');
    expect(faultClass(parseSoapFault(PASSPORT)?.text)).toBe('other');
    expect(faultClass('')).toBeUndefined();
    expect(faultClass(undefined)).toBeUndefined();
  });

  it('the Passport internalerror text wins over the generic Reason, so the MFA marker is what a rule sees', () => {
    const fault = '<S:Envelope xmlns:S="http://www.w3.org/2003/05/soap-envelope" xmlns:psf="http://schemas.microsoft.com/Passport/SoapServices/SOAPFault"><S:Body><S:Fault><S:Reason><S:Text>Authentication Failure</S:Text></S:Reason><S:Detail><psf:error><psf:internalerror><psf:text>AADSTS50076: MFA</psf:text></psf:internalerror></psf:error></S:Detail></S:Fault></S:Body></S:Envelope>';
    expect(soapFaultText(fault)).toBe('AADSTS50076: MFA');
    expect(faultClass(soapFaultText(fault))).toBe('mfa-required');
  });
});
