/**
 * The connection path SIPE walks, in order: account settings → discovery/DNS → TCP → TLS →
 * autodiscover → web ticket / certificate → REGISTER → authentication → the session. The verdict
 * picks the earliest failing step; findings, timeline entries and progress are placed on it.
 */
export type Step = 'client' | 'dns' | 'network' | 'tls' | 'autodiscover' | 'webticket' | 'register' | 'auth' | 'session';

/** A typed table, so adding a step without placing it is a compile error. */
const STEP_RANK: Readonly<Record<Step, number>> = {
  client: 0, dns: 1, network: 2, tls: 3, autodiscover: 4, webticket: 5, register: 6, auth: 7, session: 8,
};

/** Connection-path order: the verdict picks the earliest failing step of the last attempt. */
export const STEP_ORDER: readonly Step[] = (Object.keys(STEP_RANK) as Step[]).sort((a, b) => STEP_RANK[a] - STEP_RANK[b]);

export function stepIndex(step: Step): number {
  return STEP_RANK[step];
}
