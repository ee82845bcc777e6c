/**
 * IIS Windows authentication in front of the lab's WebTicketServiceWinNegotiate endpoint: a 401
 * offering `Negotiate` and `NTLM`, then the NTLM handshake (RFC 4559 style, raw NTLMSSP tokens under
 * either scheme name) on the same TCP connection, verified NTLMv2 against the lab directory.
 * Kerberos/SPNEGO tokens are refused with a fresh challenge, as a server without a KDC would.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { buildChallengeMessage, parseAuthenticateMessage, verifyNtlmV2 } from '../sip/ntlm.js';

/** One account of the lab's directory (AD + Office 365 in one). */
export interface DirectoryAccount {
  /** sAMAccountName, e.g. `alice` */
  username: string;
  /** NetBIOS domain, e.g. `CORP` */
  ntDomain: string;
  /** user principal name / Office 365 sign-in name */
  upn: string;
  /** msRTCSIP-PrimaryUserAddress without `sip:` */
  sipUri: string;
  password: string;
}

export type NtlmGate = { kind: 'ok'; account: DirectoryAccount } | { kind: 'challenge'; headers: string[] };

const SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');
const OFFER = ['Negotiate', 'NTLM'];

export function createHttpNtlm(o: { directory: readonly DirectoryAccount[]; domain: string; now: () => Date }): { check(req: IncomingMessage): NtlmGate } {
  // the server challenge belongs to the connection the NEGOTIATE_MESSAGE arrived on
  const challenges = new WeakMap<Socket, Buffer>();
  const nb = (o.domain.split('.')[0] ?? 'CORP').toUpperCase();
  return {
    check(req) {
      const m = /^(NTLM|Negotiate)\s+([A-Za-z0-9+/=]+)\s*$/i.exec(String(req.headers.authorization ?? ''));
      if (!m) return { kind: 'challenge', headers: OFFER };
      const scheme = m[1] as string;
      const token = Buffer.from(m[2] as string, 'base64');
      if (token.length < 12 || !token.subarray(0, 8).equals(SIGNATURE)) return { kind: 'challenge', headers: OFFER };
      const type = token.readUInt32LE(8);
      if (type === 1) {
        const serverChallenge = randomBytes(8);
        challenges.set(req.socket, serverChallenge);
        const msg = buildChallengeMessage({
          serverChallenge, nbDomain: nb, nbComputer: 'FE01', dnsDomain: o.domain, dnsComputer: `fe01.${o.domain}`, timestampMs: o.now().getTime(),
        });
        return { kind: 'challenge', headers: [`${scheme} ${msg.toString('base64')}`] };
      }
      const serverChallenge = challenges.get(req.socket);
      challenges.delete(req.socket);
      const auth = type === 3 ? parseAuthenticateMessage(token) : undefined;
      if (!serverChallenge || !auth) return { kind: 'challenge', headers: OFFER };
      for (const account of o.directory) {
        const v = verifyNtlmV2(auth, serverChallenge, [{ username: account.username, ntDomain: account.ntDomain, password: account.password, aliases: [account.upn] }]);
        if (v.ok) return { kind: 'ok', account };
      }
      return { kind: 'challenge', headers: OFFER };
    },
  };
}
