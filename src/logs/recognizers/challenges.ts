/**
 * Authentication challenges as the log analyzer reports them (SIP REGISTER answers, SIPE's
 * `Auth header:` lines): without the secret parameters the redactor already replaced.
 */
import type { AuthChallenge } from '../../evidence/kinds.js';

const REDACTED = '<redacted>';

/** Challenges without secret parameters (values the parser/redactor replaced). */
export function publicChallenges(challenges: readonly AuthChallenge[]): AuthChallenge[] {
  return challenges.map((c) => ({
    scheme: c.scheme,
    params: Object.fromEntries(Object.entries(c.params).filter(([k, v]) => v !== REDACTED && !v.includes(REDACTED) && k !== 'token68')),
  }));
}
