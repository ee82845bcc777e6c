import type { EvidenceBundle } from './evidence/bundle.js';
import { createEvidenceSet } from './evidence/set.js';
import { runRulesByAttempt } from './rules/engine.js';
import { RULES } from './rules/index.js';
import type { Rule } from './rules/types.js';
import { buildReport } from './report/build.js';
import type { Report } from './report/types.js';

export interface DiagnoseOptions {
  now: Date;
  startedAt: string;
  durationMs: number;
  version: string;
  mode: Report['run']['mode'];
  inputs?: string[];
  rules?: readonly Rule[];
  only?: string[];
  skip?: string[];
  partial?: boolean;
  /** rule options (RuleContext.options) */
  options?: Readonly<Record<string, unknown>>;
}

/** Evidence → Report: run the catalog per attempt, pick the verdict, build the timeline. Pure. */
export function diagnose(bundle: EvidenceBundle, opts: DiagnoseOptions): Report {
  const ev = createEvidenceSet(bundle.observations);
  const runs = runRulesByAttempt(ev, opts.rules ?? RULES, { now: opts.now, options: opts.options ?? {} }, {
    ...(opts.only ? { only: opts.only } : {}),
    ...(opts.skip ? { skip: opts.skip } : {}),
  });
  return buildReport(bundle, ev, runs, {
    version: opts.version,
    mode: opts.mode,
    startedAt: opts.startedAt,
    durationMs: opts.durationMs,
    ...(opts.inputs ? { inputs: opts.inputs } : {}),
    ...(opts.partial ? { partial: opts.partial } : {}),
  });
}
