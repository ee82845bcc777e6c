/**
 * Server side of connection-less NTLM as [MS-SIPAE] uses it, written from [MS-NLMP]:
 * CHALLENGE_MESSAGE (§2.2.1.2) with target info AV pairs (§2.2.2.1), AUTHENTICATE_MESSAGE parsing (§2.2.1.3),
 * NTLMv2 verification (§3.3.2), session keys (§3.4.5) and message signatures (§3.4.4).
 */
import { createHash, createHmac } from 'node:crypto';
import md4 from 'js-md4';
import { createRc4, rc4, type Rc4 } from './rc4.js';

export const NTLM_FLAG = {
  UNICODE: 0x00000001,
  OEM: 0x00000002,
  REQUEST_TARGET: 0x00000004,
  SIGN: 0x00000010,
  SEAL: 0x00000020,
  DATAGRAM: 0x00000040,
  LM_KEY: 0x00000080,
  NTLM: 0x00000200,
  ANONYMOUS: 0x00000800,
  ALWAYS_SIGN: 0x00008000,
  TARGET_TYPE_DOMAIN: 0x00010000,
  TARGET_TYPE_SERVER: 0x00020000,
  EXTENDED_SESSIONSECURITY: 0x00080000,
  IDENTIFY: 0x00100000,
  TARGET_INFO: 0x00800000,
  VERSION: 0x02000000,
  KEY_128: 0x20000000,
  KEY_EXCH: 0x40000000,
  KEY_56: 0x80000000,
} as const;

const SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');

/** Flags a Lync front end offers in a connection-less challenge. */
export const DEFAULT_CHALLENGE_FLAGS =
  NTLM_FLAG.UNICODE | NTLM_FLAG.REQUEST_TARGET | NTLM_FLAG.SIGN | NTLM_FLAG.SEAL | NTLM_FLAG.DATAGRAM |
  NTLM_FLAG.NTLM | NTLM_FLAG.ALWAYS_SIGN | NTLM_FLAG.TARGET_TYPE_DOMAIN | NTLM_FLAG.EXTENDED_SESSIONSECURITY |
  NTLM_FLAG.TARGET_INFO | NTLM_FLAG.VERSION | NTLM_FLAG.KEY_128 | NTLM_FLAG.KEY_EXCH | NTLM_FLAG.KEY_56;

export const AV_ID = {
  EOL: 0,
  NB_COMPUTER: 1,
  NB_DOMAIN: 2,
  DNS_COMPUTER: 3,
  DNS_DOMAIN: 4,
  DNS_TREE: 5,
  FLAGS: 6,
  TIMESTAMP: 7,
} as const;

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

export function md4Hash(data: Uint8Array): Buffer {
  return Buffer.from(md4.arrayBuffer(data));
}

/** NTOWFv2 = HMAC-MD5(MD4(UTF-16LE(password)), UTF-16LE(UPPER(user) + domain)) (§3.3.2). */
export function ntowfV2(password: string, user: string, domain: string): Buffer {
  return hmacMd5(md4Hash(utf16(password)), utf16(user.toUpperCase() + domain));
}

/** Windows FILETIME (100 ns since 1601) for an epoch-milliseconds time. */
export function fileTime(epochMs: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE((BigInt(Math.round(epochMs)) + 11_644_473_600_000n) * 10_000n);
  return b;
}

export interface AvPair {
  id: number;
  value: Buffer;
}

export function encodeAvPairs(pairs: readonly AvPair[]): Buffer {
  const parts: Buffer[] = [];
  for (const p of pairs) {
    const head = Buffer.alloc(4);
    head.writeUInt16LE(p.id, 0);
    head.writeUInt16LE(p.value.length, 2);
    parts.push(head, p.value);
  }
  parts.push(Buffer.alloc(4)); // MsvAvEOL
  return Buffer.concat(parts);
}

export function decodeAvPairs(buf: Buffer): AvPair[] | undefined {
  const out: AvPair[] = [];
  let off = 0;
  while (off + 4 <= buf.length) {
    const id = buf.readUInt16LE(off);
    const len = buf.readUInt16LE(off + 2);
    if (id === AV_ID.EOL) return out;
    if (off + 4 + len > buf.length) return undefined;
    out.push({ id, value: buf.subarray(off + 4, off + 4 + len) });
    off += 4 + len;
  }
  return undefined;
}

export interface ChallengeOptions {
  serverChallenge: Buffer;
  flags?: number;
  /** NetBIOS domain, e.g. `CORP` (also the target name) */
  nbDomain: string;
  /** NetBIOS computer name, e.g. `FE01` */
  nbComputer: string;
  dnsDomain: string;
  dnsComputer: string;
  /** epoch ms for MsvAvTimestamp */
  timestampMs: number;
}

/** CHALLENGE_MESSAGE (type 2). */
export function buildChallengeMessage(o: ChallengeOptions): Buffer {
  const flags = (o.flags ?? DEFAULT_CHALLENGE_FLAGS) >>> 0;
  const targetName = utf16(o.nbDomain);
  const targetInfo = encodeAvPairs([
    { id: AV_ID.NB_DOMAIN, value: utf16(o.nbDomain) },
    { id: AV_ID.NB_COMPUTER, value: utf16(o.nbComputer) },
    { id: AV_ID.DNS_DOMAIN, value: utf16(o.dnsDomain) },
    { id: AV_ID.DNS_COMPUTER, value: utf16(o.dnsComputer) },
    { id: AV_ID.DNS_TREE, value: utf16(o.dnsDomain) },
    { id: AV_ID.TIMESTAMP, value: fileTime(o.timestampMs) },
  ]);
  const head = Buffer.alloc(56);
  SIGNATURE.copy(head, 0);
  head.writeUInt32LE(2, 8);
  head.writeUInt16LE(targetName.length, 12);
  head.writeUInt16LE(targetName.length, 14);
  head.writeUInt32LE(56, 16);
  head.writeUInt32LE(flags, 20);
  o.serverChallenge.copy(head, 24, 0, 8);
  head.writeUInt16LE(targetInfo.length, 40);
  head.writeUInt16LE(targetInfo.length, 42);
  head.writeUInt32LE(56 + targetName.length, 44);
  // Version: Windows Server 2012 R2 (6.3 build 9600), NTLM revision 15
  Buffer.from([6, 3, 0x80, 0x25, 0, 0, 0, 15]).copy(head, 48);
  return Buffer.concat([head, targetName, targetInfo]);
}

export interface AuthenticateMessage {
  flags: number;
  lmResponse: Buffer;
  ntResponse: Buffer;
  domain: string;
  user: string;
  workstation: string;
  encryptedSessionKey: Buffer;
}

/** Parses an AUTHENTICATE_MESSAGE (type 3); undefined when it is not one or its fields point outside it. */
export function parseAuthenticateMessage(buf: Buffer): AuthenticateMessage | undefined {
  if (buf.length < 52 || !buf.subarray(0, 8).equals(SIGNATURE) || buf.readUInt32LE(8) !== 3) return undefined;
  const field = (at: number): Buffer | undefined => {
    if (at + 8 > buf.length) return Buffer.alloc(0);
    const len = buf.readUInt16LE(at);
    const off = buf.readUInt32LE(at + 4);
    if (len === 0) return Buffer.alloc(0);
    if (off + len > buf.length) return undefined;
    return buf.subarray(off, off + len);
  };
  const flags = buf.length >= 64 ? buf.readUInt32LE(60) : 0;
  const lm = field(12);
  const nt = field(20);
  const dom = field(28);
  const usr = field(36);
  const ws = field(44);
  const key = field(52);
  if (!lm || !nt || !dom || !usr || !ws || !key) return undefined;
  const text = (b: Buffer): string => (flags & NTLM_FLAG.UNICODE ? b.toString('utf16le') : b.toString('latin1'));
  return { flags, lmResponse: lm, ntResponse: nt, domain: text(dom), user: text(usr), workstation: text(ws), encryptedSessionKey: key };
}

export type NtlmVerification =
  | { ok: true; version: 'NTLMv2'; exportedSessionKey: Buffer; flags: number }
  | { ok: false; reason: 'malformed' | 'not-ntlmv2' | 'unknown-user' | 'wrong-password' };

export interface NtlmAccount {
  username: string;
  ntDomain: string;
  password: string;
  /** other names the account signs in with, e.g. its UPN `alice@corp.example` (domain then empty) */
  aliases?: string[];
}

/**
 * Verifies an NTLMv2 AUTHENTICATE against the server challenge: recomputes NTProofStr from the stored password.
 * The account is matched on user name (case-insensitive); the domain the client sent is used for NTOWFv2, as a
 * domain controller does. NTLMv1 (24-byte nt response) is refused: SIPE 1.25 sends NTLMv2.
 */
export function verifyNtlmV2(
  auth: AuthenticateMessage,
  serverChallenge: Buffer,
  accounts: readonly NtlmAccount[],
): NtlmVerification {
  if (auth.ntResponse.length === 24) return { ok: false, reason: 'not-ntlmv2' };
  if (auth.ntResponse.length < 16 + 28) return { ok: false, reason: 'malformed' };
  const u = auth.user.toLowerCase();
  const d = auth.domain.toLowerCase();
  const account = accounts.find((a) => a.username.toLowerCase() === u &&
    (d === '' || a.ntDomain.toLowerCase() === d || d.startsWith(`${a.ntDomain.toLowerCase()}.`))) ??
    accounts.find((a) => (a.aliases ?? []).some((x) => x.toLowerCase() === u));
  if (!account) return { ok: false, reason: 'unknown-user' };
  const key = ntowfV2(account.password, auth.user, auth.domain);
  const proof = auth.ntResponse.subarray(0, 16);
  const blob = auth.ntResponse.subarray(16);
  const expected = hmacMd5(key, serverChallenge, blob);
  if (!expected.equals(proof)) return { ok: false, reason: 'wrong-password' };
  const sessionBaseKey = hmacMd5(key, proof);
  // NTLMv2: KeyExchangeKey = SessionBaseKey (§3.4.5.1)
  const exportedSessionKey =
    auth.flags & NTLM_FLAG.KEY_EXCH && auth.encryptedSessionKey.length === 16
      ? rc4(sessionBaseKey, auth.encryptedSessionKey)
      : sessionBaseKey;
  return { ok: true, version: 'NTLMv2', exportedSessionKey, flags: auth.flags };
}

/** NTLMv2 response pieces for a client (tests and the lab's own client-side checks). */
export function ntlmV2Response(o: {
  password: string; user: string; domain: string; serverChallenge: Buffer; clientChallenge: Buffer; time: Buffer; targetInfo: Buffer;
}): { ntProofStr: Buffer; ntResponse: Buffer; lmResponse: Buffer; sessionBaseKey: Buffer } {
  const key = ntowfV2(o.password, o.user, o.domain);
  const temp = Buffer.concat([
    Buffer.from([1, 1, 0, 0, 0, 0, 0, 0]), o.time, o.clientChallenge, Buffer.alloc(4), o.targetInfo, Buffer.alloc(4),
  ]);
  const ntProofStr = hmacMd5(key, o.serverChallenge, temp);
  return {
    ntProofStr,
    ntResponse: Buffer.concat([ntProofStr, temp]),
    lmResponse: Buffer.concat([hmacMd5(key, o.serverChallenge, o.clientChallenge), o.clientChallenge]),
    sessionBaseKey: hmacMd5(key, ntProofStr),
  };
}

export interface NtlmSessionKeys {
  clientSign: Buffer;
  serverSign: Buffer;
  clientSeal: Buffer;
  serverSeal: Buffer;
}

/** SIGNKEY/SEALKEY with extended session security (§3.4.5.2, §3.4.5.3). */
export function ntlmSessionKeys(exportedSessionKey: Buffer, flags: number): NtlmSessionKeys {
  const magic = (s: string): Buffer => Buffer.from(`session key to ${s} key magic constant\0`, 'latin1');
  const sealBase = flags & NTLM_FLAG.KEY_128
    ? exportedSessionKey
    : flags & NTLM_FLAG.KEY_56 ? exportedSessionKey.subarray(0, 7) : exportedSessionKey.subarray(0, 5);
  return {
    clientSign: md5(exportedSessionKey, magic('client-to-server signing')),
    serverSign: md5(exportedSessionKey, magic('server-to-client signing')),
    clientSeal: md5(sealBase, magic('client-to-server sealing')),
    serverSeal: md5(sealBase, magic('server-to-client sealing')),
  };
}

/**
 * NTLMSSP_MESSAGE_SIGNATURE with extended session security (§3.4.4.2) in connection-less mode: the sealing
 * handle is re-initialised per message from MD5(SealKey + SeqNum) (§3.4.3), so messages can be checked out of order.
 */
export function ntlmMac(o: {
  signKey: Buffer; sealKey: Buffer; seqNum: number; message: Buffer; keyExch: boolean;
  /** connection-oriented mode: the running sealing handle instead of a per-message one */
  handle?: Rc4;
}): Buffer {
  const seq = Buffer.alloc(4);
  seq.writeUInt32LE(o.seqNum >>> 0);
  let checksum = hmacMd5(o.signKey, seq, o.message).subarray(0, 8);
  if (o.keyExch) checksum = (o.handle ?? createRc4(md5(o.sealKey, seq))).update(checksum);
  return Buffer.concat([Buffer.from([1, 0, 0, 0]), checksum, seq]);
}

/** AUTHENTICATE_MESSAGE as a client builds it (the lab's own tests play the client with it). */
export function buildAuthenticateMessage(o: {
  flags: number; lmResponse: Buffer; ntResponse: Buffer; domain: string; user: string; workstation: string;
  encryptedSessionKey: Buffer;
}): Buffer {
  const payload = [o.lmResponse, o.ntResponse, utf16(o.domain), utf16(o.user), utf16(o.workstation), o.encryptedSessionKey];
  const head = Buffer.alloc(72);
  SIGNATURE.copy(head, 0);
  head.writeUInt32LE(3, 8);
  let off = head.length;
  payload.forEach((p, i) => {
    const at = 12 + i * 8;
    head.writeUInt16LE(p.length, at);
    head.writeUInt16LE(p.length, at + 2);
    head.writeUInt32LE(off, at + 4);
    off += p.length;
  });
  head.writeUInt32LE(o.flags >>> 0, 60);
  Buffer.from([10, 0, 0x63, 0x45, 0, 0, 0, 15]).copy(head, 64);
  return Buffer.concat([head, ...payload]);
}
