export { decideVerdict, compareBlocking } from './decide.js';
export type { VerdictContext } from './decide.js';
export type { DraftFinding, EvidenceRef, Finding, TimelineEntry, Verdict } from './types.js';
export { buildTimeline } from './timeline.js';
export { describeObservation } from './describe.js';
export { CAUSE_RANK, isDominant, SPECIFICITY, specificityIndex } from './specificity.js';
export { guardFindings } from './guard.js';
