/** Runs sipe-doctor's analyzer (parseLogSources + diagnose) on one client log, as `sipe-doctor analyze` does. */
import { diagnose } from '../../src/diagnose.js';
import { parseLogSources } from '../../src/logs/index.js';
import type { LogLine } from '../../src/logs/types.js';

async function* linesOf(text: string): AsyncIterable<LogLine> {
  let no = 0;
  for (const t of text.split(/\r?\n/)) yield { no: ++no, text: t };
}

export interface LogVerdict {
  /** the verdict's root cause (null = signed in / nothing wrong) */
  rootCause: string | null;
  outcome: 'signed-in' | 'failed' | 'unknown';
  /** every finding's root cause, verdict order */
  all: string[];
}

/** the verdict, or `unavailable` saying why the analyzer could not run */
export async function analyzeLog(name: string, log: string): Promise<LogVerdict | { unavailable: string }> {
  try {
    const { bundle } = await parseLogSources([{ name, lines: linesOf(log) }]);
    const now = new Date();
    const report = diagnose(bundle, {
      now, startedAt: now.toISOString(), durationMs: 0, version: '0.0.0-e2e', mode: 'log', inputs: [name],
    });
    return { rootCause: report.verdict.rootCause, outcome: report.verdict.outcome, all: report.findings.map((f) => f.rootCause) };
  } catch (e) {
    return { unavailable: e instanceof Error ? e.message : String(e) };
  }
}
