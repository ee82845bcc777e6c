import { REPORT_SCHEMA_VERSION } from '../../report/types.js';
import type { TriageRenderer } from './types.js';

/**
 * One JSON document: `{schemaVersion, tool, run, summary, files: [...]}`. Files are short
 * summaries (not full reports: use jsonl for those), spooled and emitted after the summary.
 */
export function jsonRenderer(): TriageRenderer {
  let first = true;
  return {
    order: 'after-summary',
    file(_r, s) {
      const chunk = `${first ? '' : ',\n'}    ${JSON.stringify(s)}`;
      first = false;
      return chunk;
    },
    summary(t, run) {
      const head = {
        schemaVersion: REPORT_SCHEMA_VERSION,
        tool: { name: 'sipe-doctor', version: run.version },
        run: { mode: 'triage', inputs: run.inputs, startedAt: run.startedAt, durationMs: run.durationMs, redactPii: run.redactPii },
        summary: t,
      };
      const text = JSON.stringify(head, null, 2);
      // reopen the object to append the files array
      return `${text.slice(0, text.lastIndexOf('}')).trimEnd()},\n  "files": [\n`;
    },
    tail: () => `${first ? '' : '\n'}  ]\n}\n`,
  };
}
