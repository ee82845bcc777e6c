import type { Observation, Of } from '../../evidence/kinds.js';
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

/**
 * The HTTP answer the sign-in stopped on: the last `http.exchange` before the first client.error, when it
 * failed and is one of `purposes`, with that error. Language-independent (SIPE's own English lines and the
 * order of events): a translated error text the analyzer cannot read still marks where the sign-in stopped.
 * Needs 'http.exchange' and 'client.error' declared.
 */
export function stoppedOnFailedHttp(
  ev: EvidenceSet, purposes: ReadonlySet<string>,
): { exchange: Of<'http.exchange'>; error: Of<'client.error'> } | undefined {
  const list = ev.list();
  const i = list.findIndex((o) => o.kind === 'client.error');
  if (i < 0) return undefined;
  const last = list.slice(0, i).reverse().find((o): o is Of<'http.exchange'> => o.kind === 'http.exchange');
  if (!last || !purposes.has(last.data.purpose)) return undefined;
  if (last.data.outcome === 'ok' && (last.data.status ?? 200) < 400) return undefined;
  return { exchange: last, error: list[i] as Of<'client.error'> };
}
