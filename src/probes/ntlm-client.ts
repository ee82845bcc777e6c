/**
 * Client side of connection-less NTLMv2 as SIP uses it ([MS-SIPAE] over [MS-NLMP]): read the
 * server's CHALLENGE_MESSAGE, build the AUTHENTICATE_MESSAGE, and sign outgoing messages once the
 * context is up. Written from MS-NLMP §2.2.1.2–2.2.1.3, §3.3.2 and §3.4.4–3.4.5 (test vectors in
 * §4.2.4 are in the colocated test). The password only ever feeds the HMAC; it is never stored.
 */
import { createHash, createHmac } from 'node:crypto';
import md4 from 'js-md4';

export const NTLM = {
  UNICODE: 0x00000001,
  REQUEST_TARGET: 0x00000004,
  SIGN: 0x00000010,
  SEAL: 0x00000020,
  DATAGRAM: 0x00000040,
  NTLM: 0x00000200,
  ALWAYS_SIGN: 0x00008000,
  EXTENDED_SESSIONSECURITY: 0x00080000,
  TARGET_INFO: 0x00800000,
  VERSION: 0x02000000,
  KEY_128: 0x20000000,
  KEY_EXCH: 0x40000000,
  KEY_56: 0x80000000,
} as const;

/** Flags this client can honour; the AUTHENTICATE carries the intersection with the server's offer. */
const CLIENT_FLAGS =
  NTLM.UNICODE | NTLM.REQUEST_TARGET | NTLM.SIGN | NTLM.SEAL | NTLM.DATAGRAM | NTLM.NTLM | NTLM.ALWAYS_SIGN |
  NTLM.EXTENDED_SESSIONSECURITY | NTLM.TARGET_INFO | NTLM.KEY_128 | NTLM.KEY_EXCH | NTLM.KEY_56;

const SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');
const AV_TIMESTAMP = 7;

const utf16 = (s: string): Buffer => Buffer.from(s, 'utf16le');
const hmacMd5 = (key: Uint8Array, ...data: Uint8Array[]): Buffer => {
  const h = createHmac('md5', key);
  for (const d of data) h.update(d);
  return h.digest();
};
const md5 = (...data: Uint8Array[]): Buffer => {
  const h = createHash('md5');
  for (const d of data) h.update(d);
  return h.digest();
};

/** RC4 keystream (OpenSSL 3 keeps RC4 in the legacy provider, so it is done here). */
export function rc4Stream(key: Uint8Array): (data: Uint8Array) => Buffer {
  const s = new Uint8Array(256);
  for (let i = 0; i < 256; i++) s[i] = i;
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  let x = 0;
  let y = 0;
  return (data) => {
    const out = Buffer.alloc(data.length);
    for (let k = 0; k < data.length; k++) {
      x = (x + 1) & 0xff;
      y = (y + s[x]!) & 0xff;
      [s[x], s[y]] = [s[y]!, s[x]!];
      out[k] = data[k]! ^ s[(s[x]! + s[y]!) & 0xff]!;
    }
    return out;
  };
}

/** NTOWFv2 (MS-NLMP §3.3.2): HMAC-MD5(MD4(UTF-16LE(password)), UTF-16LE(UPPER(user) + domain)). */
export function ntowfV2(password: string, user: string, domain: string): Buffer {
  const ntHash = Buffer.from(md4.arrayBuffer(utf16(password)));
  return hmacMd5(ntHash, utf16(user.toUpperCase() + domain));
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
  const field = (at: number): Buffer | undefined => {
    if (at + 8 > buf.length) return Buffer.alloc(0);
    const len = buf.readUInt16LE(at);
    const off = buf.readUInt32LE(at + 4);
    if (len === 0) return Buffer.alloc(0);
    return off + len <= buf.length ? buf.subarray(off, off + len) : undefined;
  };
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
  for (let off = 0; off + 4 <= info.length; ) {
    const id = info.readUInt16LE(off);
    const len = info.readUInt16LE(off + 2);
    if (id === 0 || off + 4 + len > info.length) break;
    if (id === AV_TIMESTAMP && len === 8) out.timestamp = Buffer.from(info.subarray(off + 4, off + 12));
    off += 4 + len;
  }
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

/** Windows FILETIME (100 ns ticks since 1601) of an epoch-ms time. */
export function fileTime(epochMs: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE((BigInt(Math.round(epochMs)) + 11_644_473_600_000n) * 10_000n);
  return b;
}

export interface NtlmV2Parts {
  ntProofStr: Buffer;
  ntResponse: Buffer;
  lmResponse: Buffer;
  sessionBaseKey: Buffer;
}

/** NTLMv2 responses (MS-NLMP §3.3.2). */
export function computeNtlmV2(o: {
  responseKey: Buffer;
  serverChallenge: Buffer;
  clientChallenge: Buffer;
  time: Buffer;
  targetInfo: Buffer;
}): NtlmV2Parts {
  const temp = Buffer.concat([Buffer.from([1, 1, 0, 0, 0, 0, 0, 0]), o.time, o.clientChallenge, Buffer.alloc(4), o.targetInfo, Buffer.alloc(4)]);
  const ntProofStr = hmacMd5(o.responseKey, o.serverChallenge, temp);
  return {
    ntProofStr,
    ntResponse: Buffer.concat([ntProofStr, temp]),
    lmResponse: Buffer.concat([hmacMd5(o.responseKey, o.serverChallenge, o.clientChallenge), o.clientChallenge]),
    sessionBaseKey: hmacMd5(o.responseKey, ntProofStr),
  };
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
  const encryptedKey = keyExch ? rc4Stream(v2.sessionBaseKey)(exportedSessionKey) : Buffer.alloc(0);

  const unicode = (flags & NTLM.UNICODE) !== 0;
  const text = (s: string): Buffer => (unicode ? utf16(s) : Buffer.from(s, 'latin1'));
  const payload = [lm, v2.ntResponse, text(o.domain), text(o.user), text(o.workstation), encryptedKey];
  const head = Buffer.alloc(64);
  SIGNATURE.copy(head, 0);
  head.writeUInt32LE(3, 8);
  let offset = head.length;
  payload.forEach((p, i) => {
    const at = 12 + i * 8;
    head.writeUInt16LE(p.length, at);
    head.writeUInt16LE(p.length, at + 2);
    head.writeUInt32LE(offset, at + 4);
    offset += p.length;
  });
  head.writeUInt32LE(flags, 60);
  return { message: Buffer.concat([head, ...payload]), session: sessionKeys(exportedSessionKey, flags) };
}

/** SIGNKEY / SEALKEY with extended session security (MS-NLMP §3.4.5.2–3.4.5.3). */
export function sessionKeys(exportedSessionKey: Buffer, flags: number): NtlmSession {
  const magic = (s: string): Buffer => Buffer.from(`session key to ${s} key magic constant\0`, 'latin1');
  const sealBase = flags & NTLM.KEY_128 ? exportedSessionKey : flags & NTLM.KEY_56 ? exportedSessionKey.subarray(0, 7) : exportedSessionKey.subarray(0, 5);
  return {
    flags,
    exportedSessionKey,
    clientSignKey: md5(exportedSessionKey, magic('client-to-server signing')),
    serverSignKey: md5(exportedSessionKey, magic('server-to-client signing')),
    clientSealKey: md5(sealBase, magic('client-to-server sealing')),
    serverSealKey: md5(sealBase, magic('server-to-client sealing')),
  };
}

/**
 * NTLMSSP_MESSAGE_SIGNATURE with extended session security, connection-less: the sealing RC4
 * is keyed per message with MD5(SealKey + SeqNum) (MS-NLMP §3.4.3–3.4.4.2).
 */
export function signMessage(session: NtlmSession, seqNum: number, message: Buffer, direction: 'client' | 'server' = 'client'): Buffer {
  const seq = Buffer.alloc(4);
  seq.writeUInt32LE(seqNum >>> 0);
  const signKey = direction === 'client' ? session.clientSignKey : session.serverSignKey;
  const sealKey = direction === 'client' ? session.clientSealKey : session.serverSealKey;
  let checksum = hmacMd5(signKey, seq, message).subarray(0, 8);
  if (session.flags & NTLM.KEY_EXCH) checksum = rc4Stream(md5(sealKey, seq))(checksum);
  return Buffer.concat([Buffer.from([1, 0, 0, 0]), checksum, seq]);
}

/** Pidgin's Login (or the sign-in address when Login is empty) → NTLM user and domain, as SIPE splits it. */
export function ntlmIdentity(login: string | undefined, signinAddress: string): { user: string; domain: string } {
  const l = login?.trim() || signinAddress;
  const bs = l.indexOf('\\');
  return bs > 0 ? { domain: l.slice(0, bs), user: l.slice(bs + 1) } : { domain: '', user: l };
}
