import type { Observation } from '../evidence/kinds.js';
import type { EvidenceSet } from '../evidence/set.js';
import type { Finding, TimelineEntry } from './types.js';
import { timelineOf, type TimelineStep } from '../evidence/derive/timeline.js';
import { createEvidenceSet } from '../evidence/set.js';
import { describeObservation } from './describe.js';

/**
 * One entry per observation of the attempt, in order. `cited` holds the ids that failing findings
 * cite: soft failures (a missing lyncdiscover record, a 401 to an authenticated REGISTER) are only
 * shown as failures when a finding says they mattered.
 */
export function buildTimeline(observations: readonly Observation[], cited: ReadonlySet<string>): TimelineEntry[] {
  return entries(timelineOf(createEvidenceSet(observations)), cited);
}

/** The timeline of the attempt the verdict is about; evidence the findings cite marks soft failures. */
export function attemptTimeline(ev: EvidenceSet, findings: readonly Finding[]): TimelineEntry[] {
  const cited = new Set(findings.filter((f) => f.role !== 'earlier-attempt').flatMap((f) => f.evidence.map((e) => e.id)));
  return entries(timelineOf(ev.forAttempt(ev.lastAttempt())), cited);
}

function entries(steps: readonly TimelineStep[], cited: ReadonlySet<string>): TimelineEntry[] {
  return steps.map(({ observation: o, step, peer, status: s }) => ({
    // evidence keeps a log's time of day as `T10:11:12`; a report shows `10:11:12`
    ...(o.at !== undefined ? { at: o.at.startsWith('T') ? o.at.slice(1) : o.at } : {}),
    kind: o.kind,
    step,
    label: describeObservation(o),
    status: s === 'soft' ? (cited.has(o.id) ? 'fail' : 'info') : s,
    ...(peer ? { peer } : {}),
    evidence: [o.id],
    ...(o.attempt !== undefined ? { attempt: o.attempt } : {}),
  }));
}
