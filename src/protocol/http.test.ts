import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headerValue, parseHttpMessage, parseSoapFault, parseXMsDiagnostics, soapFaultText } from './http.js';

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

describe('parseHttpMessage', () => {
  it('parses a response dump with headers and body', () => {
    const m = parseHttpMessage('HTTP/1.1 401 Unauthorized\nContent-Type: text/html\nX-MS-WebTicketURL: https://lyncweb.corp.example/WebTicket/WebTicketService.svc\nContent-Length: 5\n\nhello world');
    expect(m).toMatchObject({ type: 'response', status: 401, reason: 'Unauthorized', version: 'HTTP/1.1', body: 'hello' });
    expect(headerValue(m!, 'x-ms-webticketurl')).toBe('https://lyncweb.corp.example/WebTicket/WebTicketService.svc');
  });

  it('parses a request and decodes chunked bodies', () => {
    const r = parseHttpMessage('GET /?sipuri=alice@corp.example HTTP/1.1\r\nHost: lyncdiscover.corp.example\r\n\r\n');
    expect(r).toMatchObject({ type: 'request', method: 'GET', url: '/?sipuri=alice@corp.example', body: '' });
    const c = parseHttpMessage('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n');
    expect(c?.body).toBe('hello world');
    expect(parseHttpMessage('SIP/2.0 200 OK\n\n')).toBeUndefined();
    expect(parseHttpMessage('random words')).toBeUndefined();
  });
});

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

describe('parseXMsDiagnostics', () => {
  it('reads errorId, source, reason and fault', () => {
    expect(parseXMsDiagnostics('28020;source="lyncweb.corp.example";reason="No valid security token.";fault="MsDiagnosticsFault: wst:FailedAuthentication"'))
      .toEqual([{ code: 28020, public: false, source: 'lyncweb.corp.example', reason: 'No valid security token.', fault: 'MsDiagnosticsFault: wst:FailedAuthentication' }]);
    expect(parseXMsDiagnostics('x;y')).toEqual([]);
  });
});

describe('HTTP dumps of recorded logs', () => {
  it('decodes the web-ticket fault of the 1.21 fixture', async () => {
    const { existsSync, readFileSync } = await import('node:fs');
    const file = 'fixtures/logs/legacy-1.21-webticket-sip-uri-mismatch.log';
    if (!existsSync(file)) return;
    const text = readFileSync(file, 'utf8');
    const dumps = [...text.matchAll(/^MESSAGE START [<>]{10} HTTP[^\n]*\n([\s\S]*?)\nMESSAGE END/gm)].map((m) => m[1] as string);
    const msgs = dumps.map((d) => parseHttpMessage(d));
    expect(msgs.every((m) => m !== undefined)).toBe(true);
    const res = msgs.find((m) => m?.status === 500)!;
    expect(parseXMsDiagnostics(headerValue(res, 'X-Ms-diagnostics') ?? '')[0]).toMatchObject({ code: 28020, reason: 'Web ticket request error - SIP URI mismatch' });
    expect(soapFaultText(res.body)).toBe('Web ticket request error - SIP URI mismatch');
    expect(msgs[0]).toMatchObject({ type: 'request', method: 'POST', url: '/WebTicket/WebTicketService.svc/WsFedBearer' });
  });
});
