export { decideVerdict, compareBlocking } from './decide.js';
export type { DraftFinding, VerdictContext } from './decide.js';
export { buildTimeline } from './timeline.js';
export { describeObservation } from './describe.js';
export { SPECIFICITY, specificityIndex } from './specificity.js';
