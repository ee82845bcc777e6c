/**
 * Server side of connection-less NTLM as [MS-SIPAE] uses it, written from [MS-NLMP]:
 * CHALLENGE_MESSAGE (§2.2.1.2) with target info AV pairs (§2.2.2.1), AUTHENTICATE_MESSAGE parsing (§2.2.1.3),
 * NTLMv2 verification (§3.3.2). Session keys, signatures and the other primitives are in src/protocol/ntlm.
 */
import {
  AV_ID, encodeAvPairs, fileTime, hmacMd5, NTLM_FLAG, NTLMSSP_SIGNATURE as SIGNATURE, ntowfV2, rc4,
  readSecurityBuffer, utf16, withSecurityBuffers,
} from '../../protocol/ntlm/index.js';

// Shared primitives, re-exported for the lab's callers and tests.
export {
  AV_ID, decodeAvPairs, encodeAvPairs, fileTime, md4Hash, NTLM_FLAG, ntlmMac, ntlmSessionKeys, ntlmV2Response, ntowfV2,
  type AvPair, type NtlmSessionKeys,
} from '../../protocol/ntlm/index.js';

/** Flags a Lync front end offers in a connection-less challenge. */
export const DEFAULT_CHALLENGE_FLAGS =
  NTLM_FLAG.UNICODE | NTLM_FLAG.REQUEST_TARGET | NTLM_FLAG.SIGN | NTLM_FLAG.SEAL | NTLM_FLAG.DATAGRAM |
  NTLM_FLAG.NTLM | NTLM_FLAG.ALWAYS_SIGN | NTLM_FLAG.TARGET_TYPE_DOMAIN | NTLM_FLAG.EXTENDED_SESSIONSECURITY |
  NTLM_FLAG.TARGET_INFO | NTLM_FLAG.VERSION | NTLM_FLAG.KEY_128 | NTLM_FLAG.KEY_EXCH | NTLM_FLAG.KEY_56;

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
  const field = (at: number): Buffer | undefined => readSecurityBuffer(buf, at);
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

/** AUTHENTICATE_MESSAGE as a client builds it (the lab's own tests play the client with it). */
export function buildAuthenticateMessage(o: {
  flags: number; lmResponse: Buffer; ntResponse: Buffer; domain: string; user: string; workstation: string;
  encryptedSessionKey: Buffer;
}): Buffer {
  const payload = [o.lmResponse, o.ntResponse, utf16(o.domain), utf16(o.user), utf16(o.workstation), o.encryptedSessionKey];
  const head = Buffer.alloc(72);
  SIGNATURE.copy(head, 0);
  head.writeUInt32LE(3, 8);
  head.writeUInt32LE(o.flags >>> 0, 60);
  Buffer.from([10, 0, 0x63, 0x45, 0, 0, 0, 15]).copy(head, 64);
  return withSecurityBuffers(head, 12, payload);
}
