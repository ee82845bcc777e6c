import type { FileResult, FileSummary, TriageTotals } from '../types.js';

export interface TriageRunInfo {
  version: string;
  startedAt: string;
  durationMs: number;
  inputs: readonly string[];
  /** personal data replaced by placeholders in reports and replies */
  redactPii: boolean;
}

/**
 * A triage output format. `file()` is called once per file in input order, right after the file
 * is diagnosed; its report is dropped afterwards. `stream` renderers' chunks go out at once
 * (csv, jsonl, reply); `after-summary` renderers' chunks are spooled and written after `summary()`,
 * which is known only at the end.
 */
export interface TriageRenderer {
  order: 'stream' | 'after-summary';
  head?(): string;
  file(r: FileResult, s: FileSummary): string;
  summary(t: TriageTotals, run: TriageRunInfo): string;
  tail?(t: TriageTotals, run: TriageRunInfo): string;
}

export interface RendererOptions {
  color: boolean;
  verbose: boolean;
}
