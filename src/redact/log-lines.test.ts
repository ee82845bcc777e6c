import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor, redactLine } from './log-lines.js';

const B64 = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'), minLength: 16, maxLength: 80 })
  .map((s) => `Zq${s}==`);
const HEX = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 16, maxLength: 64 }).map((s) => `f0${s}`);
const SECRET = fc.oneof(B64, HEX);

/** Each template puts `S` where a secret goes; the redactor must remove it and keep the marker. */
const LINE_TEMPLATES: readonly string[] = [
  'Authorization: NTLM qop="auth", opaque="§S§", realm="SIP Communications Service", targetname="fe01.corp.example", gssapi-data="§S§", version=4',
  'Proxy-Authorization: TLS-DSK qop="auth", realm="SIP Communications Service", opaque="§S§", targetname="fe01", crand="§S§", cnum="3", response="§S§"',
  'Authorization: Basic §S§',
  'Authorization: NTLM §S§',
  'Authorization: Negotiate §S§',
  'Authorization: Bearer cwt=§S§',
  'authorization:§S§',
  'WWW-Authenticate: NTLM realm="SIP Communications Service", targetname="fe01.corp.example", version=3, opaque="§S§", gssapi-data="§S§"',
  'WWW-Authenticate: Negotiate §S§',
  'WWW-Authenticate: NTLM §S§',
  'Proxy-Authenticate: Digest realm="x", nonce="abc", opaque="§S§"',
  'Authentication-Info: TLS-DSK rspauth="§S§", srand="§S§", snum="1", opaque="§S§", qop="auth", targetname="fe01", realm="SIP Communications Service"',
  'Proxy-Authentication-Info: Kerberos rspauth="§S§", srand="§S§", snum="§S§", opaque=§S§, qop="auth"',
  '(10:11:13) sipe: process_register_response: Auth header: TLS-DSK opaque="§S§", gssapi-data="§S§", realm="SIP Communications Service", targetname="fe01"',
  '(10:11:13) sipe: process_register_response - Auth header: NTLM gssapi-data="§S§", opaque="§S§", realm="SIP Communications Service"',
  'Cookie: MSISAuth=§S§; other=§S§',
  'Set-Cookie: ASP.NET_SessionId=§S§; path=/; HttpOnly',
  '(10:11:13) sipe: sipe_http_request_response_callback: cookie: MSISAuth=§S§; path=/; secure',
  'X-MS-WebTicket: opaque=§S§',
  '(10:11:13) sipe: sipe_http_request_response_unauthorized: init context target \'HTTP/lyncweb.corp.example\' token \'§S§\'',
  '(10:11:13) sipe: sipe_http_request_finalize_negotiate: init context target \'HTTP/x\' token \'§S§\'',
  '(10:11:13) sipe: NTLM AUTHENTICATE: exported session key (not encrypted): §S§',
  '\tlm_resp: §S§',
  '\tnt_resp raw: §S§',
  '\tnt_resp: §S§',
  '\tclient_challenge: §S§',
  '\tsession_key: §S§',
  '\tserver_challenge: §S§',
  '\ttarget_info raw: §S§',
  '(10:11:13) sipe: NTLM calculated MAC: §S§',
  '(10:11:13) sipe: HA1 §S§',
  '(10:11:13) sipe: HA2 §S§',
  '(10:11:13) sipe: sip_sec_verify_signature: message is:<NTLM><1234><sip:a@b><x> signature to verify is:§S§',
  '<wsse:UsernameToken> <wsse:Username>alice@corp.example</wsse:Username> <wsse:Password>§S§</wsse:Password></wsse:UsernameToken>',
  '<o:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText">§S§</o:Password>',
  '<saml:Assertion MajorVersion="1" AssertionID="_abc">§S§</saml:Assertion>',
  '<Assertion xmlns="urn:oasis:names:tc:SAML:2.0:assertion" ID="_x"><Subject>§S§</Subject></Assertion>',
  '<wsse:BinarySecurityToken ValueType="x#PKCS10" EncodingType="y">§S§</wsse:BinarySecurityToken>',
  '<wst:Entropy> <wst:BinarySecret>§S§</wst:BinarySecret> </wst:Entropy>',
  '<t:BinarySecret Type="http://schemas.xmlsoap.org/ws/2005/02/trust/Nonce">§S§</t:BinarySecret>',
  '<xenc:EncryptedData Type="x"><xenc:CipherData><xenc:CipherValue>§S§</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData>',
  '<CipherValue>§S§</CipherValue>',
  '<SignatureValue>§S§</SignatureValue>',
  '<wst:RequestedProofToken><wst:BinarySecret>§S§</wst:BinarySecret></wst:RequestedProofToken>',
  '<credentials><username>relay</username><password>§S§</password></credentials>',
  '<credentials><username>§S§</username><password>x</password><duration>480</duration></credentials>',
  '<wsse:Security><wsu:Timestamp wsu:Id="timestamp"><u:Created>2026</u:Created></wsu:Timestamp><wsse:KeyIdentifier>§S§</wsse:KeyIdentifier></wsse:Security>',
  '(10:11:13) sipe: tls_calculate_secrets: pre-master secret ( 48) = §S§',
  '(10:11:13) sipe: tls_calculate_secrets: master secret     ( 48) = §S§',
  '(10:11:13) sipe: tls_calculate_secrets: key block         (104) = §S§',
  'https://alice:§S§@proxy.corp.example/',
  "<setting name='email_password' type='string'>§S§</setting>",
  'grant_type=password&username=alice%40corp.example&password=§S§',
  '{"access_token":"cwt=§S§","expires_in":28289,"ms_rtc_identityscope":"local","token_type":"Bearer"}',
  'Body: &lt;wsse:UsernameToken&gt;&lt;wsse:Password&gt;§S§&lt;/wsse:Password&gt;&lt;/wsse:UsernameToken&gt;',
  '&lt;saml:Assertion MajorVersion="1"&gt;§S§',
];

describe('redactLine', () => {
  it.each(LINE_TEMPLATES)('removes secrets from: %s', (template) => {
    const secrets = /HA\d|:\/\//.test(template) ? HEX : SECRET;
    fc.assert(fc.property(secrets, (secret) => {
      const line = template.replaceAll('§S§', secret);
      const r = redactLine(line);
      expect(r.text).not.toContain(secret);
      expect(r.text).toContain('<redacted>');
      expect(r.count).toBeGreaterThan(0);
      // idempotent
      expect(redactLine(r.text)).toEqual({ text: r.text, count: 0 });
    }), { numRuns: 25 });
  });

  it('keeps header, scheme and parameter names', () => {
    expect(redactLine('Authorization: NTLM qop="auth", gssapi-data="TlRMTVNTUAADAAAA"').text).toBe('Authorization: NTLM <redacted>');
    expect(redactLine('WWW-Authenticate: TLS-DSK opaque="4A1B", gssapi-data="FgMBAAA=", realm="SIP Communications Service", targetname="fe01"').text)
      .toBe('WWW-Authenticate: TLS-DSK opaque="<redacted>", gssapi-data="<redacted>", realm="SIP Communications Service", targetname="fe01"');
    expect(redactLine('Cookie: a=1b2c3d4e; b=2').text).toBe('Cookie: a=<redacted>; b=<redacted>');
    expect(redactLine('X-MS-WebTicket: opaque=PHNhbWw6QXNzZXJ0aW9u').text).toBe('X-MS-WebTicket: opaque=<redacted>');
    expect(redactLine('<wsse:Password>p&amp;ss</wsse:Password>').text).toBe('<wsse:Password><redacted></wsse:Password>');
    expect(redactLine('\tnt_resp: 0102030405060708090a').text).toBe('\tnt_resp: <redacted>');
  });

  it('leaves an empty first-leg gssapi-data and a NULL token alone', () => {
    const line = 'WWW-Authenticate: NTLM realm="SIP Communications Service", targetname="fe01", gssapi-data="", version=3';
    expect(redactLine(line)).toEqual({ text: line, count: 0 });
    const nul = "sipe_http_request_response_unauthorized: init context target 'HTTP/x' token '<NULL>'";
    expect(redactLine(nul)).toEqual({ text: nul, count: 0 });
    const url = 'X-MS-WebTicketURL: https://lyncweb.corp.example/WebTicket/WebTicketService.svc';
    expect(redactLine(url)).toEqual({ text: url, count: 0 });
  });

  it('does not change any line of the sample log (it holds no secrets)', () => {
    const log = readFileSync('fixtures/logs/sample-ua-blocked-403.log', 'utf8');
    const red = createRedactor();
    for (const line of log.split('\n')) {
      expect(redactLine(line)).toEqual({ text: line, count: 0 });
      expect(red.line(line)).toEqual({ text: line, count: 0 });
    }
  });

  it('does not change ordinary text', () => {
    const safe = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789 .,;()[]/-_\'"'), maxLength: 120 });
    fc.assert(fc.property(safe, (s) => {
      expect(redactLine(s)).toEqual({ text: s, count: 0 });
    }), { numRuns: 300 });
  });

  it('never throws on arbitrary input', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => {
      const r = redactLine(s);
      expect(typeof r.text).toBe('string');
      createRedactor().line(s);
    }), { numRuns: 500 });
  });
});

describe('createRedactor', () => {
  it('redacts a SAML assertion spanning many lines', () => {
    const secret = 'MIIBsecretCertificateDataAAAA';
    const lines = [
      '(10:11:12) sipe: ',
      'MESSAGE START <<<<<<<<<< HTTP(0x1) - 2019-10-12T08:11:12.123456Z',
      'HTTP/1.1 200 OK',
      '',
      '<s:Envelope><s:Body><wst:RequestSecurityTokenResponse><wst:RequestedSecurityToken><saml:Assertion MajorVersion="1"',
      `  AssertionID="_a" Issuer="${secret}">`,
      `<saml:Conditions>${secret}</saml:Conditions>`,
      '',
      `${secret}</saml:Assertion></wst:RequestedSecurityToken><wst:RequestedProofToken><wst:BinarySecret>${secret}`,
      `</wst:BinarySecret></wst:RequestedProofToken><wst:Lifetime>x</wst:Lifetime>`,
      'MESSAGE END <<<<<<<<<< HTTP(0x1) - 2019-10-12T08:11:12.123456Z',
      '(10:11:13) sipe: next line',
    ];
    const red = createRedactor();
    const out = lines.map((l) => red.line(l));
    const text = out.map((r) => r.text).join('\n');
    expect(text).not.toContain(secret);
    expect(text).toContain('<saml:Assertion><redacted>');
    expect(out[4]?.text).toContain('<wst:RequestedSecurityToken><saml:Assertion><redacted>');
    expect(out[5]?.text).toBe('<redacted>');
    expect(out[7]?.text).toBe('');
    expect(out[8]?.text).toBe('<redacted></saml:Assertion></wst:RequestedSecurityToken><wst:RequestedProofToken><redacted>');
    expect(out[9]?.text).toBe('<redacted></wst:RequestedProofToken><wst:Lifetime>x</wst:Lifetime>');
    expect(out[11]?.text).toBe('(10:11:13) sipe: next line');
    expect(out.length).toBe(lines.length);
  });

  it('stops a span at the next debug line even without a close tag (truncated dump)', () => {
    const red = createRedactor();
    expect(red.line('<saml:Assertion>').text).toBe('<saml:Assertion><redacted>');
    expect(red.line('abc').text).toBe('<redacted>');
    expect(red.line('(10:11:12) sipe: hello').text).toBe('(10:11:12) sipe: hello');
    expect(red.line('abc').text).toBe('abc');
  });

  it('redacts an NTLM describe block and TLS hex dumps', () => {
    const red = createRedactor();
    const lines = [
      '(10:11:12) sipe: sip_sec_ntlm_message_describe: Authenticate message is:',
      '\tflags: 0xe2888215',
      '\tlm_resp: 000000000000000000000000000000000000000000000000',
      '\tnt_resp raw: 0102030405060708090a0b0c0d0e0f10',
      '\tsome_future_field: 0102030405060708090a0b0c0d0e0f10',
      '\tdomain: CORP',
      '(10:11:12) sipe: tls_calculate_secrets: pre-master secret ( 48) = ',
      '03 01 aa bb cc dd ee ff 00 11 22 33 44 55 66 77',
      '88 99 aa bb cc dd ee ff',
      '(10:11:12) sipe: done',
    ];
    const out = lines.map((l) => red.line(l).text);
    expect(out).toEqual([
      lines[0], '\tflags: 0xe2888215', '\tlm_resp: <redacted>', '\tnt_resp raw: <redacted>', '\tsome_future_field: <redacted>',
      '\tdomain: CORP', lines[6], '<redacted>', '<redacted>', lines[9],
    ]);
  });

  it('redacts folded continuation lines of auth headers', () => {
    const red = createRedactor();
    expect(red.line('Authorization: NTLM qop="auth",').text).toBe('Authorization: NTLM <redacted>');
    expect(red.line('  gssapi-data="TlRMTVNTUAADAAAAGAAYAHAAAAA"').text).toBe('  <redacted>');
    expect(red.line('WWW-Authenticate: Kerberos realm="SIP Communications Service",').text).toBe('WWW-Authenticate: Kerberos realm="SIP Communications Service",');
    expect(red.line('\topaque="ABCDEF0123", targetname="sip/fe01"').text).toBe('\topaque="<redacted>", targetname="sip/fe01"');
    expect(red.line('Content-Length: 0').text).toBe('Content-Length: 0');
  });
});

describe('PKCS#10 / certificate bodies (GetAndPublishCert)', () => {
  const pkcs10 = [
    'MIICYjCCAUoCAQAwHTEbMBkGA1UEAwwSYWxpY2VAY29ycC5leGFtcGxlMIIBIjANBgkqhkiG9w0B',
    'AQEFAAOCAQ8AMIIBCgKCAQEAwGqf+3UPFCL4Nb19U55QRSZxAnWewnRJRZ787ZNah/1Zq1vk6PrJ',
    'xzU9tUxrhoeOp2EP4FaMFN/ejevwuzm1/vQv1AJa7n1JbizdMpGGi8WO90A=</wsse:BinarySecurityToken>  <wstep:RequestID>7445</wstep:RequestID>',
  ];

  it('redacts the wrapped base64 lines inside a BinarySecurityToken span', () => {
    const red = createRedactor();
    expect(red.line('<wst:RequestType>x</wst:RequestType>  <wsse:BinarySecurityToken   ValueType="x#PKCS10"  >').text)
      .toBe('<wst:RequestType>x</wst:RequestType>  <wsse:BinarySecurityToken><redacted>');
    expect(pkcs10.map((l) => red.line(l).text)).toEqual([
      '<redacted>', '<redacted>', '<redacted></wsse:BinarySecurityToken>  <wstep:RequestID>7445</wstep:RequestID>',
    ]);
  });

  it('redacts a bare base64 line even without the span (stateless redactLine, cited excerpts)', () => {
    expect(redactLine(pkcs10[0] as string)).toEqual({ text: '<redacted>', count: 1 });
    expect(redactLine(`  ${pkcs10[1] as string}`)).toEqual({ text: '<redacted>', count: 1 });
    // ordinary long words, URLs and hex pointers are not blobs
    for (const keep of ['CertProvisioningServiceWebTicketProof_SHA1_policyAndMoreText', 'abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz', '0x55a5bdc6d2800x55a5bdc6d2800x55a5bdc6d280']) {
      expect(redactLine(keep)).toEqual({ text: keep, count: 0 });
    }
  });
});

describe('redaction work is bounded', () => {
  it('replaces over-long lines whole and handles 1 MB lines quickly', () => {
    const MB = 1024 * 1024;
    expect(redactLine('x'.repeat(10 * MB))).toEqual({ text: '<redacted>', count: 1 });
    expect(createRedactor().line(`Authorization: NTLM ${'A'.repeat(10 * MB)}`)).toEqual({ text: '<redacted>', count: 1 });
    const cases = [
      `Authorization: NTLM ${'A'.repeat(MB - 100)}`,
      `WWW-Authenticate: NTLM ${'opaque="x", '.repeat(MB / 13)}`,
      '<wsse:Password>x</wsse:Password>'.repeat(MB / 33),
      `<saml:Assertion>${'a'.repeat(MB - 100)}`,
      'a.'.repeat(MB / 2 - 10),
      "a'".repeat(MB / 2 - 10),
      ' token \''.repeat(MB / 9),
      'HA1 '.repeat(MB / 5),
      `&lt;wsse:Password&gt;${'a'.repeat(MB - 100)}`,
      '&lt;wsse:Password&gt;x&lt;/wsse:Password&gt;'.repeat(MB / 50),
      'x'.repeat(MB - 10),
    ];
    for (const c of cases) {
      const t0 = performance.now();
      const r = redactLine(c);
      createRedactor().line(c);
      expect(performance.now() - t0).toBeLessThan(3000);
      expect(r.text).not.toBe('<redacted>');
    }
  });
});
