import { describe, expect, it } from 'vitest';
import {
  AV_ID, buildAuthenticateMessage, buildChallengeMessage, decodeAvPairs, encodeAvPairs, md4Hash, NTLM_FLAG,
  ntlmMac, ntlmSessionKeys, ntlmV2Response, ntowfV2, parseAuthenticateMessage, verifyNtlmV2,
} from './ntlm.js';
import { createRc4, rc4 } from './rc4.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const u16 = (s: string): Buffer => Buffer.from(s, 'utf16le');

// [MS-NLMP] §4.2.1 common values and §4.2.4 NTLMv2 authentication
const user = 'User';
const domain = 'Domain';
const password = 'Password';
const serverChallenge = hex('0123456789abcdef');
const clientChallenge = hex('aaaaaaaaaaaaaaaa');
const time = Buffer.alloc(8);
const randomSessionKey = Buffer.alloc(16, 0x55);
const targetInfo = encodeAvPairs([
  { id: AV_ID.NB_DOMAIN, value: u16('Domain') },
  { id: AV_ID.NB_COMPUTER, value: u16('Server') },
]);
const v2Flags = (NTLM_FLAG.KEY_EXCH | NTLM_FLAG.KEY_56 | NTLM_FLAG.KEY_128 | NTLM_FLAG.VERSION | NTLM_FLAG.TARGET_INFO |
  NTLM_FLAG.EXTENDED_SESSIONSECURITY | NTLM_FLAG.TARGET_TYPE_SERVER | NTLM_FLAG.ALWAYS_SIGN | NTLM_FLAG.NTLM |
  NTLM_FLAG.SEAL | NTLM_FLAG.SIGN | NTLM_FLAG.OEM | NTLM_FLAG.UNICODE) >>> 0;

describe('MS-NLMP 4.2.4 NTLMv2 test vectors', () => {
  it('flags of the example are 0xe28a8233', () => {
    expect(v2Flags).toBe(0xe28a8233);
  });

  it('MD4 (RFC 1320 test suite)', () => {
    expect(md4Hash(Buffer.from('abc')).toString('hex')).toBe('a448017aaf21d8525fc10ae87aa6729d');
  });

  it('NTOWFv2', () => {
    expect(ntowfV2(password, user, domain).toString('hex')).toBe('0c868a403bfd7a93a3001ef22ef02e3f');
  });

  it('NTProofStr, LMv2 response and session base key', () => {
    const r = ntlmV2Response({ password, user, domain, serverChallenge, clientChallenge, time, targetInfo });
    expect(r.ntProofStr.toString('hex')).toBe('68cd0ab851e51c96aabc927bebef6a1c');
    expect(r.lmResponse.toString('hex')).toBe('86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa');
    expect(r.sessionBaseKey.toString('hex')).toBe('8de40ccadbc14a82f15cb0ad0de95ca3');
  });

  it('encrypted random session key', () => {
    const base = hex('8de40ccadbc14a82f15cb0ad0de95ca3');
    expect(rc4(base, randomSessionKey).toString('hex')).toBe('c5dad2544fc9799094ce1ce90bc9d03e');
  });

  it('sign/seal keys, sealed data and signature (GSS_WrapEx)', () => {
    const keys = ntlmSessionKeys(randomSessionKey, v2Flags);
    expect(keys.clientSeal.toString('hex')).toBe('59f600973cc4960a25480a7c196e4c58');
    expect(keys.clientSign.toString('hex')).toBe('4788dc861b4782f35d43fd98fe1a2d39');
    const plaintext = u16('Plaintext');
    const handle = createRc4(keys.clientSeal);
    const sealed = handle.update(plaintext);
    expect(sealed.toString('hex')).toBe('54e50165bf1936dc996020c1811b0f06fb5f');
    const sig = ntlmMac({ signKey: keys.clientSign, sealKey: keys.clientSeal, seqNum: 0, message: plaintext, keyExch: true, handle });
    expect(sig.toString('hex')).toBe('010000007fb38ec5c55d497600000000');
  });
});

describe('server side of the handshake', () => {
  const challenge = buildChallengeMessage({
    serverChallenge, nbDomain: 'CORP', nbComputer: 'FE01', dnsDomain: 'corp.example', dnsComputer: 'fe01.corp.example',
    timestampMs: Date.UTC(2026, 0, 1),
  });

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
