import { Chalk, type ChalkInstance } from 'chalk';
import { SKIP_LABELS, type FileSummary, type TriageGroup, type TriageTotals } from '../types.js';
import type { RendererOptions, TriageRenderer, TriageRunInfo } from './types.js';

const KEY_WIDTH = 28;

/** The terminal summary (grouped by root cause) followed by one line per file. */
export function textRenderer(opts: RendererOptions): TriageRenderer {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  let first = true;
  return {
    order: 'after-summary',
    file(_r, s) {
      const head = first ? `${c.bold('Files')}\n` : '';
      first = false;
      return head + fileLine(s, c, opts.verbose);
    },
    summary: (t, run) => summaryText(t, run, c),
  };
}

export function fileLine(s: FileSummary, c: ChalkInstance, verbose = false): string {
  const mark = s.status === 'problem' ? c.red('✖') : s.status === 'ok' ? c.green('✔') : s.status === 'error' ? c.red('!') : c.dim('-');
  const key = resultKey(s);
  const user = s.user ? `  ${c.dim(s.user)}` : '';
  let line = `  ${mark} ${key.padEnd(KEY_WIDTH)} ${s.file}${user}`;
  if (s.status === 'skipped' && s.message) line += `\n      ${c.dim(s.message)}`;
  else if (s.status === 'error' && s.message) line += `\n      ${c.red(s.message)}`;
  else if (verbose && s.summary) line += `\n      ${c.dim(s.summary)}`;
  return line + '\n';
}

/** `client-version-blocked`, `signed-in`, `skipped: binary file` … */
export function resultKey(s: FileSummary): string {
  if (s.rootCause) return s.rootCause;
  if (s.reason) return `${s.status === 'error' ? 'error' : 'skipped'}: ${SKIP_LABELS[s.reason]}`;
  if (s.outcome === 'signed-in') return 'signed-in';
  return s.status === 'problem' ? 'problem (no root cause)' : 'no root cause found';
}

export function headline(t: TriageTotals): string {
  const parts = [`${t.diagnosed} diagnosed (${t.problems} with a problem, ${t.ok} without)`];
  if (t.skipped > 0) parts.push(`${t.skipped} skipped`);
  if (t.errors > 0) parts.push(`${t.errors} internal error${t.errors === 1 ? '' : 's'}`);
  return `${t.files} file${t.files === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

export function usersText(g: TriageGroup, max = 5): string {
  if (g.users.length === 0) return '';
  const shown = g.users.slice(0, max).join(', ');
  const more = g.usersTotal - Math.min(max, g.users.length);
  return `${g.usersTotal} user${g.usersTotal === 1 ? '' : 's'}: ${shown}${more > 0 ? `, +${more} more` : ''}`;
}

function summaryText(t: TriageTotals, run: TriageRunInfo, c: ChalkInstance): string {
  const out: string[] = [c.bold(`Triage of ${headline(t)}`), ''];
  if (t.groups.length > 0) {
    out.push(c.bold('By root cause'));
    for (const g of t.groups) {
      const tone = g.rootCause ? c.red : g.key === 'signed-in' ? c.green : c.yellow;
      out.push(`  ${tone(g.key.padEnd(KEY_WIDTH))} ${String(g.count).padStart(5)}  ${g.title}`);
      const users = usersText(g);
      if (users) out.push(`      ${c.dim(users)}`);
      out.push(`      ${c.dim(`e.g. ${g.examples.join(', ')}`)}`);
    }
    out.push('');
  }
  if (t.skippedGroups.length > 0) {
    out.push(c.bold('Not diagnosed'));
    for (const g of t.skippedGroups) {
      out.push(`  ${c.dim(g.title.padEnd(KEY_WIDTH))} ${String(g.count).padStart(5)}  ${c.dim(`e.g. ${g.examples.join(', ')}`)}`);
    }
    out.push('');
  }
  if (run.redactPii) out.push(c.dim('User names, host names and addresses are pseudonyms (user1@domain1.example …), consistent across the batch.'), '');
  return out.join('\n') + '\n';
}
