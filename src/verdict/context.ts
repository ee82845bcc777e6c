/** What the verdict needs to know of the evidence besides the findings. */
import type { Kind } from '../evidence/kinds.js';
import { progressOf } from '../evidence/derive/progress.js';
import type { EvidenceSet } from '../evidence/set.js';
import { englishOf } from '../rules/common/client-error.js';
import type { VerdictContext } from './decide.js';

/** What a reader would need to decide, for an 'unknown' verdict. */
function missingEvidence(ev: EvidenceSet): string[] {
  const missing: string[] = [];
  const has = (k: Kind): boolean => ev.has(k);
  if (!has('client.account')) missing.push('the account settings');
  if (!has('dns.lookup') && !has('discovery.event')) missing.push('server discovery');
  if (!has('tcp.connect') && !has('transport.event')) missing.push('the connection to the server');
  if (!has('sip.register')) missing.push('the REGISTER exchange (message dumps need PURPLE_UNSAFE_DEBUG=1)');
  else if (!ev.all('sip.register').some((r) => r.data.status !== undefined)) missing.push('an answer to REGISTER');
  if (!has('client.error')) missing.push('a connection error');
  return missing;
}

/** What proves the sign-in, in words (the REGISTER's 200 first). */
function signedInProof(ev: EvidenceSet): { signedInProof?: string } {
  if (ev.all('sip.register').some((r) => r.data.outcome === 'registered')) return { signedInProof: 'the server accepted the REGISTER' };
  const auth = ev.all('auth.event');
  if (auth.some((e) => e.data.event === 'completed')) return { signedInProof: 'the authentication handshake completed' };
  const session = auth.find((e) => e.data.event === 'signed-in');
  return session?.data.detail ? { signedInProof: `the session is working (${session.data.detail})` } : {};
}

/**
 * The server answered REGISTER with a challenge and nothing answered it (a live check without a
 * password): the schemes offered, or undefined when credentials were sent or no challenge came.
 */
function unansweredChallenge(ev: EvidenceSet): string | undefined {
  const regs = ev.all('sip.register');
  // withheld on purpose (an unverified path): the report says why, not "no password"
  if (ev.all('auth.event').some((e) => e.data.event === 'credentials-withheld')) return undefined;
  if (regs.some((r) => r.data.authorizationScheme !== undefined || r.data.outcome === 'registered')) return undefined;
  const challenged = regs.filter((r) => r.data.outcome === 'challenged' && r.data.status === 401);
  if (!challenged.length) return undefined;
  const schemes = [...new Set(challenged.flatMap((r) => (r.data.challenges ?? []).map((c) => c.scheme)))];
  return schemes.length ? schemes.join(', ') : 'credentials';
}

/** The last attempt, whether it signed in, its last client error and what its evidence lacks. */
export function verdictContext(ev: EvidenceSet): VerdictContext {
  const last = ev.lastAttempt();
  const lastSet = ev.forAttempt(last);
  const lastError = lastSet.all('client.error').at(-1);
  return {
    ...(last !== undefined ? { lastAttempt: last } : {}),
    signedIn: progressOf(lastSet).signedIn,
    ...signedInProof(lastSet),
    ...(lastError ? { clientError: (englishOf(lastError) ?? lastError.data.description).replace(/\s*\n\s*/g, ' ') } : {}),
    missing: missingEvidence(lastSet),
    ...(() => {
      const c = unansweredChallenge(lastSet);
      return c ? { unansweredChallenge: c } : {};
    })(),
  };
}
