import type { Report } from '../types.js';
import type { FormatOptions } from './shared.js';

/** The report on one line, with the file it came from first (what `triage --format jsonl` streams). */
export function reportJsonLine(report: Report, file: string): string {
  return JSON.stringify({ file, ...report }) + '\n';
}

/** `--format jsonl` for one report: one line, the same object `--format json` prints plus `file`. Pure. */
export function formatJsonl(report: Report, _opts: FormatOptions): string {
  return reportJsonLine(report, (report.run.inputs ?? []).join(';') || (report.run.target ?? ''));
}
