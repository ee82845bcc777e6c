import type { Observation } from '../../evidence/kinds.js';
import type { EvidenceSet } from '../../evidence/set.js';

/**
 * Sequence helpers over `ev.list()`, which holds only the kinds the calling rule declared (how far
 * the attempt got is the derived view progressOf, src/evidence/derive/progress.ts).
 */

/** Observations of the listed kinds that come before the first client.error (teardown after it is noise). */
export function beforeClientError(ev: EvidenceSet): readonly Observation[] {
  const list = ev.list();
  const i = list.findIndex((o) => o.kind === 'client.error');
  return i < 0 ? list : list.slice(0, i);
}

export const severityFor = (survived: boolean): 'error' | 'warning' => (survived ? 'warning' : 'error');
