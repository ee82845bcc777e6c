/**
 * Connection-less NTLM security associations of the registrar ([MS-SIPAE] §3.2–3.3): one per `opaque`, created
 * by the empty-`gssapi-data` REGISTER, completed by the AUTHENTICATE, then used to sign and verify messages.
 */
import { randomBytes } from 'node:crypto';
import {
  buildChallengeMessage, ntlmMac, NTLM_FLAG, ntlmSessionKeys, parseAuthenticateMessage, verifyNtlmV2,
  type NtlmSessionKeys,
} from './ntlm.js';
import type { RegistrarUser } from './types.js';

/**
 * Flags of the connection-less challenge. SIPE 1.25 refuses a challenge without UNICODE, NTLM, ALWAYS_SIGN,
 * EXTENDED_SESSIONSECURITY, TARGET_INFO, SIGN, DATAGRAM, IDENTIFY and KEY_EXCH ("received incompatible NTLM
 * NegotiateFlags"), which is what a Lync front end offers anyway.
 */
export const CONNECTIONLESS_FLAGS =
  NTLM_FLAG.UNICODE | NTLM_FLAG.REQUEST_TARGET | NTLM_FLAG.SIGN | NTLM_FLAG.SEAL | NTLM_FLAG.DATAGRAM |
  NTLM_FLAG.NTLM | NTLM_FLAG.ALWAYS_SIGN | NTLM_FLAG.TARGET_TYPE_DOMAIN | NTLM_FLAG.EXTENDED_SESSIONSECURITY |
  NTLM_FLAG.IDENTIFY | NTLM_FLAG.TARGET_INFO | NTLM_FLAG.VERSION | NTLM_FLAG.KEY_128 | NTLM_FLAG.KEY_EXCH |
  NTLM_FLAG.KEY_56;

/**
 * Sequence number inside the NTLM signature. SIPE 1.25 computes and checks every MAC with 100 whatever
 * cnum/snum say (seen in its `NTLM calculated MAC` debug line: the trailing `64000000`).
 */
export const SIGNATURE_SEQ_NUM = 100;

export interface SecurityAssociation {
  opaque: string;
  serverChallenge: Buffer;
  keys?: NtlmSessionKeys;
  keyExch: boolean;
  user?: RegistrarUser;
  /** server message counter for snum */
  snum: number;
  srand: string;
}

export type AuthenticateOutcome =
  | { ok: true; sa: SecurityAssociation }
  | { ok: false; reason: 'unknown-opaque' | 'malformed' | 'not-ntlmv2' | 'unknown-user' | 'wrong-password' };

export interface SecurityStore {
  /** new association + the base64 CHALLENGE_MESSAGE for `gssapi-data` */
  challenge(): { sa: SecurityAssociation; gssapiData: string };
  authenticate(opaque: string, gssapiData: string): AuthenticateOutcome;
  get(opaque: string): SecurityAssociation | undefined;
  drop(opaque: string): void;
  /** hex NTLMSSP_MESSAGE_SIGNATURE of `text` with the server keys */
  sign(sa: SecurityAssociation, text: string): string;
  /** does the client's `response` match `text`? */
  verify(sa: SecurityAssociation, text: string, responseHex: string): boolean;
}

const MAX_ASSOCIATIONS = 512;

export function createSecurityStore(o: {
  users: readonly RegistrarUser[];
  nbDomain: string;
  nbComputer: string;
  dnsDomain: string;
  dnsComputer: string;
  now(): number;
}): SecurityStore {
  const byOpaque = new Map<string, SecurityAssociation>();
  const remember = (sa: SecurityAssociation): void => {
    if (byOpaque.size >= MAX_ASSOCIATIONS) {
      const oldest = byOpaque.keys().next().value;
      if (oldest !== undefined) byOpaque.delete(oldest);
    }
    byOpaque.set(sa.opaque, sa);
  };
  const mac = (keys: { sign: Buffer; seal: Buffer }, keyExch: boolean, text: string): string =>
    ntlmMac({ signKey: keys.sign, sealKey: keys.seal, seqNum: SIGNATURE_SEQ_NUM, message: Buffer.from(text, 'utf8'), keyExch })
      .toString('hex');

  return {
    challenge() {
      const serverChallenge = randomBytes(8);
      const sa: SecurityAssociation = {
        opaque: randomBytes(4).toString('hex').toUpperCase(),
        serverChallenge,
        keyExch: false,
        snum: 0,
        srand: randomBytes(4).toString('hex').toUpperCase(),
      };
      remember(sa);
      const msg = buildChallengeMessage({
        serverChallenge, flags: CONNECTIONLESS_FLAGS, nbDomain: o.nbDomain, nbComputer: o.nbComputer,
        dnsDomain: o.dnsDomain, dnsComputer: o.dnsComputer, timestampMs: o.now(),
      });
      return { sa, gssapiData: msg.toString('base64') };
    },
    authenticate(opaque, gssapiData) {
      const sa = byOpaque.get(opaque);
      if (!sa) return { ok: false, reason: 'unknown-opaque' };
      const auth = /^[A-Za-z0-9+/=]*$/.test(gssapiData) ? parseAuthenticateMessage(Buffer.from(gssapiData, 'base64')) : undefined;
      if (!auth) return { ok: false, reason: 'malformed' };
      const accounts = o.users.map((u) => ({
        username: u.username, ntDomain: u.ntDomain, password: u.password,
        aliases: [u.sipUri.replace(/^sips?:/i, ''), `${u.username}@${u.ntDomain}`],
      }));
      const v = verifyNtlmV2(auth, sa.serverChallenge, accounts);
      if (!v.ok) {
        byOpaque.delete(opaque);
        return { ok: false, reason: v.reason };
      }
      sa.keys = ntlmSessionKeys(v.exportedSessionKey, v.flags);
      sa.keyExch = (v.flags & NTLM_FLAG.KEY_EXCH) !== 0;
      const name = auth.user.toLowerCase();
      const user = o.users.find((u) => u.username.toLowerCase() === name) ??
        o.users.find((u) => u.sipUri.replace(/^sips?:/i, '').toLowerCase() === name);
      if (user) sa.user = user;
      return { ok: true, sa };
    },
    get: (opaque) => byOpaque.get(opaque),
    drop: (opaque) => { byOpaque.delete(opaque); },
    sign(sa, text) {
      if (!sa.keys) return '';
      return mac({ sign: sa.keys.serverSign, seal: sa.keys.serverSeal }, sa.keyExch, text);
    },
    verify(sa, text, responseHex) {
      if (!sa.keys) return false;
      return mac({ sign: sa.keys.clientSign, seal: sa.keys.clientSeal }, sa.keyExch, text) === responseHex.toLowerCase();
    },
  };
}
