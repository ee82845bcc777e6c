import { escapeHtml as h, htmlPage } from '../../report/formatters/html-escape.js';
import { displayTime } from '../../report/formatters/html.js';
import { primaryFinding, shortWhere } from '../../report/formatters/shared.js';
import type { Report } from '../../report/types.js';
import { headline, resultKey, usersText } from './text.js';
import type { TriageRenderer } from './types.js';

const MARKER = '<!--FILES-->';

/**
 * One self-contained page for the batch: the grouped summary and a filterable table of files.
 * The page is built around a marker so the file rows (spooled, any number) are streamed between
 * its two halves.
 */
export function htmlRenderer(): TriageRenderer {
  let page: [string, string] | undefined;
  const halves = (summaryMarkup: string): [string, string] => {
    const full = htmlPage({ title: 'sipe-doctor triage', body: `${summaryMarkup}\n${MARKER}\n</tbody></table></section>`, style: STYLE, script: SCRIPT });
    const at = full.indexOf(MARKER);
    return [full.slice(0, at), full.slice(at + MARKER.length)];
  };
  return {
    order: 'after-summary',
    file(_r, s) {
      const tone = s.status === 'problem' || s.status === 'error' ? 'fail' : s.status === 'ok' ? 'ok' : 'skip';
      const text = s.status === 'skipped' || s.status === 'error' ? (s.message ?? '') : (s.summary ?? '');
      const detail = _r.report ? fileDetail(_r.report) : '';
      return `<tr class="${tone}" data-key="${h(resultKey(s))}"><td class="mono">${h(s.file)}</td><td>${h(resultKey(s))}</td><td class="mono">${h(s.user ?? '')}</td><td>${h(text)}${detail}</td></tr>\n`;
    },
    summary(t, run) {
      const groups = t.groups
        .map((g) => `<tr><td><code>${h(g.key)}</code></td><td class="num">${g.count}</td><td>${h(g.title)}</td><td>${h(usersText(g))}</td><td class="mono">${h(g.examples.join(', '))}</td></tr>`)
        .join('\n');
      const skipped = t.skippedGroups
        .map((g) => `<tr><td>${h(g.title)}</td><td class="num">${g.count}</td><td class="mono">${h(g.examples.join(', '))}</td></tr>`)
        .join('\n');
      const markup = [
        '<h1>sipe-doctor triage</h1>',
        `<div class="verdict ${t.problems > 0 ? 'fail' : 'ok'}" id="verdict"><p class="title">${h(headline(t))}</p>`,
        `<p class="summary muted">sipe-doctor ${h(run.version)} · ${h(run.startedAt)} · ${run.durationMs} ms${run.redactPii ? ' · names are pseudonyms, consistent across the batch' : ''}</p></div>`,
        t.groups.length > 0 ? `<section><h2>By root cause</h2><table><thead><tr><th>Root cause</th><th>Files</th><th>Title</th><th>Users</th><th>Examples</th></tr></thead><tbody>\n${groups}\n</tbody></table></section>` : '',
        t.skippedGroups.length > 0 ? `<section><h2>Not diagnosed</h2><table><thead><tr><th>Reason</th><th>Files</th><th>Examples</th></tr></thead><tbody>\n${skipped}\n</tbody></table></section>` : '',
        '<section><h2>Files</h2><p><input id="filter" type="search" placeholder="Filter files…" aria-label="Filter files"></p>',
        '<table id="files"><thead><tr><th>File</th><th>Result</th><th>User</th><th>Summary</th></tr></thead><tbody>',
      ].join('\n');
      page = halves(markup);
      return page[0];
    },
    tail: () => page?.[1] ?? '',
  };
}

/** A file's evidence, what to change step by step, and its timeline, folded (opened with a click). */
function fileDetail(report: Report): string {
  const f = primaryFinding(report);
  const parts: string[] = [];
  if (f) {
    parts.push('<h4>What to change</h4>', `<p>${h(f.remediation.summary)}</p>`);
    if (f.remediation.steps.length > 0) parts.push('<ol class="steps">', ...f.remediation.steps.map((st) => `<li>${h(st)}</li>`), '</ol>');
    if (f.evidence.length > 0) {
      parts.push('<h4>Evidence</h4><ul class="evidence">', ...f.evidence.map((e) => `<li><code>${h(shortWhere(e.where))}</code> ${h(e.summary)}</li>`), '</ul>');
    }
  }
  if (report.timeline.length > 0) {
    parts.push(
      '<h4>Steps of the sign-in</h4><table class="steps-table"><tbody>',
      ...report.timeline.map((t) => `<tr class="st-${h(t.status)}"><td class="mono">${h(displayTime(t.at))}</td><td>${h(t.step)}</td><td>${h(t.label)}</td></tr>`),
      '</tbody></table>',
    );
  }
  if (parts.length === 0) return '';
  return `<details class="file-detail"><summary>Evidence and steps</summary>${parts.join('')}</details>`;
}

const STYLE = `
details.file-detail{margin-top:4px}
details.file-detail summary{cursor:pointer;color:var(--muted)}
details.file-detail h4{margin:8px 0 4px}
details.file-detail .steps-table td{padding:2px 6px;font-size:12px}
details.file-detail .st-fail td{color:var(--fail)}
td.num{text-align:right;font-variant-numeric:tabular-nums}
#files tr.fail td:nth-child(2){color:var(--fail);font-weight:600}
#files tr.ok td:nth-child(2){color:var(--ok)}
#files tr.skip td{color:var(--muted)}
#filter{font:inherit;padding:4px 8px;width:320px;max-width:100%;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg)}
`;

const SCRIPT = `
(function(){
  var input = document.getElementById('filter');
  if (!input) return;
  input.addEventListener('input', function(){
    var q = input.value.toLowerCase();
    document.querySelectorAll('#files tbody tr').forEach(function(tr){
      tr.hidden = q !== '' && tr.textContent.toLowerCase().indexOf(q) < 0;
    });
  });
})();
`;
