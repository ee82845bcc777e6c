import { describe, expect, it } from 'vitest';
import { isSecretName, redactSecrets, redactSecretsDeep } from './index.js';

const S = 'S3cr3tVal9';

describe('redactSecrets: by parameter name', () => {
  it.each([
    'pass', 'password', 'pwd', 'secret', 'token', 'code', 'sig', 'key', 'apikey', 'auth', 'ticket', 'X-MS-WebTicket',
    'SAMLResponse', 'wresult', 'assertion', 'sessionid', 'access_token', 'client_secret', 'refresh_token',
  ])('URL query parameter %s', (name) => {
    const out = redactSecrets(`GET https://lyncweb.corp.example/x?a=1&${name}=${S}&b=2`);
    expect(out).not.toContain(S);
    expect(out).toContain(`${name}=<redacted>&b=2`);
  });

  it('percent-encoded names, encoded separators and ;jsessionid', () => {
    for (const t of [
      `https://h.example/x?%70assword=${S}`,
      `https://h.example/x?next=https%3A%2F%2Fsts.example%2F%3Ftoken%3D${S}%26a%3Db`,
      `https://h.example/owa/;jsessionid=${S}?a=b`,
      `https://h.example/x#access_token=${S}&state=1`,
    ]) expect(redactSecrets(t)).not.toContain(S);
  });

  it('form bodies, "Name: value", "pwd = x", XML attributes and elements, JSON plain and escaped', () => {
    for (const t of [
      `user=alice&password=${S}`,
      `Password: ${S}`,
      `the server said Password: ${S}`,
      `pwd = ${S}`,
      `<setting name='email_url' password="${S}"/>`,
      `<wsse:Password Type="x">${S}</wsse:Password>`,
      `&lt;token&gt;${S}&lt;/token&gt;`,
      `{"token":"${S}","user":"alice"}`,
      `{"accessToken": "${S}"}`,
      `"{\\"access_token\\":\\"${S}\\"}"`,
      `Cookie: MSISAuth=${S}; path=/`,
      `X-MS-WebTicket: opaque=${S}`,
    ]) expect(redactSecrets(t), t).not.toContain(S);
  });

  it('short names are secret only as URL/form parameters, not in prose or report fields', () => {
    expect(redactSecrets('exit code=2 and key=value in prose')).toBe('exit code=2 and key=value in prose');
    expect(redactSecrets('{"code":"E_OUTPUT","key":"useragent"}')).toBe('{"code":"E_OUTPUT","key":"useragent"}');
    expect(isSecretName('code')).toBe(false);
    expect(isSecretName('code', true)).toBe(true);
    expect(isSecretName('userPassword')).toBe(true);
    expect(isSecretName('webTicketUrl')).toBe(false);
  });
});

describe('redactSecrets: by shape', () => {
  it('Basic, Bearer/JWT, NTLM, Kerberos and TLS-DSK blobs anywhere in a line', () => {
    const basic = Buffer.from(`alice:${S}`).toString('base64');
    const jwt = `eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.${S}abc`;
    for (const [t, gone] of [
      [`retrying with Basic ${basic}`, basic],
      [`token Bearer ${jwt} expired`, S],
      [`a JWT ${jwt} in a body`, S],
      [`sent NTLM TlRMTVNTUAADAAAAGAAYAEgAAAD${S}== to the server`, S],
      [`blob TlRMTVNTUAADAAAAGAAYAEgAAAD${S}`, S],
      [`Kerberos YIIGSwYJKoZIhvcSAQICAQBuggY6MIIGNqADAgEFoQMC${S}`, S],
      [`gssapi-data FgMBAFYBAABSAwFSJ2q8AAAAAAAAAAAAAAAAAAAA${S}`, S],
    ] as const) expect(redactSecrets(t), t).not.toContain(gone);
  });

  it('SAS signatures, inline PEM private keys and URL userinfo', () => {
    expect(redactSecrets(`https://a.blob.core.windows.net/c?sv=2021&se=2030&sig=${S}%3D`)).not.toContain(S);
    const pem = `key: -----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA${S}\nabc${S}\n-----END RSA PRIVATE KEY----- done`;
    const out = redactSecrets(pem);
    expect(out).not.toContain(S);
    expect(out).toContain('-----BEGIN RSA PRIVATE KEY-----<redacted>-----END RSA PRIVATE KEY-----');
    expect(redactSecrets(`https://alice:${S}@ews.corp.example/EWS`)).toBe('https://alice:<redacted>@ews.corp.example/EWS');
  });

  it('leaves prose alone', () => {
    const prose = 'Basic authentication failed; the server offers NTLM and Kerberos. Check the web ticket URL https://lyncweb.corp.example/WebTicket/WebTicketService.svc';
    expect(redactSecrets(prose)).toBe(prose);
  });
});

describe('redactSecretsDeep', () => {
  it('redacts strings and secret-named members, keeps structure, numbers and booleans', () => {
    const value = { code: 'E_OUTPUT', hasPassword: true, url: `https://h.example/?token=${S}`, password: S, n: 3, list: [`Password: ${S}`] };
    const out = redactSecretsDeep(value);
    expect(JSON.stringify(out)).not.toContain(S);
    expect(out.code).toBe('E_OUTPUT');
    expect(out.hasPassword).toBe(true);
    expect(out.n).toBe(3);
    expect(value.password).toBe(S);
  });
});
