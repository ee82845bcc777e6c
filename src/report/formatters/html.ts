import type { CollectedView, Finding, Report } from '../types.js';
import { AGREEMENT_TEXT, COLUMN_TITLES, collectedRows } from './collected.js';
import { escapeHtml as h, htmlPage } from './html-escape.js';
import { LADDER_STYLE, ladderModel, renderLadder } from './html-ladder.js';
import {
  accountLine, confidenceText, evidenceCountsLine, parseStatsLine, primaryFinding, shortWhere,
  verdictTitle, type FormatOptions,
} from './shared.js';

/**
 * One self-contained HTML file (inline CSS, SVG and JS; no external requests): verdict,
 * what to change, why, the sequence diagram, findings, timeline. Pure.
 */
export function formatHtml(report: Report, opts: FormatOptions): string {
  return htmlPage({
    title: `sipe-doctor: ${verdictTitle(report)}`,
    body: reportBody(report, opts),
    style: LADDER_STYLE,
    script: REPORT_SCRIPT,
  });
}

/** The report's markup (also embedded by the triage HTML page). */
export function reportBody(report: Report, opts: Pick<FormatOptions, 'docsBase' | 'repositoryUrl'> = {}): string {
  const out: string[] = ['<h1>sipe-doctor report</h1>', verdictBlock(report)];
  const primary = primaryFinding(report);
  if (report.collected) out.push(sideBySide(report.collected));
  if (report.run.partial) out.push('<p class="muted"><strong>Partial diagnosis:</strong> reading was interrupted; only part of the input was analysed.</p>');
  if (primary) {
    out.push('<section id="remediation"><h2>What to change</h2>', remediationBlock(primary), '</section>');
    out.push('<section id="why"><h2>Why</h2>', `<p>${h(primary.explanation)}</p>`);
    if (primary.evidence.length > 0) {
      out.push('<ul class="evidence">', ...primary.evidence.map((e) => `<li><code>${h(shortWhere(e.where))}</code> ${h(e.summary)}</li>`), '</ul>');
    }
    if (primary.docsUrl) out.push(`<p class="muted">More: ${docLinks(primary.docsUrl, opts)}</p>`);
    out.push('</section>');
  }
  const ladder = renderLadder(report);
  if (ladder) {
    const model = ladderModel(report);
    out.push('<section id="sequence"><h2>Sequence diagram</h2>');
    out.push(`<p class="muted">Pidgin/SIPE's exchanges with DNS and the servers${report.verdict.attempt ? ` in attempt ${h(report.verdict.attempt)}` : ''}; the failing step is red and marked ✖. Click an arrow to find it in the timeline.</p>`);
    out.push(`<div class="diagram">${ladder}</div>`);
    if (model.omitted > 0) out.push(`<p class="muted">${model.omitted} timeline entr${model.omitted === 1 ? 'y' : 'ies'} from other attempts not drawn.</p>`);
    out.push('</section>');
  }
  if (report.findings.length > 0) out.push('<section id="findings"><h2>Findings</h2>', findingsTable(report.findings), '</section>');
  const notes = [
    ...report.warnings,
    ...report.ruleErrors.map((e) => `Internal error: rule ${e.ruleId} crashed: ${e.message}`),
    ...report.evidence.probeErrors.map((e) => `Internal error: probe ${e.probe} crashed: ${e.message}`),
  ];
  if (notes.length > 0) out.push('<section id="notes"><h2>Notes</h2><ul>', ...notes.map((n) => `<li>${h(n)}</li>`), '</ul></section>');
  if (report.timeline.length > 0) out.push('<section id="timeline"><h2>Timeline</h2>', timelineTable(report), '</section>');
  out.push(footer(report));
  return out.join('\n');
}

/**
 * The rule's doc as real links: the copy shipped with the package (docs/ is in it), and the
 * repository's when package.json names one. Only http(s) and file URLs are linked.
 */
export function docLinks(docsUrl: string, opts: Pick<FormatOptions, 'docsBase' | 'repositoryUrl'>): string {
  const join = (base: string, path: string): string => `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  const safe = (url: string): boolean => /^(https?|file):\/\//i.test(url);
  const links: string[] = [];
  const local = opts.docsBase && !/^[a-z]+:\/\//i.test(docsUrl) ? join(opts.docsBase, docsUrl) : docsUrl;
  links.push(`<a class="doc" href="${h(local)}">${h(docsUrl)}</a>`);
  if (opts.repositoryUrl && safe(opts.repositoryUrl) && !/^[a-z]+:\/\//i.test(docsUrl)) {
    links.push(`(<a class="doc repo" href="${h(join(opts.repositoryUrl, `blob/main/${docsUrl}`))}">in the repository</a>)`);
  }
  return links.join(' ');
}

function verdictBlock(report: Report): string {
  const v = report.verdict;
  const tone = v.rootCause !== null ? 'fail' : v.outcome === 'signed-in' ? 'ok' : 'unknown';
  const mark = tone === 'fail' ? '✖' : tone === 'ok' ? '✔' : '?';
  const chips = [
    v.rootCause ? `root cause <code>${h(v.rootCause)}</code>` : undefined,
    v.step ? `step ${h(v.step)}` : undefined,
    v.confidence ? h(confidenceText(v.confidence)) : undefined,
  ].filter((c): c is string => c !== undefined);
  return [
    `<div class="verdict ${tone}" id="verdict">`,
    `<p class="title"><span class="mark">${mark}</span>${h(verdictTitle(report))}</p>`,
    `<p class="summary">${h(v.summary)}</p>`,
    chips.length > 0 ? `<div class="chips">${chips.map((c) => `<span class="chip">${c}</span>`).join('')}</div>` : '',
    '</div>',
  ].join('\n');
}

function remediationBlock(f: Finding): string {
  const r = f.remediation;
  const out: string[] = [`<p><strong>${h(r.summary)}</strong></p>`];
  for (const s of r.settings ?? []) {
    const value = s.choice ?? s.value;
    out.push(
      `<div class="setting"><span class="path">${h(`Accounts → Manage Accounts → Modify… → ${s.tab} tab → ${s.field}:`)}</span>` +
        (value === '' ? '<em>(leave empty)</em>' : `<code class="value">${h(value)}</code><button class="copy" type="button" data-copy="${h(value)}">Copy</button>`) +
        '</div>',
    );
  }
  if (r.steps.length > 0) out.push('<ol class="steps">', ...r.steps.map((s) => `<li>${h(s)}</li>`), '</ol>');
  if (r.adminActions && r.adminActions.length > 0) {
    out.push(`<p><strong>${r.audience === 'network' ? 'For the network administrator' : 'For the Lync/Skype for Business administrator'}:</strong></p>`);
    out.push(`<pre class="admin">${h(r.adminActions.join('\n'))}</pre>`);
  }
  return out.join('\n');
}

/** A collect bundle's three witnesses as columns, and what their agreement means. */
function sideBySide(view: CollectedView): string {
  const rows = collectedRows(view).map((r) => `<tr><th>${h(r.label)}</th>${r.cells.map((c) => `<td>${h(c)}</td>`).join('')}</tr>`);
  const tone = view.combined.agreement === 'agree' ? 'ok' : view.combined.agreement === 'disagree' ? 'fail' : 'unknown';
  return [
    '<section id="side-by-side"><h2>Side by side</h2>',
    `<table class="side-by-side"><thead><tr><th></th>${COLUMN_TITLES.map((t) => `<th>${h(t)}</th>`).join('')}</tr></thead><tbody>`,
    ...rows,
    '</tbody></table>',
    `<p class="agreement ${tone}"><strong>${h(AGREEMENT_TEXT[view.combined.agreement])}</strong> ${h(view.combined.explanation)}</p>`,
    '</section>',
  ].join('\n');
}

function findingsTable(findings: readonly Finding[]): string {
  const rows = findings.map(
    (f) =>
      `<tr class="role-${h(f.role)}"><td>${h(f.role)}</td><td class="sev-${h(f.severity)}">${h(f.severity)}</td><td><code>${h(f.rootCause)}</code></td>` +
      `<td>${h(f.step)}</td><td>${h(f.title)}<div class="muted">${h(f.remediation.summary)}</div></td>` +
      `<td>${f.evidence.map((e) => `<code>${h(shortWhere(e.where))}</code>`).join(' ')}</td></tr>`,
  );
  return `<table><thead><tr><th>Role</th><th>Severity</th><th>Root cause</th><th>Step</th><th>Finding</th><th>Evidence</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function timelineTable(report: Report): string {
  const failing = new Set(ladderModel(report).rows.filter((r) => r.tone === 'failing').map((r) => r.index));
  const rows = report.timeline.map(
    (t, i) =>
      `<tr id="t-${i}"${failing.has(i) ? ' class="failing"' : ''}><td class="mono">${h(displayTime(t.at))}</td><td>${h(t.step)}</td>` +
      `<td>${h(t.label)}</td><td class="mono">${h(t.peer ?? '')}</td><td class="st-${h(t.status)}">${h(t.status)}</td></tr>`,
  );
  return `<table><thead><tr><th>Time</th><th>Step</th><th>Event</th><th>Peer</th><th>Status</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

/** `2024-05-01T23:38:56.123Z` → `2024-05-01 23:38:56.123`; `T23:38:56` (older reports) → `23:38:56`. */
export function displayTime(at: string | undefined): string {
  if (!at) return '';
  return at.replace(/^T/, '').replace('T', ' ').replace(/Z$/, '');
}

function footer(report: Report): string {
  const lines: string[] = [];
  const account = accountLine(report);
  if (account) lines.push(`Account: ${h(account)}`);
  const stats = parseStatsLine(report);
  lines.push(`Evidence: ${h(evidenceCountsLine(report))}${stats ? `; ${h(stats)}` : ''}`);
  const inputs = report.run.inputs && report.run.inputs.length > 0 ? ` · ${report.run.inputs.join(', ')}` : report.run.target ? ` · ${report.run.target}` : '';
  lines.push(h(`sipe-doctor ${report.tool.version} · mode ${report.run.mode}${inputs} · started ${report.run.startedAt} · ${report.run.durationMs} ms`));
  return `<footer>${lines.map((l) => `<div>${l}</div>`).join('')}</footer>`;
}

/** Click an arrow → highlight its timeline row; Copy buttons. Reads only data-* attributes. */
const REPORT_SCRIPT = `
(function(){
  document.querySelectorAll('svg.ladder .row').forEach(function(g){
    g.addEventListener('click', function(){
      var row = document.getElementById('t-' + g.getAttribute('data-row'));
      document.querySelectorAll('.hl').forEach(function(x){ x.classList.remove('hl'); });
      g.classList.add('hl');
      if (row) { row.classList.add('hl'); row.scrollIntoView({block: 'center', behavior: 'smooth'}); }
    });
  });
  document.querySelectorAll('button.copy').forEach(function(b){
    b.addEventListener('click', function(){
      var text = b.getAttribute('data-copy') || '';
      var done = function(){ b.textContent = 'Copied'; setTimeout(function(){ b.textContent = 'Copy'; }, 1500); };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, function(){});
    });
  });
})();
`;
