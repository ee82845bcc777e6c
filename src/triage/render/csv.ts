import { csvHeader, csvRecordLine, reportCsvRecord } from '../../report/formatters/csv.js';
import type { TriageRenderer } from './types.js';

/** One row per file, streamed; the same columns as `analyze --format csv`. */
export function csvRenderer(): TriageRenderer {
  return {
    order: 'stream',
    head: csvHeader,
    file(r, s) {
      if (r.report) return csvRecordLine({ ...reportCsvRecord(r.report, s.file, s.status), user: s.user ?? '' });
      return csvRecordLine({ file: s.file, status: s.status, reason: s.message ? `${s.reason ?? ''}: ${s.message}` : (s.reason ?? '') });
    },
    summary: () => '',
  };
}
