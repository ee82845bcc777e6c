import type { EvidenceBundle } from '../evidence/bundle.js';

/** How the evidence was collected: the report's `run.mode`. */
export type RunMode = 'log' | 'live' | 'replay' | 'config';

/**
 * What a producer hands to the rest of the pipeline: the evidence and where it came from.
 * collect (src/pipeline/collect.ts) → diagnose (diagnose.ts) → render (render.ts).
 */
export interface Collection {
  bundle: EvidenceBundle;
  mode: RunMode;
  /** files, the sign-in address, … as the report names them */
  inputs: readonly string[];
  /** the producer stopped early (Ctrl-C, budget): the evidence is what it had by then */
  partial?: boolean;
}
