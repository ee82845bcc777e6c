import type { Report } from '../types.js';
import type { FormatOptions } from './shared.js';

/**
 * The machine contract: the Report as is (schemaVersion 1). `--include-evidence` adds the
 * evidence bundle as `evidenceBundle`. Never coloured.
 */
export function formatJson(report: Report, opts: FormatOptions): string {
  const value = opts.includeEvidence && opts.bundle ? { ...report, evidenceBundle: opts.bundle } : report;
  return JSON.stringify(value, null, 2) + '\n';
}
