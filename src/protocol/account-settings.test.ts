import { describe, expect, it } from 'vitest';
import {
  accountNameFacts, isBareLogin, ntlmIdentity, parseLogin, parseServerSetting, parseSigninAddress, readServerSetting, serverSettingHost, signinDomain,
  splitAccountName, usernameProblem,
} from './account-settings.js';

describe('account name (Username,Login)', () => {
  it('splits at the first comma; the domain is lower case, after the last @', () => {
    expect(splitAccountName('a@b.example,CORP\\a,x')).toEqual({ username: 'a@b.example', login: 'CORP\\a,x' });
    expect(accountNameFacts('sip:alice@Corp.Example,alice@upn')).toEqual({ signinName: 'alice@Corp.Example', login: 'alice@upn', domain: 'corp.example' });
    expect(accountNameFacts('nodomain')).toEqual({ signinName: 'nodomain', login: '' });
    expect(signinDomain('@corp.example')).toBeUndefined();
    expect(signinDomain('alice@')).toBeUndefined();
  });

  it("validates the Username like SIPE's sipe_core_allocate", () => {
    expect(usernameProblem('alice@corp.example,CORP\\alice')).toBeUndefined();
    expect(usernameProblem('alice')).toBe('notSipUri');
    expect(usernameProblem('@corp.example')).toBe('notSipUri');
    expect(usernameProblem('al ice@corp.example')).toBe('whitespace');
    expect(usernameProblem('alice@corp\texample')).toBe('controlChars');
  });

  it('tells a Username SIPE refuses from one check cannot look up', () => {
    expect(parseSigninAddress('alice')).toMatchObject({ ok: false, sipeRefuses: true });
    expect(parseSigninAddress('a@b@c')).toMatchObject({ ok: false, sipeRefuses: false });
    expect(parseSigninAddress('alice@corp example')).toMatchObject({ ok: false, sipeRefuses: false });
  });
});

describe('Login', () => {
  it('splits DOMAIN\\user and DOMAIN/user at the first separator; user@upn names a realm', () => {
    expect(parseLogin('CORP\\alice', 'alice@corp.example')).toEqual({ domain: 'CORP', user: 'alice' });
    expect(parseLogin('CORP/alice', 'alice@corp.example')).toEqual({ domain: 'CORP', user: 'alice' });
    expect(parseLogin('alice@corp.example', 'x@y')).toEqual({ domain: '', user: 'alice@corp.example', realm: 'corp.example' });
    expect(parseLogin('', 'alice@corp.example')).toEqual({ domain: '', user: 'alice@corp.example', realm: 'corp.example' });
    expect(parseLogin('alice\\@upn.example', 'x@y')).toEqual({ domain: '', user: 'alice@upn.example', realm: 'upn.example' });
    expect(ntlmIdentity('CORP/bob', 'alice@corp.example')).toEqual({ domain: 'CORP', user: 'bob' });
    expect(isBareLogin('alice')).toBe(true);
    expect(isBareLogin('CORP\\alice')).toBe(false);
  });
});

describe('Server[:Port]', () => {
  it('reads it as SIPE does (first colon; a bad port means the default)', () => {
    expect(readServerSetting('Pool:5061')).toEqual({ host: 'Pool', port: 5061 });
    expect(readServerSetting('pool:x')).toEqual({ host: 'pool' });
    expect(readServerSetting('pool:99999')).toEqual({ host: 'pool' });
    expect(readServerSetting('[::1]:5061')).toEqual({ host: '::1', port: 5061 });
    expect(serverSettingHost(' Pool.Corp.Example.:443 ')).toBe('pool.corp.example');
    expect(serverSettingHost('')).toBeUndefined();
  });

  it('validates a typed value', () => {
    expect(parseServerSetting('Sip.Corp.Example:443')).toEqual({ host: 'sip.corp.example', port: 443 });
    expect(parseServerSetting('host:http')).toBeUndefined();
    expect(parseServerSetting('host:70000')).toBeUndefined();
    expect(parseServerSetting('')).toBeUndefined();
  });
});
