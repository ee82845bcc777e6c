/**
 * The diagnosis engine as commands see it (injectable for tests), and the one way a command turns
 * its Collection into a Report: the pipeline's diagnose step with the CLI's clock, version and
 * rule selection.
 */
import { diagnose, diagnoseCollection, type DiagnoseFn } from '../pipeline/diagnose.js';
import type { Collection } from '../pipeline/types.js';
import type { Report } from '../report/types.js';
import { RULES } from '../rules/index.js';
import type { Rule } from '../rules/types.js';
import type { CliIo } from './io.js';
import type { RuleSelectionArgs } from './options.js';
import { resolveRuleIds, ruleIdList } from './options.js';
import { toolVersion } from './version.js';

export interface DiagnoseDeps {
  diagnose: DiagnoseFn;
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

/** collect → **diagnose** for a command: `startedAt` is when the command began (io.now()). */
export function diagnoseCommandRun(deps: DiagnoseDeps, c: Collection, run: RuleSelection & { startedAt: Date }, io: Pick<CliIo, 'now'>): Report {
  return diagnoseCollection(c, {
    startedAt: run.startedAt,
    now: io.now(),
    version: toolVersion(),
    engine: deps.diagnose,
    rules: deps.rules,
    only: run.only,
    skip: run.skip,
  });
}
