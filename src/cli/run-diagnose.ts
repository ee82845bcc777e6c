import type { EvidenceBundle } from '../evidence/bundle.js';
import type { Report } from '../report/types.js';
import type { Rule } from '../rules/types.js';
import type { CliIo } from './io.js';
import type { RuleSelectionArgs } from './options.js';
import { resolveRuleIds, ruleIdList } from './options.js';
import { RULES } from '../rules/index.js';
import { diagnose } from '../diagnose.js';
import { toolVersion } from './version.js';

/** The diagnosis engine as the commands see it (injectable for tests). */
export interface DiagnoseDeps {
  diagnose: typeof diagnose;
  /** the rule catalog, for --only-rules / --skip-rules validation (engine default when undefined) */
  rules?: readonly Rule[] | undefined;
}

export async function loadDiagnoseDeps(): Promise<DiagnoseDeps> {
  return { diagnose, rules: RULES };
}

export interface RuleSelection {
  only?: string[] | undefined;
  skip?: string[] | undefined;
}

/** Validate --only-rules / --skip-rules up front (before a long read): unknown ids → exit 2. */
export function ruleSelection(deps: DiagnoseDeps, args: RuleSelectionArgs): RuleSelection {
  if (!deps.rules) return { only: ruleIdList(args.onlyRules), skip: ruleIdList(args.skipRules) };
  return {
    only: resolveRuleIds(args.onlyRules, deps.rules, '--only-rules'),
    skip: resolveRuleIds(args.skipRules, deps.rules, '--skip-rules'),
  };
}

export interface DiagnoseRun extends RuleSelection {
  mode: Report['run']['mode'];
  inputs?: string[] | undefined;
  /** when the command started (io.now()) */
  startedAt: Date;
  partial?: boolean | undefined;
}

/** Run diagnose() with the CLI's clock, version and rule selection. */
export function runDiagnose(deps: DiagnoseDeps, bundle: EvidenceBundle, run: DiagnoseRun, io: CliIo): Report {
  const { only, skip } = run;
  const now = io.now();
  return deps.diagnose(bundle, {
    now,
    startedAt: run.startedAt.toISOString(),
    durationMs: Math.max(0, now.getTime() - run.startedAt.getTime()),
    version: toolVersion(),
    mode: run.mode,
    ...(run.inputs ? { inputs: run.inputs } : {}),
    ...(deps.rules ? { rules: deps.rules } : {}),
    ...(only ? { only } : {}),
    ...(skip ? { skip } : {}),
    ...(run.partial ? { partial: true } : {}),
  });
}
