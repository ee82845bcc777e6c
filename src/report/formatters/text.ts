import { Chalk, type ChalkInstance } from 'chalk';
import type { Finding, Report } from '../types.js';
import { collectedTextLines } from './collected.js';
import { fitToWidth } from './wrap.js';
import {
  accountLine, confidenceText, evidenceCountsLine, findingsWithRole, parseStatsLine, primaryFinding,
  machineLine, ROLE_HEADINGS, settingPath, shortWhere, verdictTitle, type FormatOptions,
} from './shared.js';

/**
 * The terminal report, verdict first: what is wrong, what to change, why, the evidence, then
 * the rest. Colour only when `opts.color` (the CLI decides from --color / NO_COLOR / TTY).
 */
export function formatText(report: Report, opts: FormatOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const out: string[] = [];
  const primary = primaryFinding(report);

  out.push(verdictLine(report, c));
  if (report.machine) out.push(...indent(wrapParagraph(machineLine(report.machine), (opts.width ?? DEFAULT_WIDTH) - 2)).map((l) => c.dim(l)));
  if (report.run.partial) out.push(c.yellow('! Partial diagnosis: reading was interrupted, only part of the input was analysed.'));

  if (primary) {
    out.push('', c.bold('What to change'), ...remediationLines(primary, c));
    out.push('', c.bold('Why'), ...indent(wrapParagraph(primary.explanation, (opts.width ?? DEFAULT_WIDTH) - 4)));
    if (primary.evidence.length > 0) {
      out.push('', c.bold('Evidence'), ...primary.evidence.map((e) => `  ${c.cyan(shortWhere(e.where))}  ${e.summary}`));
    }
    if (primary.docsUrl) out.push('', `${c.dim('More:')} ${primary.docsUrl}`);
  }

  for (const role of ['consequence', 'earlier-attempt', 'warning', 'other'] as const) {
    const list = findingsWithRole(report, role);
    if (list.length === 0) continue;
    out.push('', c.bold(ROLE_HEADINGS[role]));
    for (const f of list) out.push(...otherFindingLines(f, c, opts.verbose));
  }

  if (report.collected) out.push('', c.bold('Side by side'), ...collectedTextLines(report.collected).flatMap((l) => wrapIndented(l)));

  if (report.warnings.length > 0) {
    out.push('', c.bold('Notes'), ...report.warnings.map((w) => `  ${c.yellow('!')} ${w}`));
  }

  const crashes = [
    ...report.ruleErrors.map((e) => `rule ${e.ruleId} crashed: ${e.message}`),
    ...report.evidence.probeErrors.map((e) => `probe ${e.probe} crashed: ${e.message}`),
  ];
  if (crashes.length > 0) {
    out.push('', c.bold(c.red('Internal errors (the diagnosis may be incomplete)')), ...crashes.map((t) => `  ${c.red('✖')} ${t}`));
  }

  if (opts.verbose && report.timeline.length > 0) {
    out.push('', c.bold('Timeline'));
    for (const t of report.timeline) {
      const mark = t.status === 'fail' ? c.red('✖') : t.status === 'ok' ? c.green('✔') : c.dim('·');
      const at = (t.at ? shortTime(t.at) : '').padEnd(8);
      out.push(`  ${c.dim(at)} ${mark} ${t.step.padEnd(12)} ${t.label}${t.peer && !t.label.includes(t.peer) ? c.dim(`  (${t.peer})`) : ''}`);
    }
  }

  out.push('', ...footerLines(report, c));
  return fitToWidth(out.join('\n'), opts.width ?? DEFAULT_WIDTH, unbreakableValues(report)) + '\n';
}

/** Values a line must never split: settings to type (User-Agents …), the account's own User-Agent. */
function unbreakableValues(report: Report): string[] {
  const out: string[] = [];
  for (const f of report.findings) for (const s of f.remediation.settings ?? []) if (s.value) out.push(s.value);
  if (report.account?.userAgent) out.push(report.account.userAgent);
  for (const f of report.findings) for (const m of `${f.remediation.summary} ${f.remediation.steps.join(' ')}`.matchAll(/\b(?:UCCAPI|Purple)\/[^"()]*\([^)]*\)/g)) out.push(m[0].trim());
  return out;
}

/** A report read in a file, a pipe or a ticket is laid out for 80 columns. */
const DEFAULT_WIDTH = 80;

function verdictLine(report: Report, c: ChalkInstance): string {
  const v = report.verdict;
  const title = verdictTitle(report);
  const confidence = confidenceText(v.confidence);
  const tail = confidence ? c.dim(` (${confidence})`) : '';
  // the summary repeats the remediation shown right below, so a failure's headline names the cause only
  if (v.rootCause !== null) {
    const where = [`root cause ${v.rootCause}`, v.step ? `step ${v.step}` : '', confidence].filter(Boolean).join(' · ');
    return `${c.red.bold('✖')} ${c.bold(title)}\n  ${c.dim(where)}`;
  }
  if (v.outcome === 'signed-in') return `${c.green.bold('✔')} ${c.bold(title)} — ${v.summary}${tail}`;
  return `${c.yellow.bold('?')} ${c.bold(title)} — ${v.summary}${tail}`;
}

function remediationLines(f: Finding, c: ChalkInstance): string[] {
  const r = f.remediation;
  const lines: string[] = [`  ${r.summary}`];
  for (const s of r.settings ?? []) lines.push(`  In Pidgin: ${c.green(settingPath(s))}`);
  if (r.steps.length > 0 && (r.settings?.length ?? 0) > 0) lines.push(`  ${c.dim('Step by step:')}`);
  r.steps.forEach((step, i) => lines.push(`  ${i + 1}. ${step}`));
  if (r.adminActions && r.adminActions.length > 0) {
    lines.push(`  ${c.bold(r.audience === 'network' ? 'For the network administrator:' : 'For the Lync/Skype for Business administrator:')}`);
    for (const a of r.adminActions) lines.push(...a.split('\n').map((l) => `    ${l}`));
  }
  return lines;
}

function otherFindingLines(f: Finding, c: ChalkInstance, verbose: boolean): string[] {
  const mark = f.severity === 'error' ? c.red('✖') : f.severity === 'warning' ? c.yellow('!') : c.dim('i');
  const attempt = f.attempt && f.role === 'earlier-attempt' ? c.dim(` [attempt ${f.attempt}]`) : '';
  const lines = [`  ${mark} ${f.title}${attempt} ${c.dim(`(${f.rootCause})`)}`];
  if (verbose) {
    lines.push(...indent(wrapParagraph(f.explanation), '      '));
    lines.push(`      ${c.dim('Fix:')} ${f.remediation.summary}`);
    for (const e of f.evidence) lines.push(`      ${c.cyan(shortWhere(e.where))}  ${e.summary}`);
  } else {
    lines.push(`      ${f.remediation.summary}`);
  }
  return lines;
}

function footerLines(report: Report, c: ChalkInstance): string[] {
  const lines: string[] = [];
  const account = accountLine(report);
  if (account) lines.push(`${c.dim('Account:')}  ${account}`);
  const stats = parseStatsLine(report);
  lines.push(`${c.dim('Evidence:')} ${evidenceCountsLine(report)}${stats ? `; ${stats}` : ''}`);
  const inputs = report.run.inputs && report.run.inputs.length > 0 ? ` ${report.run.inputs.join(', ')}` : report.run.target ? ` ${report.run.target}` : '';
  lines.push(c.dim(`sipe-doctor ${report.tool.version} · ${report.run.mode}${inputs}`));
  return lines;
}

/** `2024-05-01T23:38:56.123Z` or `T23:38:56` → `23:38:56` */
function shortTime(at: string): string {
  const m = /T?(\d{2}:\d{2}:\d{2})/.exec(at);
  return m?.[1] ?? at;
}

function indent(lines: readonly string[], pad = '  '): string[] {
  return lines.map((l) => (l ? pad + l : l));
}

/** Wrap long prose at ~96 columns so it reads well in an 100-column terminal (between words only). */
export function wrapParagraph(text: string, width = 96): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/ +/)) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** A line that starts with spaces, wrapped with its continuation lines indented two more. */
function wrapIndented(line: string): string[] {
  const pad = /^ */.exec(line)?.[0] ?? '';
  const [first, ...rest] = wrapParagraph(line.slice(pad.length), 96 - pad.length);
  return [pad + (first ?? ''), ...rest.map((l) => `${pad}  ${l}`)];
}

