import { resultKey, headline, usersText } from './text.js';
import type { TriageRenderer } from './types.js';

function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

/** For a ticket or wiki page: the grouped summary table, then a table of files. */
export function markdownRenderer(): TriageRenderer {
  let first = true;
  return {
    order: 'after-summary',
    file(_r, s) {
      const head = first ? '## Files\n\n| File | Result | User | Summary |\n|---|---|---|---|\n' : '';
      first = false;
      const summary = s.status === 'skipped' || s.status === 'error' ? (s.message ?? '') : (s.summary ?? '');
      return `${head}| \`${cell(s.file)}\` | ${cell(resultKey(s))} | ${cell(s.user ?? '')} | ${cell(summary)} |\n`;
    },
    summary(t, run) {
      const out = ['# sipe-doctor triage', '', `**${cell(headline(t))}**`, ''];
      if (t.groups.length > 0) {
        out.push('## By root cause', '', '| Root cause | Files | Title | Users | Examples |', '|---|---:|---|---|---|');
        for (const g of t.groups) {
          out.push(`| \`${g.key}\` | ${g.count} | ${cell(g.title)} | ${cell(usersText(g))} | ${g.examples.map((e) => `\`${cell(e)}\``).join(', ')} |`);
        }
        out.push('');
      }
      if (t.skippedGroups.length > 0) {
        out.push('## Not diagnosed', '', '| Reason | Files | Examples |', '|---|---:|---|');
        for (const g of t.skippedGroups) out.push(`| ${cell(g.title)} | ${g.count} | ${g.examples.map((e) => `\`${cell(e)}\``).join(', ')} |`);
        out.push('');
      }
      if (run.redactPii) out.push('_User names, host names and addresses are pseudonyms, consistent across the batch._', '');
      return out.join('\n') + '\n';
    },
    tail: () => '\n',
  };
}
