/**
 * The bodies-less sign of a Login that does not own the SIP address: the Login is another user than the SIP
 * address, the token service accepted its credentials (a token came back), and the Web Ticket service then
 * refused the ticket for the SIP address. Shared by sip-uri-mismatch (which reports it, inferred) and
 * ticket-failure (which leaves it to the more specific cause).
 */
import type { Of } from '../../evidence/kinds.js';
import type { EvidenceSet } from '../../evidence/set.js';
import { accountOf } from '../../evidence/derive/account.js';

/** the user part of a Login or SIP address: `CORP\alice`, `alice@corp.example` and `sip:alice@corp.example` are all `alice` */
export function userPart(id: string): string {
  return id.replace(/^sip:/i, '').replace(/^[^\\]*\\/, '').replace(/@.*$/, '').toLowerCase();
}

/** Needs client.account and http.exchange declared. */
export function otherLoginRefused(ev: EvidenceSet): { login: string; sts: Of<'http.exchange'>[]; refused: Of<'http.exchange'>[] } | undefined {
  const a = accountOf(ev);
  if (!a.login || !a.signinName || userPart(a.login) === userPart(a.signinName)) return undefined;
  const http = ev.all('http.exchange');
  const sts = http.filter((h) => (h.data.purpose === 'rst2' || h.data.purpose === 'adfs') && h.data.outcome === 'ok');
  const refused = http.filter((h) => h.data.purpose === 'webticket' && (h.data.status ?? 0) >= 400 && sts.some((t) => ev.position(t) < ev.position(h)));
  return refused.length ? { login: a.login, sts, refused } : undefined;
}
