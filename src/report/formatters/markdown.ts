import type { Finding, Report } from '../types.js';
import {
  accountLine, confidenceText, evidenceCountsLine, parseStatsLine, primaryFinding, settingPath, shortWhere,
  machineLine, verdictTitle, type FormatOptions,
} from './shared.js';
import { collectedMarkdown } from './collected.js';

/** For support tickets: verdict, what to change, findings table, timeline, evidence appendix. Never coloured. */
export function formatMarkdown(report: Report, _opts: FormatOptions): string {
  const v = report.verdict;
  const primary = primaryFinding(report);
  const out: string[] = ['# sipe-doctor report', ''];

  const mark = v.rootCause !== null ? '✖' : v.outcome === 'signed-in' ? '✔' : '?';
  const facts = [v.rootCause ? `\`${v.rootCause}\`` : undefined, v.step ? `step: ${v.step}` : undefined, confidenceText(v.confidence) || undefined]
    .filter((x): x is string => x !== undefined);
  out.push(`**${mark} ${inline(verdictTitle(report))}**${facts.length ? ` (${facts.join(', ')})` : ''}`, '');
  out.push(`> ${inline(v.summary)}`, '');
  if (report.machine) out.push(`_${inline(machineLine(report.machine))}_`, '');
  if (report.run.partial) out.push('> **Partial diagnosis:** reading was interrupted; only part of the input was analysed.', '');

  if (report.collected) out.push('## Side by side', '', ...collectedMarkdown(report.collected));

  if (primary) {
    const r = primary.remediation;
    out.push('## What to change', '', inline(r.summary), '');
    for (const s of r.settings ?? []) out.push(`- In Pidgin: \`${settingPath(s)}\``);
    if ((r.settings?.length ?? 0) > 0) out.push('');
    r.steps.forEach((step, i) => out.push(`${i + 1}. ${inline(step)}`));
    if (r.steps.length > 0) out.push('');
    if (r.adminActions && r.adminActions.length > 0) {
      out.push(r.audience === 'network' ? 'For the network administrator:' : 'For the Lync/Skype for Business administrator:', '', '```', ...r.adminActions, '```', '');
    }
    out.push('## Why', '', primary.explanation, '');
    if (primary.docsUrl) out.push(`More: <${primary.docsUrl}>`, '');
  }

  if (report.findings.length > 0) {
    out.push('## Findings', '', '| Role | Severity | Root cause | Step | Finding | Evidence |', '|---|---|---|---|---|---|');
    for (const f of report.findings) {
      out.push(`| ${f.role} | ${f.severity} | \`${f.rootCause}\` | ${f.step} | ${cell(f.title)} | ${cell(f.evidence.map((e) => shortWhere(e.where)).join(', '))} |`);
    }
    out.push('');
  }

  const notes = [
    ...report.warnings,
    ...report.ruleErrors.map((e) => `Internal error: rule ${e.ruleId} crashed: ${e.message}`),
    ...report.evidence.probeErrors.map((e) => `Internal error: probe ${e.probe} crashed: ${e.message}`),
  ];
  if (notes.length > 0) out.push('## Notes', '', ...notes.map((n) => `- ${inline(n)}`), '');

  if (report.timeline.length > 0) {
    out.push('## Timeline', '', '| Time | Step | Event | Status |', '|---|---|---|---|');
    for (const t of report.timeline) out.push(`| ${cell(t.at ?? '')} | ${t.step} | ${cell(t.label)} | ${t.status} |`);
    out.push('');
  }

  const refs = uniqueEvidence(report.findings);
  if (refs.length > 0) {
    out.push('## Evidence appendix', '');
    for (const e of refs) out.push(`- \`${shortWhere(e.where)}\` (${e.kind}): ${inline(e.summary)}`);
    out.push('');
  }

  out.push('## Run', '');
  const account = accountLine(report);
  if (account) out.push(`- Account: ${inline(account)}`);
  out.push(`- Evidence: ${evidenceCountsLine(report)}`);
  const stats = parseStatsLine(report);
  if (stats) out.push(`- Log: ${stats}`);
  if (report.run.inputs && report.run.inputs.length > 0) out.push(`- Inputs: ${report.run.inputs.map((i) => `\`${i}\``).join(', ')}`);
  if (report.run.target) out.push(`- Target: \`${report.run.target}\``);
  out.push(`- sipe-doctor ${report.tool.version}, mode ${report.run.mode}, started ${report.run.startedAt}, ${report.run.durationMs} ms`);
  return out.join('\n') + '\n';
}

function uniqueEvidence(findings: readonly Finding[]): Finding['evidence'][number][] {
  const seen = new Map<string, Finding['evidence'][number]>();
  for (const f of findings) for (const e of f.evidence) if (!seen.has(e.id)) seen.set(e.id, e);
  return [...seen.values()];
}

/** Keep table cells on one line and their pipes literal. */
function cell(text: string): string {
  return inline(text).replace(/\|/g, '\\|');
}

function inline(text: string): string {
  return text.replace(/\r?\n/g, ' ');
}
