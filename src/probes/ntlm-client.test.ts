import { describe, expect, it } from 'vitest';
import { buildChallengeMessage, parseAuthenticateMessage, verifyNtlmV2 } from '../lab/sip/ntlm.js';
import { ntlmIdentity } from '../protocol/account-settings.js';
import { buildAuthenticateMessage, parseChallengeMessage, sessionKeys, signMessage } from './ntlm-client.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('NTLM client against the lab server implementation', () => {
  const serverChallenge = hex('1122334455667788');
  const challengeBytes = buildChallengeMessage({
    serverChallenge, nbDomain: 'CORP', nbComputer: 'FE01', dnsDomain: 'corp.example', dnsComputer: 'fe01.corp.example', timestampMs: Date.UTC(2024, 0, 1),
  });
  const accounts = [{ username: 'alice', ntDomain: 'CORP', password: 'Passw0rd!' }];

  const authenticate = (password: string, login: string) => {
    const challenge = parseChallengeMessage(challengeBytes);
    if (!challenge) throw new Error('challenge did not parse');
    const id = ntlmIdentity(login, 'alice@corp.example');
    return buildAuthenticateMessage({
      challenge, ...id, password, workstation: 'PIDGIN', clientChallenge: hex('0102030405060708'),
      randomSessionKey: hex('000102030405060708090a0b0c0d0e0f'), nowMs: Date.UTC(2024, 0, 1),
    });
  };

  it('parses the challenge (server challenge, target name, timestamp)', () => {
    const c = parseChallengeMessage(challengeBytes);
    expect(c?.serverChallenge.equals(serverChallenge)).toBe(true);
    expect(c?.targetName).toBe('CORP');
    expect(c?.timestamp?.length).toBe(8);
  });

  it('is accepted with the right password (DOMAIN\\user login) and agrees on the session key', () => {
    const r = authenticate('Passw0rd!', 'CORP\\alice');
    const parsed = parseAuthenticateMessage(r.message);
    expect(parsed?.user).toBe('alice');
    expect(parsed?.domain).toBe('CORP');
    const v = verifyNtlmV2(parsed!, serverChallenge, accounts);
    expect(v.ok).toBe(true);
    if (v.ok) expect(v.exportedSessionKey.equals(r.session.exportedSessionKey)).toBe(true);
  });

  it('is refused with a wrong password', () => {
    const parsed = parseAuthenticateMessage(authenticate('wrong', 'CORP\\alice').message);
    expect(verifyNtlmV2(parsed!, serverChallenge, accounts)).toEqual({ ok: false, reason: 'wrong-password' });
  });

  it('signs with the client key and verifies with the same derivation on both sides', () => {
    const r = authenticate('Passw0rd!', 'CORP\\alice');
    const again = sessionKeys(r.session.exportedSessionKey, r.session.flags);
    const msg = Buffer.from('<NTLM><abc><1><SIP Communications Service>');
    expect(signMessage(r.session, 1, msg).equals(signMessage(again, 1, msg))).toBe(true);
    expect(signMessage(r.session, 1, msg).equals(signMessage(r.session, 2, msg))).toBe(false);
  });

  it('splits Login like SIPE', () => {
    expect(ntlmIdentity('CORP\\bob', 'alice@corp.example')).toEqual({ domain: 'CORP', user: 'bob' });
    expect(ntlmIdentity('bob@corp.example', 'alice@corp.example')).toEqual({ domain: '', user: 'bob@corp.example' });
    expect(ntlmIdentity('', 'alice@corp.example')).toEqual({ domain: '', user: 'alice@corp.example' });
  });
});
