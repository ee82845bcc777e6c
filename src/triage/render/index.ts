import { csvRenderer } from './csv.js';
import { htmlRenderer } from './html.js';
import { jsonRenderer } from './json.js';
import { jsonlRenderer } from './jsonl.js';
import { markdownRenderer } from './markdown.js';
import { replyRenderer } from './reply.js';
import { textRenderer } from './text.js';
import type { RendererOptions, TriageRenderer } from './types.js';

export type { TriageRenderer, TriageRunInfo, RendererOptions } from './types.js';

/** `triage --format` choices (reply is `--reply`). */
export const TRIAGE_FORMATS = {
  text: 'grouped summary, then one line per file',
  json: 'one document: summary and per-file results (schemaVersion 1)',
  jsonl: 'one line per file: the json report plus `file`',
  csv: 'one row per file',
  markdown: 'summary and file tables for a ticket or wiki',
  html: 'one self-contained page (use with --output)',
} as const;

export type TriageFormat = keyof typeof TRIAGE_FORMATS | 'reply';
export const TRIAGE_FORMAT_NAMES = Object.keys(TRIAGE_FORMATS) as (keyof typeof TRIAGE_FORMATS)[];

export function createRenderer(format: TriageFormat, opts: RendererOptions): TriageRenderer {
  switch (format) {
    case 'text': return textRenderer(opts);
    case 'json': return jsonRenderer();
    case 'jsonl': return jsonlRenderer();
    case 'csv': return csvRenderer();
    case 'markdown': return markdownRenderer();
    case 'html': return htmlRenderer();
    case 'reply': return replyRenderer();
  }
}
