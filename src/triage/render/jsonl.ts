import { reportJsonLine } from '../../report/formatters/jsonl.js';
import { REPORT_SCHEMA_VERSION } from '../../report/types.js';
import type { TriageRenderer } from './types.js';

/** One JSON object per line and file: the report (as `analyze --format json`) plus `file`; skipped files say why. */
export function jsonlRenderer(): TriageRenderer {
  return {
    order: 'stream',
    file(r, s) {
      if (r.report) return reportJsonLine(r.report, s.file);
      return JSON.stringify({ file: s.file, schemaVersion: REPORT_SCHEMA_VERSION, status: s.status, skipped: { reason: s.reason, message: s.message } }) + '\n';
    },
    summary: () => '',
  };
}
