import { formatReply } from '../../report/formatters/reply.js';
import { resultKey } from './text.js';
import type { TriageRenderer } from './types.js';

/** A ticket-ready reply per file (streamed), separated by rules; skipped files say why. */
export function replyRenderer(): TriageRenderer {
  return {
    order: 'stream',
    file(r, s) {
      const head = `<!-- sipe-doctor reply for ${s.file.replace(/--/g, '- -')} -->\n## ${s.file}\n\n`;
      if (!r.report) return `${head}_Not diagnosed (${resultKey(s)}${s.message ? `: ${s.message}` : ''})._\n\n---\n\n`;
      return `${head}${formatReply(r.report, { color: false, verbose: false })}\n---\n\n`;
    },
    summary: () => '',
  };
}
