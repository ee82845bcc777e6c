/**
 * Programmatic API of sipe-doctor. The CLI is a thin shell over these; everything here except
 * analyzeLogFiles(), readLogLines(), loadTranslationCatalogs(), readAccountsEvidence() and
 * startLab() is pure.
 */
import { loadTranslationCatalogs } from './logs/i18n-load.js';
import { readLogBytes } from './logs/read.js';
import { collectLogs } from './pipeline/collect.js';
import { diagnoseCollection } from './pipeline/diagnose.js';
import type { EvidenceBundle } from './evidence/bundle.js';
import type { Report } from './report/types.js';
import { toolVersion } from './cli/version.js';

// diagnosis
export { diagnose, diagnoseCollection, type DiagnoseOptions, type DiagnoseSettings } from './pipeline/diagnose.js';
export { collectAccounts, collectLive, collectLogs, collectSavedBundle, readAccountsFile, withAccountsEvidence, type Collection } from './pipeline/index.js';
export { renderReport, type RenderSettings, type Rendered } from './pipeline/render.js';
export { RULES, findRule } from './rules/index.js';
export { runRules, runRulesByAttempt, type RuleRun } from './rules/engine.js';
export { ROOT_CAUSES, ROOT_CAUSE_IDS, type RootCauseId } from './rules/root-causes.js';
export { STEP_ORDER, type Step } from './evidence/steps.js';
export type { Rule, RuleMeta, RuleContext, Outcome, Problem, Remediation, Severity, Confidence } from './rules/types.js';
export type { SettingChange } from './protocol/account-settings.js';

// evidence
export { parseBundle, stampDrafts, BundleError, type EvidenceBundle, type ParseStats } from './evidence/bundle.js';
export { createEvidenceSet, type EvidenceSet } from './evidence/set.js';
export { KINDS, type Observation, type Kind, type Draft, type Source } from './evidence/kinds.js';

// producers
export { parseLogSources, type LogParseResult, type LogSource, type TranslationCatalogs } from './logs/index.js';
export { readLogLines, readLogBytes, InputError } from './logs/read.js';
export { loadTranslationCatalogs } from './logs/i18n-load.js';
export { redactLine, createRedactor } from './redact/index.js';
export { readAccountsEvidence } from './config/evidence.js';
export { parseSipMessage, sipHeaderViews } from './protocol/sip/parse.js';
export { runCheck } from './probes/run-check.js';

// report
export { REPORT_SCHEMA_VERSION, type Report, type Finding, type Verdict, type TimelineEntry, type EvidenceRef } from './report/types.js';
export { formatReport, FORMATTERS, FORMAT_NAMES, type FormatOptions, type Formatter } from './report/formatters/index.js';
export { exitCodeFor, type FailOn } from './report/exit-code.js';
export { createPseudonymizer, pseudonymizeDeep, type Pseudonymizer } from './report/pii.js';

// lab
export { startLab, SCENARIOS, SCENARIO_NAMES } from './lab/index.js';

// CLI (for embedding and tests)
export { main } from './cli/main.js';
export { ExitCode } from './cli/exit-codes.js';
export type { CliIo } from './cli/io.js';

export interface AnalyzeLogFilesOptions {
  /** the report clock (default: now) */
  now?: Date;
  /** directories with pidgin-sipe.mo / pidgin.mo to recognise translated error texts */
  localeDirs?: string[];
  only?: string[];
  skip?: string[];
}

/** Read debug logs (paths, plain or .gz) and diagnose them: the library form of `sipe-doctor analyze`. */
export async function analyzeLogFiles(paths: readonly string[], opts: AnalyzeLogFilesOptions = {}): Promise<{ report: Report; bundle: EvidenceBundle; notDebugLog: string[] }> {
  const started = opts.now ?? new Date();
  const catalogs = await loadTranslationCatalogs(opts.localeDirs);
  const c = await collectLogs(
    paths.map((p) => {
      const warnings: string[] = [];
      return { name: p, bytes: readLogBytes(p, { stdin: process.stdin }, { onWarning: (w) => warnings.push(w) }), warnings };
    }),
    { catalogs },
  );
  const report = diagnoseCollection(c, { startedAt: started, now: opts.now ?? new Date(), version: toolVersion(), only: opts.only, skip: opts.skip });
  return { report, bundle: c.bundle, notDebugLog: c.notDebugLog };
}
