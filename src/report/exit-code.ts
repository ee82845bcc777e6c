import type { Severity } from '../rules/types.js';
import type { Report } from './types.js';

/** 0 nothing wrong, 1 problem diagnosed, 3 a rule or probe crashed (same numbers as src/cli/exit-codes.ts). */
export type ReportExitCode = 0 | 1 | 3;

/** `--fail-on`: the lowest finding severity that makes the run fail. */
export type FailOn = Severity | 'none';

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/**
 * The exit code a report deserves (pure; attw getExitCode). A crash wins over a diagnosis because
 * CI must never read a partial diagnosis as success; a diagnosed root cause always fails;
 * otherwise any finding at or above `failOn` fails.
 */
export function exitCodeFor(report: Report, failOn: FailOn = 'error'): ReportExitCode {
  if (report.ruleErrors.length > 0 || report.evidence.probeErrors.length > 0) return 3;
  if (report.verdict.rootCause !== null) return 1;
  // a run stopped early (budget, Ctrl-C) proves nothing good unless it got as far as signing in
  if (report.run.partial && report.verdict.outcome !== 'signed-in') return 1;
  // a live check that neither signed in nor found why has still not shown that sign-in works
  if (report.run.mode === 'live' && report.verdict.outcome === 'unknown') return 1;
  if (failOn === 'none') return 0;
  const threshold = RANK[failOn];
  return report.findings.some((f) => RANK[f.severity] >= threshold) ? 1 : 0;
}
