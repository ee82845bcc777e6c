import { describe, expect, it } from 'vitest';
import {
  AV_ID, buildAuthenticateMessage, buildChallengeMessage, decodeAvPairs, NTLM_FLAG,
  ntlmMac, ntlmSessionKeys, ntlmV2Response, parseAuthenticateMessage, verifyNtlmV2,
} from './ntlm.js';
import { rc4, readSecurityBuffer } from '../../protocol/ntlm/index.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

// the primitives' [MS-NLMP] §4.2.4 test vectors are in src/protocol/ntlm/ntlm.test.ts
const serverChallenge = hex('0123456789abcdef');
const clientChallenge = hex('aaaaaaaaaaaaaaaa');
const time = Buffer.alloc(8);
const randomSessionKey = Buffer.alloc(16, 0x55);

describe('server side of the handshake', () => {
  const challenge = buildChallengeMessage({
    serverChallenge, nbDomain: 'CORP', nbComputer: 'FE01', dnsDomain: 'corp.example', dnsComputer: 'fe01.corp.example',
    timestampMs: Date.UTC(2026, 0, 1),
  });
  // the client answers with the target info of this challenge, as SIPE does
  const targetInfo = readSecurityBuffer(challenge, 40) ?? Buffer.alloc(0);

  it('CHALLENGE_MESSAGE carries the challenge, flags and target info with a timestamp', () => {
    expect(challenge.subarray(0, 8).toString('latin1')).toBe('NTLMSSP\0');
    expect(challenge.readUInt32LE(8)).toBe(2);
    expect(challenge.subarray(24, 32)).toEqual(serverChallenge);
    const flags = challenge.readUInt32LE(20);
    expect(flags & NTLM_FLAG.DATAGRAM).toBeTruthy();
    const tiLen = challenge.readUInt16LE(40);
    const tiOff = challenge.readUInt32LE(44);
    const pairs = decodeAvPairs(challenge.subarray(tiOff, tiOff + tiLen)) ?? [];
    expect(pairs.map((p) => p.id)).toEqual([2, 1, 4, 3, 5, 7]);
    const ts = pairs.find((p) => p.id === AV_ID.TIMESTAMP)?.value.readBigUInt64LE() ?? 0n;
    expect(Number(ts / 10_000n - 11_644_473_600_000n)).toBe(Date.UTC(2026, 0, 1));
  });

  const account = { username: 'alice', ntDomain: 'CORP', password: 'Passw0rd!' };
  const authenticate = (pw: string, flags = 0x62988255): Buffer => {
    const r = ntlmV2Response({ password: pw, user: 'alice', domain: 'CORP', serverChallenge, clientChallenge, time, targetInfo });
    return buildAuthenticateMessage({
      flags, lmResponse: r.lmResponse, ntResponse: r.ntResponse, domain: 'CORP', user: 'alice', workstation: 'VM',
      encryptedSessionKey: rc4(r.sessionBaseKey, randomSessionKey),
    });
  };

  it('accepts the right password and recovers the exported session key', () => {
    const auth = parseAuthenticateMessage(authenticate('Passw0rd!'));
    expect(auth?.user).toBe('alice');
    expect(auth?.domain).toBe('CORP');
    const v = verifyNtlmV2(auth!, serverChallenge, [account]);
    expect(v.ok).toBe(true);
    if (v.ok) expect(v.exportedSessionKey).toEqual(randomSessionKey);
  });

  it('refuses a wrong password, an unknown user and NTLMv1', () => {
    expect(verifyNtlmV2(parseAuthenticateMessage(authenticate('nope'))!, serverChallenge, [account])).toEqual({ ok: false, reason: 'wrong-password' });
    expect(verifyNtlmV2(parseAuthenticateMessage(authenticate('Passw0rd!'))!, serverChallenge, [{ ...account, username: 'bob' }]))
      .toEqual({ ok: false, reason: 'unknown-user' });
    const v1 = buildAuthenticateMessage({
      flags: 0x201, lmResponse: Buffer.alloc(24), ntResponse: Buffer.alloc(24), domain: 'CORP', user: 'alice', workstation: 'VM',
      encryptedSessionKey: Buffer.alloc(0),
    });
    expect(verifyNtlmV2(parseAuthenticateMessage(v1)!, serverChallenge, [account])).toEqual({ ok: false, reason: 'not-ntlmv2' });
  });

  it('rejects garbage and out-of-range fields without throwing', () => {
    expect(parseAuthenticateMessage(Buffer.from('hello'))).toBeUndefined();
    const bad = authenticate('Passw0rd!');
    bad.writeUInt32LE(0xffff, 24); // NtChallengeResponse offset beyond the message
    expect(parseAuthenticateMessage(bad)).toBeUndefined();
    expect(decodeAvPairs(Buffer.from([2, 0, 50, 0, 1]))).toBeUndefined();
  });

  it('connection-less signatures differ per sequence number and per direction', () => {
    const keys = ntlmSessionKeys(randomSessionKey, 0x62988255);
    const msg = Buffer.from('<NTLM><1><2>');
    const a = ntlmMac({ signKey: keys.serverSign, sealKey: keys.serverSeal, seqNum: 100, message: msg, keyExch: true });
    const b = ntlmMac({ signKey: keys.serverSign, sealKey: keys.serverSeal, seqNum: 101, message: msg, keyExch: true });
    const c = ntlmMac({ signKey: keys.clientSign, sealKey: keys.clientSeal, seqNum: 100, message: msg, keyExch: true });
    expect(a.subarray(12).toString('hex')).toBe('64000000');
    expect(a.equals(b)).toBe(false);
    expect(a.equals(c)).toBe(false);
  });
});
