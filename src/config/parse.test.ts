import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeAccountsBytes } from './evidence.js';
import { interpretAuthentication, interpretTransport, readServerSetting as splitServer, splitAccountName } from '../protocol/account-settings.js';
import { parseAccountsXml, type SipeAccount } from './parse.js';

const fixture = (name: string): string => decodeAccountsBytes(readFileSync(new URL(`../../fixtures/accounts/${name}`, import.meta.url)));
function accounts(name: string): SipeAccount[] {
  const r = parseAccountsXml(fixture(name));
  if (!r.ok) throw new Error(r.error.message);
  return r.accounts;
}

describe('parseAccountsXml', () => {
  it('reads the libpurple-written sample as SIPE 1.25 does', () => {
    const [a, ...rest] = accounts('ua-blocked-403.accounts.xml');
    expect(rest).toEqual([]);
    expect(a).toMatchObject({
      name: 'alice@corp.example,', username: 'alice@corp.example', login: '', domain: 'corp.example',
      server: '127.0.0.1:5062', serverHost: '127.0.0.1', serverPort: 5062, transportSetting: 'tls', transport: 'tls',
      authentication: 'ntlm', userAgent: '', sso: false, hasPassword: true,
      currentError: {
        reason: 7, reasonName: 'PURPLE_CONNECTION_ERROR_INVALID_SETTINGS',
        description: 'You have been rejected by the server: You are currently not using the recommended version of the client',
      },
    });
    expect(a?.authenticationSetting).toBeUndefined();
  });

  it('never keeps the password value', () => {
    const text = fixture('ua-blocked-403.accounts.xml');
    const r = parseAccountsXml(text);
    expect(JSON.stringify(r)).not.toContain('Passw0rd!');
  });

  it('keeps the multi-line description of a recorded validation error', () => {
    const [a] = accounts('recorded-invalid-username.accounts.xml');
    expect(a?.username).toBe('bob.lab.example');
    expect(a?.domain).toBeUndefined();
    expect(a?.currentError).toEqual({ reason: 1, reasonName: 'PURPLE_CONNECTION_ERROR_INVALID_USERNAME', description: 'User name should be a valid SIP URI\nExample: user@company.com' });
  });

  it('treats an empty <current_error/> as no error', () => {
    const [a] = accounts('recorded-connect-refused.accounts.xml');
    expect(a?.currentError).toBeUndefined();
    expect(a).toMatchObject({ login: 'LAB\\bob', authentication: 'ntlm', authenticationSetting: 'ntlm', transport: 'tcp' });
  });

  it('skips other protocols and reads several SIPE accounts', () => {
    const r = parseAccountsXml(fixture('multi-account.accounts.xml'));
    if (!r.ok) throw new Error('not ok');
    expect(r.skipped).toEqual([{ index: 0, protocol: 'prpl-jabber', name: 'carol@jabber.example/Home' }]);
    expect(r.accounts.map((a) => [a.index, a.username, a.login, a.authentication, a.hasPassword])).toEqual([
      [1, 'alice@corp.example', 'CORP\\alice', 'ntlm', true],
      [2, 'alice@partner.example', 'alice', 'kerberos', false],
    ]);
    expect(r.accounts[1]?.currentError?.reasonName).toBe('PURPLE_CONNECTION_ERROR_AUTHENTICATION_FAILED');
  });

  it('reads a BOM + CRLF file and reports its line ending', () => {
    const r = parseAccountsXml(fixture('windows-crlf.accounts.xml'));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.lineEnding).toBe('\r\n');
    expect(r.accounts[0]).toMatchObject({ username: 'frank@corp.example', login: 'CORP\\frank', server: 'lyncpool.corp.example:5061', authentication: 'tls-dsk', transport: 'tls' });
    expect(r.accounts[0]?.currentError?.description).not.toContain('\r');
  });

  it('reports a truncated file with its position', () => {
    const r = parseAccountsXml(fixture('malformed-truncated.accounts.xml'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.line).toBeGreaterThan(20);
  });

  it('refuses a well-formed file that is not accounts.xml', () => {
    const r = parseAccountsXml("<?xml version='1.0'?><roster/>");
    expect(r.ok).toBe(false);
  });

  it('decodes entities in values and shows secret settings only as a mark', () => {
    const r = parseAccountsXml(`<account version='1.0'><account><protocol>prpl-sipe</protocol><name>a@b.example,CORP\\a&amp;b</name>
<settings><setting name='useragent' type='string'>X &lt;1&gt; &amp; Y</setting><setting name='email_password' type='string'>Hidden-Pw-42</setting><setting name='sso' type='bool'>true</setting></settings></account></account>`);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.accounts[0]?.login).toBe('CORP\\a&b');
    expect(r.accounts[0]?.userAgent).toBe('X <1> & Y');
    expect(JSON.stringify(r)).not.toContain('Hidden-Pw-42');
    // libpurple reads bools with atoi(): "true" is 0
    expect(r.accounts[0]?.sso).toBe(false);
  });
});

describe('SIPE interpretation helpers', () => {
  it('splits <name> at the first comma', () => {
    expect(splitAccountName('a@b.example,CORP\\a,x')).toEqual({ username: 'a@b.example', login: 'CORP\\a,x' });
    expect(splitAccountName('a@b.example')).toEqual({ username: 'a@b.example', login: '' });
  });
  it('splits the server at the first colon', () => {
    expect(splitServer('pool:5061')).toEqual({ host: 'pool', port: 5061 });
    expect(splitServer('pool')).toEqual({ host: 'pool' });
    expect(splitServer('pool:x')).toEqual({ host: 'pool' });
  });
  it('maps transport and authentication like SIPE 1.25', () => {
    expect(['auto', 'tls', 'tcp', 'udp', 'TLS', undefined].map(interpretTransport)).toEqual(['auto', 'tls', 'tcp', 'tcp', 'tcp', 'auto']);
    expect(['ntlm', 'krb5', 'tls-dsk', 'auto', 'kerberos', undefined].map(interpretAuthentication)).toEqual(['ntlm', 'kerberos', 'tls-dsk', 'auto', 'auto', 'ntlm']);
  });
});
