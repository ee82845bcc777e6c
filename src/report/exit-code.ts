import type { Severity } from '../rules/types.js';
import type { Report } from './types.js';

/**
 * 0 nothing wrong, 1 problem diagnosed, 3 a rule or probe crashed, 4 inconclusive: the evidence
 * shows neither a sign-in nor a failure (same numbers as src/cli/exit-codes.ts).
 */
export type ReportExitCode = 0 | 1 | 3 | 4;

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
  const threshold = failOn === 'none' ? Infinity : RANK[failOn];
  if (report.findings.some((f) => RANK[f.severity] >= threshold)) return 1;
  // "no root cause" is not "healthy" when nothing shows the sign-in either (config mode judges settings only)
  return report.verdict.outcome === 'unknown' && report.run.mode !== 'config' ? 4 : 0;
}
