/**
 * The middle of the pipeline: evidence → rules (per attempt) → findings → verdict → timeline →
 * Report. Pure. Every command reaches it through diagnoseCollection(); the library exports
 * diagnose() for a bundle in hand.
 */
import type { EvidenceBundle } from '../evidence/bundle.js';
import { createEvidenceSet } from '../evidence/set.js';
import { buildReport } from '../report/build.js';
import type { Report } from '../report/types.js';
import { runRulesByAttempt } from '../rules/engine.js';
import { RULES } from '../rules/index.js';
import type { Rule } from '../rules/types.js';
import { verdictContext } from '../verdict/context.js';
import { decideVerdict } from '../verdict/decide.js';
import { draftFindings } from '../verdict/findings.js';
import { guardFindings } from '../verdict/guard.js';
import { attemptTimeline } from '../verdict/timeline.js';
import type { Collection } from './types.js';

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
  // advice and confidence checked against all of the evidence before the verdict picks
  const fragments = bundle.parseStats?.fragments ?? [];
  const fragment = fragments.length && fragments.length === (bundle.parseStats?.files.length ?? 0)
    ? { kind: fragments.some((f) => f.kind === 'tail') ? 'tail' as const : 'messages' as const, sipeLines: (bundle.parseStats?.sipeLines ?? 0) > 0 }
    : undefined;
  const { verdict, findings } = decideVerdict(guardFindings(draftFindings(runs), ev), { ...verdictContext(ev), ...(bundle.mode === 'live' ? { live: true } : {}), ...(fragment ? { fragment } : {}) });
  const timeline = attemptTimeline(ev, findings);
  return buildReport({ bundle, ev, runs, verdict, findings, timeline }, {
    version: opts.version,
    mode: opts.mode,
    startedAt: opts.startedAt,
    durationMs: opts.durationMs,
    ...(opts.inputs ? { inputs: opts.inputs } : {}),
    ...(opts.partial ? { partial: opts.partial } : {}),
  });
}

/** The diagnosis engine as commands see it; tests inject another. */
export type DiagnoseFn = typeof diagnose;

/** How a run is diagnosed: the clock, the version, the catalog and the rule selection. */
export interface DiagnoseSettings {
  /** when collecting began (the report's startedAt) */
  startedAt: Date;
  /** the report clock: rules judge certificates by it; durationMs ends here */
  now: Date;
  version: string;
  rules?: readonly Rule[] | undefined;
  only?: readonly string[] | undefined;
  skip?: readonly string[] | undefined;
  options?: Readonly<Record<string, unknown>> | undefined;
  /** the engine (default: diagnose) */
  engine?: DiagnoseFn | undefined;
}

/** collect → **diagnose**: what a command calls with the Collection its producer made. */
export function diagnoseCollection(c: Collection, s: DiagnoseSettings): Report {
  return (s.engine ?? diagnose)(c.bundle, {
    now: s.now,
    startedAt: s.startedAt.toISOString(),
    durationMs: Math.max(0, s.now.getTime() - s.startedAt.getTime()),
    version: s.version,
    mode: c.mode,
    ...(c.inputs.length ? { inputs: [...c.inputs] } : {}),
    ...(s.rules ? { rules: s.rules } : {}),
    ...(s.only ? { only: [...s.only] } : {}),
    ...(s.skip ? { skip: [...s.skip] } : {}),
    ...(c.partial ? { partial: true } : {}),
    ...(s.options ? { options: s.options } : {}),
  });
}
