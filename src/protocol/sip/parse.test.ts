import { describe, expect, it } from 'vitest';
import {
  buildSipResponse, contactUri, headerValue, headerValues, parseChallenges, parseMsDiagnostics,
  parseSipMessage, parseWarning, serializeSipMessage, sipHeaderViews,
} from './parse.js';

// verbatim from a SIPE 1.25.0 debug log of a client-version 403 (dump with LF line ends)
const REGISTER = `REGISTER sip:corp.example SIP/2.0
Via: SIP/2.0/tls 127.0.0.1:53912;branch=z9hG4bK9608A43FB954247D8688
From: <sip:alice@corp.example>;tag=310812175;epid=a92c7be9925a
To: <sip:alice@corp.example>
Max-Forwards: 70
CSeq: 1 REGISTER
User-Agent: Purple/2.14.12 Sipe/1.25.0 (linux-x86_64)
Call-ID: A99FgA4C4a957Bi4E2Fm3536t4DA7b7E30x9A7Ex
Contact: <sip:127.0.0.1:53912;transport=tls;ms-opaque=d3470f2e1d>;methods="INVITE, MESSAGE, INFO, SUBSCRIBE, OPTIONS, BYE, CANCEL, NOTIFY, ACK, REFER, BENOTIFY";proxy=replace;+sip.instance="<urn:uuid:409f4bd1-9ebe-5313-bdcc-d7dbb9b04874>"
Supported: gruu-10, adhoclist, msrtc-event-categories, com.microsoft.msrtc.presence
Event: registration
Allow-Events: presence
ms-keep-alive: UAC;hop-hop=yes
Content-Length: 0


`;

const FORBIDDEN = `SIP/2.0 403 Forbidden
ms-diagnostics: 17002;reason="Invalid protocol client version.";source="fe01.corp.example"
Via: SIP/2.0/tls 127.0.0.1:53912;branch=z9hG4bK9608A43FB954247D8688
From: <sip:alice@corp.example>;tag=310812175;epid=a92c7be9925a
To: <sip:alice@corp.example>;tag=5f1e
Call-ID: A99FgA4C4a957Bi4E2Fm3536t4DA7b7E30x9A7Ex
CSeq: 1 REGISTER
Warning: 399 fe01.corp.example "You are currently not using the recommended version of the client"
Content-Length: 0


`;

describe('parseSipMessage', () => {
  it('parses the REGISTER request from the sample log', () => {
    const m = parseSipMessage(REGISTER);
    expect(m).toBeDefined();
    expect(m?.type).toBe('request');
    expect(m?.method).toBe('REGISTER');
    expect(m?.uri).toBe('sip:corp.example');
    expect(m?.version).toBe('SIP/2.0');
    expect(m?.headers).toHaveLength(13);
    expect(m?.body).toBe('');
    expect(headerValue(m!, 'user-agent')).toBe('Purple/2.14.12 Sipe/1.25.0 (linux-x86_64)');
  });

  it('parses the 403 response and its views', () => {
    const m = parseSipMessage(FORBIDDEN)!;
    expect(m.type).toBe('response');
    expect(m.status).toBe(403);
    expect(m.reason).toBe('Forbidden');
    const v = sipHeaderViews(m);
    expect(v.msDiagnostics).toEqual([
      { code: 17002, reason: 'Invalid protocol client version.', source: 'fe01.corp.example', public: false },
    ]);
    expect(v.warnings).toEqual([
      { code: 399, agent: 'fe01.corp.example', text: 'You are currently not using the recommended version of the client' },
    ]);
    expect(v.cseq).toEqual({ seq: 1, method: 'REGISTER' });
    expect(v.challenges).toEqual([]);
  });

  it('accepts CRLF, leading blank lines, folding and compact names', () => {
    const text = '\r\n\r\nSIP/2.0 200 OK\r\nv: SIP/2.0/TLS a;branch=1\r\ni: abc@h\r\nSubject: first\r\n  second part\r\n'
      + 'l: 5\r\nc: text/plain\r\n\r\nhello world';
    const m = parseSipMessage(text)!;
    expect(m.status).toBe(200);
    expect(headerValue(m, 'Call-ID')).toBe('abc@h');
    expect(headerValue(m, 'via')).toBe('SIP/2.0/TLS a;branch=1');
    expect(headerValue(m, 'Subject')).toBe('first second part');
    expect(headerValue(m, 'Content-Type')).toBe('text/plain');
    expect(m.headers[1]?.name).toBe('i'); // names as written
    expect(m.body).toBe('hello');
  });

  it('keeps repeated headers in order and takes the rest as body without Content-Length', () => {
    const m = parseSipMessage('SIP/2.0 401 Unauthorized\nVia: a\nVia: b\nWWW-Authenticate: NTLM realm="x"\n\nbody\nmore\n')!;
    expect(headerValues(m, 'Via')).toEqual(['a', 'b']);
    expect(m.body).toBe('body\nmore\n');
  });

  it('counts Content-Length in UTF-8 bytes and tolerates a too-large one (CRLF→LF dumps)', () => {
    expect(parseSipMessage('MESSAGE sip:a SIP/2.0\nContent-Length: 4\n\näbcdef')!.body).toBe('äbc');
    expect(parseSipMessage('MESSAGE sip:a SIP/2.0\nContent-Length: 99\n\nabc\n')!.body).toBe('abc\n');
  });

  it('returns undefined for non-SIP text', () => {
    for (const t of ['', '\n\n', 'HTTP/1.1 200 OK\n\n', 'hello world', '(10:11:12) sipe: foo', 'GET / HTTP/1.1\n', 'SIP/2.0 abc OK']) {
      expect(parseSipMessage(t)).toBeUndefined();
    }
  });
});

describe('parseMsDiagnostics', () => {
  it('reads sub-codes, extra attributes and comma-separated values', () => {
    expect(parseMsDiagnostics('1000.1;reason="Final handshake failed.";source="edge.corp.example";HRESULT="C3E93EC3(SIP_E_AUTH_HANDSHAKE)"', false))
      .toEqual([{ code: 1000, subCode: 1, reason: 'Final handshake failed.', source: 'edge.corp.example', public: false }]);
    expect(parseMsDiagnostics('4003;reason="From URI not enabled for remote access.", 1013;reason="Significant time skew, really.";source="fe"', true))
      .toEqual([
        { code: 4003, reason: 'From URI not enabled for remote access.', public: true },
        { code: 1013, reason: 'Significant time skew, really.', source: 'fe', public: true },
      ]);
    expect(parseMsDiagnostics('garbage;reason="x"', false)).toEqual([]);
  });
});

describe('parseWarning', () => {
  it('reads several warnings with escaped quotes and commas inside quotes', () => {
    expect(parseWarning('399 fe01.corp.example "You are currently ...", 314 lcs.microsoft.com "Check \\"Microsoft\\" Update, now."'))
      .toEqual([
        { code: 399, agent: 'fe01.corp.example', text: 'You are currently ...' },
        { code: 314, agent: 'lcs.microsoft.com', text: 'Check "Microsoft" Update, now.' },
      ]);
  });
});

describe('parseChallenges', () => {
  it('keeps non-secret params and redacts secret ones', () => {
    expect(parseChallenges('NTLM realm="SIP Communications Service", targetname="fe01.corp.example", version=3'))
      .toEqual([{ scheme: 'NTLM', params: { realm: 'SIP Communications Service', targetname: 'fe01.corp.example', version: '3' } }]);
    const [c] = parseChallenges('TLS-DSK opaque="ABCDEF", gssapi-data="FgMBAE0CAAAB==", realm="SIP Communications Service", targetname="fe01", sts-uri="https://fe01/CertProv/CertProvisioningService.svc"');
    expect(c?.scheme).toBe('TLS-DSK');
    expect(c?.params).toEqual({
      opaque: '<redacted>', 'gssapi-data': '<redacted>', realm: 'SIP Communications Service',
      targetname: 'fe01', 'sts-uri': 'https://fe01/CertProv/CertProvisioningService.svc',
    });
    expect(JSON.stringify(c)).not.toContain('FgMBAE0');
  });

  it('handles quoted commas, several challenges in one value and token68 blobs', () => {
    expect(parseChallenges('MsRtcOAuth href="https://lyncweb.contoso.com/WebTicket/oauthtoken",grant_type="urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password"'))
      .toEqual([{ scheme: 'MsRtcOAuth', params: { href: 'https://lyncweb.contoso.com/WebTicket/oauthtoken', grant_type: 'urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password' } }]);
    expect(parseChallenges('Basic realm="a, b", NTLM, Negotiate TlRMTVNTUAACAAAAA==').map((c) => [c.scheme, c.params]))
      .toEqual([['Basic', { realm: 'a, b' }], ['NTLM', {}], ['Negotiate', { token68: '<redacted>' }]]);
    expect(parseChallenges('kerberos Realm="R", rspauth="0102", snum="1", srand="9", crand="7", cnum="2", response="ff"')[0]?.params)
      .toEqual({ realm: 'R', rspauth: '<redacted>', snum: '<redacted>', srand: '<redacted>', crand: '<redacted>', cnum: '<redacted>', response: '<redacted>' });
  });

  it('gives views one challenge per header', () => {
    const m = parseSipMessage('SIP/2.0 401 Unauthorized\r\nWWW-Authenticate: NTLM realm="SIP Communications Service", targetname="fe.corp.example", version=3\r\n'
      + 'WWW-Authenticate: Kerberos realm="SIP Communications Service", targetname="sip/fe.corp.example", version=3\r\nProxy-Authenticate: Digest realm="x", nonce="n", opaque="o"\r\n\r\n')!;
    expect(sipHeaderViews(m).challenges.map((c) => c.scheme)).toEqual(['NTLM', 'Kerberos', 'Digest']);
    expect(sipHeaderViews(m).challenges[2]?.params['opaque']).toBe('<redacted>');
  });
});

describe('contact, expires, server', () => {
  it('keeps the URI of a 301 Contact', () => {
    const m = parseSipMessage('SIP/2.0 301 Moved Permanently\nContact: <sip:pool2.corp.example:5061;transport=tls>;expires=0\nExpires: 0\nServer: RTC/6.0\n\n')!;
    const v = sipHeaderViews(m);
    expect(v.contact).toBe('sip:pool2.corp.example:5061;transport=tls');
    expect(v.expires).toBe(0);
    expect(v.server).toBe('RTC/6.0');
    expect(contactUri('sip:pool3.corp.example;transport=tcp')).toBe('sip:pool3.corp.example');
    expect(contactUri('"Pool, two" <sip:p2.corp.example>, <sip:p3>')).toBe('sip:p2.corp.example');
  });
});

describe('serialize and build', () => {
  it('round-trips through CRLF wire form', () => {
    const m = parseSipMessage(FORBIDDEN)!;
    const wire = serializeSipMessage(m);
    expect(wire.startsWith('SIP/2.0 403 Forbidden\r\nms-diagnostics: 17002;')).toBe(true);
    expect(wire).not.toMatch(/[^\r]\n/);
    expect(parseSipMessage(wire)).toEqual({ ...m, body: '' });
  });

  it('builds a response copying the dialog headers and adding a To tag', () => {
    const req = parseSipMessage(REGISTER)!;
    const res = buildSipResponse(req, 403, 'Forbidden', [
      { name: 'Warning', value: '399 fe01 "blocked"' },
      { name: 'Content-Length', value: '99' },
    ], { toTag: '5f1e' });
    expect(res.headers.map((h) => h.name)).toEqual(['Via', 'From', 'To', 'Call-ID', 'CSeq', 'Warning', 'Content-Length']);
    expect(headerValue(res, 'To')).toBe('<sip:alice@corp.example>;tag=5f1e');
    expect(headerValue(res, 'Content-Length')).toBe('0');
    const wire = serializeSipMessage(res);
    expect(wire).toContain('\r\nCall-ID: A99FgA4C4a957Bi4E2Fm3536t4DA7b7E30x9A7Ex\r\n');
    expect(wire.endsWith('Content-Length: 0\r\n\r\n')).toBe(true);
    const again = buildSipResponse(req, 200, 'OK', [], { body: 'é' });
    expect(headerValue(again, 'To')).toMatch(/;tag=[0-9a-f]{8}$/);
    expect(headerValue(again, 'Content-Length')).toBe('2');
    expect(buildSipResponse(req, 200, 'OK').headers).toEqual(buildSipResponse(req, 200, 'OK').headers);
  });
});
