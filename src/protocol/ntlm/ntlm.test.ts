import { describe, expect, it } from 'vitest';
import {
  AV_ID, computeNtlmV2, createRc4, decodeAvPairs, encodeAvPairs, fileTime, md4Hash, NTLM_FLAG, ntlmMac,
  ntlmSessionKeys, ntlmV2Response, ntowfV2, rc4, readAvPairs, readSecurityBuffer, withSecurityBuffers,
} from './index.js';

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

  it('target info of the example is the §4.2.4 AV pair bytes', () => {
    expect(targetInfo).toEqual(Buffer.concat([
      hex('02000c00'), u16('Domain'), hex('01000c00'), u16('Server'), hex('00000000'),
    ]));
  });

  it('MD4 (RFC 1320 test suite)', () => {
    expect(md4Hash(Buffer.from('abc')).toString('hex')).toBe('a448017aaf21d8525fc10ae87aa6729d');
  });

  it('NTOWFv2', () => {
    expect(ntowfV2(password, user, domain).toString('hex')).toBe('0c868a403bfd7a93a3001ef22ef02e3f');
  });

  it('NTProofStr, LMv2 response and session base key (from the key and from the password)', () => {
    const fromKey = computeNtlmV2({ responseKey: ntowfV2(password, user, domain), serverChallenge, clientChallenge, time, targetInfo });
    const fromPassword = ntlmV2Response({ password, user, domain, serverChallenge, clientChallenge, time, targetInfo });
    for (const r of [fromKey, fromPassword]) {
      expect(r.ntProofStr.toString('hex')).toBe('68cd0ab851e51c96aabc927bebef6a1c');
      expect(r.lmResponse.toString('hex')).toBe('86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa');
      expect(r.sessionBaseKey.toString('hex')).toBe('8de40ccadbc14a82f15cb0ad0de95ca3');
    }
    expect(fromKey.ntResponse).toEqual(fromPassword.ntResponse);
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

describe('AV pairs and FILETIME', () => {
  it('round-trips pairs and refuses a pair that runs past the end', () => {
    expect(decodeAvPairs(targetInfo)?.map((p) => [p.id, p.value.toString('utf16le')])).toEqual([[2, 'Domain'], [1, 'Server']]);
    expect(decodeAvPairs(Buffer.from([2, 0, 50, 0, 1]))).toBeUndefined();
  });

  it('reads leniently: pairs before a truncated one still count', () => {
    const truncated = Buffer.concat([encodeAvPairs([{ id: AV_ID.TIMESTAMP, value: fileTime(0) }]).subarray(0, 12), hex('02003200')]);
    const r = readAvPairs(truncated);
    expect(r.complete).toBe(false);
    expect(r.pairs.map((p) => p.id)).toEqual([AV_ID.TIMESTAMP]);
  });

  it('FILETIME of the Unix epoch is 116444736000000000 ticks', () => {
    expect(fileTime(0).readBigUInt64LE()).toBe(116_444_736_000_000_000n);
  });
});

describe('security buffers', () => {
  it('lays out the payload after the header and reads it back; refuses one pointing outside', () => {
    const msg = withSecurityBuffers(Buffer.alloc(24), 8, [Buffer.from('ab'), Buffer.alloc(0)]);
    expect(readSecurityBuffer(msg, 8)?.toString()).toBe('ab');
    expect(readSecurityBuffer(msg, 16)).toEqual(Buffer.alloc(0));
    msg.writeUInt32LE(0xffff, 12);
    expect(readSecurityBuffer(msg, 8)).toBeUndefined();
  });
});
