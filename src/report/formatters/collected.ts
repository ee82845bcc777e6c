/**
 * The side-by-side view of a collect bundle (Report.collected): the environment, the live check
 * and the real client's attempt as three columns, and what their agreement means. Shared by the
 * text, Markdown, reply and HTML formatters. Pure.
 */
import type { CollectedSide, CollectedView } from '../types.js';

export const COLUMN_TITLES = ['Environment', 'Live check', 'Real client'] as const;

export const AGREEMENT_TEXT: Readonly<Record<CollectedView['combined']['agreement'], string>> = {
  agree: 'The real client and the live check agree.',
  disagree: 'The real client and the live check disagree.',
  'client-inconclusive': 'The real client reached no conclusion; the live check decides.',
  'live-only': 'Only the live check ran.',
  'client-only': 'Only the real client ran.',
  none: 'Neither the live check nor the real client produced a result.',
};

function status(s: CollectedSide): string {
  const word = s.status === 'ran' ? 'ran' : s.status === 'partial' ? 'cut short' : 'not run';
  return s.reason ? `${word}: ${s.reason}` : word;
}

function verdict(s: CollectedSide): string {
  const v = s.verdict;
  if (!v) return '—';
  if (v.rootCause) return `${v.rootCause}${v.step ? ` (step ${v.step})` : ''}${v.confidence ? `, ${v.confidence}` : ''}`;
  return v.outcome === 'signed-in' ? 'signed in' : 'no conclusion';
}

/** Row label → the three cells (environment, live check, real client). */
export function collectedRows(view: CollectedView): { label: string; cells: [string, string, string] }[] {
  const sides = [view.environment, view.live, view.client] as const;
  const facts = (s: CollectedSide): string => (s.facts.length ? s.facts.join('; ') : '—');
  return [
    { label: 'Status', cells: [status(sides[0]), status(sides[1]), status(sides[2])] },
    { label: 'Verdict', cells: ['—', verdict(sides[1]), verdict(sides[2])] },
    { label: 'Details', cells: [facts(sides[0]), facts(sides[1]), facts(sides[2])] },
  ];
}

/** A Markdown table of the three columns (cells on one line, pipes escaped). */
export function collectedMarkdown(view: CollectedView): string[] {
  const cell = (t: string): string => t.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  return [
    `| | ${COLUMN_TITLES.join(' | ')} |`,
    '|---|---|---|---|',
    ...collectedRows(view).map((r) => `| **${r.label}** | ${r.cells.map(cell).join(' | ')} |`),
    '',
    `${AGREEMENT_TEXT[view.combined.agreement]} ${view.combined.explanation}`.trim(),
    '',
  ];
}

/** Plain-text lines: one block per column. */
export function collectedTextLines(view: CollectedView): string[] {
  const rows = collectedRows(view);
  const out: string[] = [];
  COLUMN_TITLES.forEach((title, i) => {
    out.push(`  ${title}: ${rows[0]!.cells[i]}`);
    if (i > 0) out.push(`    verdict: ${rows[1]!.cells[i]}`);
    if (rows[2]!.cells[i] !== '—') out.push(`    ${rows[2]!.cells[i]}`);
  });
  out.push(`  ${AGREEMENT_TEXT[view.combined.agreement]} ${view.combined.explanation}`.trimEnd());
  return out;
}
