/**
 * Client side of connection-less NTLMv2 as SIP uses it ([MS-SIPAE] over [MS-NLMP]): read the
 * server's CHALLENGE_MESSAGE, build the AUTHENTICATE_MESSAGE, and sign outgoing messages once the
 * context is up. Written from MS-NLMP §2.2.1.1–2.2.1.3; the primitives (and their §4.2.4 test vectors) are in
 * src/protocol/ntlm. The password only ever feeds the HMAC; it is never stored.
 */
import {
  AV_ID, computeNtlmV2, createRc4, fileTime, ntlmMac, ntlmSessionKeys, NTLM_FLAG as NTLM, NTLMSSP_SIGNATURE as SIGNATURE,
  ntowfV2, rc4, readAvPairs, readSecurityBuffer, utf16, withSecurityBuffers,
} from '../protocol/ntlm/index.js';

// Shared primitives, re-exported under the names this module always had.
export { NTLM };
export { computeNtlmV2, fileTime, ntowfV2, type NtlmV2Parts } from '../protocol/ntlm/index.js';

/** Flags this client can honour; the AUTHENTICATE carries the intersection with the server's offer. */
const CLIENT_FLAGS =
  NTLM.UNICODE | NTLM.REQUEST_TARGET | NTLM.SIGN | NTLM.SEAL | NTLM.DATAGRAM | NTLM.NTLM | NTLM.ALWAYS_SIGN |
  NTLM.EXTENDED_SESSIONSECURITY | NTLM.TARGET_INFO | NTLM.KEY_128 | NTLM.KEY_EXCH | NTLM.KEY_56;

/** RC4 keystream as a function (kept for callers of the old client API). */
export function rc4Stream(key: Uint8Array): (data: Uint8Array) => Buffer {
  const handle = createRc4(key);
  return (data) => handle.update(data);
}

export interface NtlmChallenge {
  flags: number;
  serverChallenge: Buffer;
  targetName: string;
  targetInfo: Buffer;
  /** MsvAvTimestamp of the target info, when present */
  timestamp?: Buffer;
}

/** CHALLENGE_MESSAGE (type 2); undefined when the bytes are not one. */
export function parseChallengeMessage(buf: Buffer): NtlmChallenge | undefined {
  if (buf.length < 32 || !buf.subarray(0, 8).equals(SIGNATURE) || buf.readUInt32LE(8) !== 2) return undefined;
  const field = (at: number): Buffer | undefined => readSecurityBuffer(buf, at);
  const flags = buf.readUInt32LE(20) >>> 0;
  const name = field(12);
  const info = buf.length >= 48 ? field(40) : Buffer.alloc(0);
  if (!name || !info) return undefined;
  const out: NtlmChallenge = {
    flags,
    serverChallenge: Buffer.from(buf.subarray(24, 32)),
    targetName: flags & NTLM.UNICODE ? name.toString('utf16le') : name.toString('latin1'),
    targetInfo: Buffer.from(info),
  };
  // lenient: pairs before a malformed one still count, as before
  const ts = readAvPairs(info).pairs.find((p) => p.id === AV_ID.TIMESTAMP && p.value.length === 8);
  if (ts) out.timestamp = Buffer.from(ts.value);
  return out;
}

/** NEGOTIATE_MESSAGE (type 1) for connection-oriented NTLM (HTTP), no domain or workstation supplied. */
export function buildNegotiateMessage(): Buffer {
  const flags = (NTLM.UNICODE | NTLM.REQUEST_TARGET | NTLM.NTLM | NTLM.ALWAYS_SIGN | NTLM.EXTENDED_SESSIONSECURITY | NTLM.KEY_128 | NTLM.KEY_EXCH | NTLM.KEY_56 | NTLM.SIGN) >>> 0;
  const b = Buffer.alloc(32);
  SIGNATURE.copy(b, 0);
  b.writeUInt32LE(1, 8);
  b.writeUInt32LE(flags, 12);
  b.writeUInt32LE(32, 20);
  b.writeUInt32LE(32, 28);
  return b;
}

export interface NtlmSession {
  flags: number;
  exportedSessionKey: Buffer;
  clientSignKey: Buffer;
  clientSealKey: Buffer;
  serverSignKey: Buffer;
  serverSealKey: Buffer;
}

export interface AuthenticateResult {
  message: Buffer;
  session: NtlmSession;
}

/**
 * AUTHENTICATE_MESSAGE (type 3) for the challenge. `user`/`domain` come from Pidgin's Login
 * (`DOMAIN\user` → user + domain; `user@upn` → whole string as user, empty domain).
 */
export function buildAuthenticateMessage(o: {
  challenge: NtlmChallenge;
  user: string;
  domain: string;
  password: string;
  workstation: string;
  clientChallenge: Buffer;
  /** 16 random bytes for key exchange */
  randomSessionKey: Buffer;
  /** epoch ms, used when the challenge carries no MsvAvTimestamp */
  nowMs: number;
}): AuthenticateResult {
  const flags = (o.challenge.flags & CLIENT_FLAGS) >>> 0;
  const key = ntowfV2(o.password, o.user, o.domain);
  const time = o.challenge.timestamp ?? fileTime(o.nowMs);
  const v2 = computeNtlmV2({ responseKey: key, serverChallenge: o.challenge.serverChallenge, clientChallenge: o.clientChallenge, time, targetInfo: o.challenge.targetInfo });
  // with MsvAvTimestamp present the client sends Z(24) as LM response (MS-NLMP §3.1.5.1.2)
  const lm = o.challenge.timestamp ? Buffer.alloc(24) : v2.lmResponse;
  const keyExch = (flags & NTLM.KEY_EXCH) !== 0;
  const exportedSessionKey = keyExch ? Buffer.from(o.randomSessionKey) : v2.sessionBaseKey;
  const encryptedKey = keyExch ? rc4(v2.sessionBaseKey, exportedSessionKey) : Buffer.alloc(0);

  const unicode = (flags & NTLM.UNICODE) !== 0;
  const text = (s: string): Buffer => (unicode ? utf16(s) : Buffer.from(s, 'latin1'));
  const payload = [lm, v2.ntResponse, text(o.domain), text(o.user), text(o.workstation), encryptedKey];
  const head = Buffer.alloc(64);
  SIGNATURE.copy(head, 0);
  head.writeUInt32LE(3, 8);
  head.writeUInt32LE(flags, 60);
  return { message: withSecurityBuffers(head, 12, payload), session: sessionKeys(exportedSessionKey, flags) };
}

/** SIGNKEY / SEALKEY with extended session security (MS-NLMP §3.4.5.2–3.4.5.3). */
export function sessionKeys(exportedSessionKey: Buffer, flags: number): NtlmSession {
  const k = ntlmSessionKeys(exportedSessionKey, flags);
  return {
    flags, exportedSessionKey,
    clientSignKey: k.clientSign, serverSignKey: k.serverSign, clientSealKey: k.clientSeal, serverSealKey: k.serverSeal,
  };
}

/**
 * NTLMSSP_MESSAGE_SIGNATURE with extended session security, connection-less: the sealing RC4
 * is keyed per message with MD5(SealKey + SeqNum) (MS-NLMP §3.4.3–3.4.4.2).
 */
export function signMessage(session: NtlmSession, seqNum: number, message: Buffer, direction: 'client' | 'server' = 'client'): Buffer {
  const client = direction === 'client';
  return ntlmMac({
    signKey: client ? session.clientSignKey : session.serverSignKey,
    sealKey: client ? session.clientSealKey : session.serverSealKey,
    seqNum, message, keyExch: (session.flags & NTLM.KEY_EXCH) !== 0,
  });
}
