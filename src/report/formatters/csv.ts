import { ROOT_CAUSES } from '../../rules/root-causes.js';
import { exitCodeFor } from '../exit-code.js';
import type { Report } from '../types.js';
import { verdictTitle, type FormatOptions } from './shared.js';

/** Columns of the CSV (one row per analysed file; `triage --format csv` uses the same). */
export const CSV_COLUMNS = ['file', 'status', 'root_cause', 'step', 'confidence', 'outcome', 'user', 'title', 'summary', 'reason'] as const;
export type CsvRecord = Partial<Record<(typeof CSV_COLUMNS)[number], string>>;

/**
 * One RFC 4180 field: quoted when it holds a comma, quote, CR or LF (quotes doubled). A value a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a leading `'`:
 * log content is hostile and helpdesks open these files in Excel.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(values: readonly string[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

export function csvHeader(): string {
  return csvLine(CSV_COLUMNS);
}

export function csvRecordLine(rec: CsvRecord): string {
  return csvLine(CSV_COLUMNS.map((c) => rec[c] ?? ''));
}

/** The CSV record of one report. */
export function reportCsvRecord(report: Report, file: string, status: string): CsvRecord {
  const v = report.verdict;
  return {
    file,
    status,
    root_cause: v.rootCause ?? '',
    step: v.step ?? '',
    confidence: v.confidence ?? '',
    outcome: v.outcome,
    user: report.account?.signinName ?? '',
    title: v.rootCause ? (ROOT_CAUSES[v.rootCause]?.title ?? verdictTitle(report)) : verdictTitle(report),
    summary: v.summary,
  };
}

/** `--format csv` for one report: the header and one row. Pure. */
export function formatCsv(report: Report, _opts: FormatOptions): string {
  const file = (report.run.inputs ?? []).join(';') || (report.run.target ?? '');
  const code = exitCodeFor(report);
  const status = code === 3 ? 'error' : code === 1 ? 'problem' : 'ok';
  return csvHeader() + csvRecordLine(reportCsvRecord(report, file, status));
}
