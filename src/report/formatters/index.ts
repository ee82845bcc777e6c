import type { Report } from '../types.js';
import { formatJson } from './json.js';
import { formatMarkdown } from './markdown.js';
import type { FormatOptions, Formatter } from './shared.js';
import { formatText } from './text.js';
import { formatHtml } from './html.js';
import { formatReply } from './reply.js';
import { formatCsv } from './csv.js';
import { formatJsonl } from './jsonl.js';

export type { FormatOptions, Formatter } from './shared.js';

export interface FormatterEntry {
  format: Formatter;
  /** one line for --help */
  description: string;
  /** the usual file extension for --output */
  extension: string;
}

/**
 * The output formats. Adding one is ONE import + ONE entry here: `--format` choices, the
 * help text and formatReport() all come from this table.
 */
export const FORMATTERS = {
  text: { format: formatText, description: 'human-readable, verdict first', extension: 'txt' },
  json: { format: formatJson, description: 'the Report object, schemaVersion 1 (stable)', extension: 'json' },
  markdown: { format: formatMarkdown, description: 'for support tickets', extension: 'md' },
  html: { format: formatHtml, description: 'one self-contained page with a sequence diagram (use with --output)', extension: 'html' },
  reply: { format: formatReply, description: 'a Markdown reply to paste into the ticket (same as --reply)', extension: 'md' },
  csv: { format: formatCsv, description: 'a header and one row per file', extension: 'csv' },
  jsonl: { format: formatJsonl, description: 'the json report on one line, plus `file`', extension: 'jsonl' },
} satisfies Record<string, FormatterEntry>;

export type FormatName = keyof typeof FORMATTERS;
export const FORMAT_NAMES = Object.keys(FORMATTERS) as FormatName[];

export function isFormatName(name: string): name is FormatName {
  return Object.prototype.hasOwnProperty.call(FORMATTERS, name);
}

/** Render a report (pure). Throws on an unknown format name. */
export function formatReport(report: Report, format: string, opts: FormatOptions): string {
  if (!isFormatName(format)) throw new Error(`unknown format '${format}' (known: ${FORMAT_NAMES.join(', ')})`);
  const entry: FormatterEntry = FORMATTERS[format];
  return entry.format(report, opts);
}
