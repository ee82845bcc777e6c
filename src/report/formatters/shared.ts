import { ROOT_CAUSES } from '../../rules/root-causes.js';
import type { SettingChange } from '../../protocol/account-settings.js';
import type { EvidenceBundle } from '../../evidence/bundle.js';
import type { Finding, Report } from '../types.js';

/** What every formatter receives besides the report. Formatters are pure and never read the environment. */
export interface FormatOptions {
  color: boolean;
  verbose: boolean;
  /** the evidence behind the report (json `--include-evidence`) */
  bundle?: EvidenceBundle | undefined;
  includeEvidence?: boolean | undefined;
  /** text: the terminal's width; lines break between words and values (80 when not a terminal) */
  width?: number | undefined;
  /** html: where the rule docs (docs/rules/…) shipped with the package are, as a URL (file:///…/sipe-doctor) */
  docsBase?: string | undefined;
  /** html: the project's repository (package.json `repository`), for a second link to each rule doc */
  repositoryUrl?: string | undefined;
}

export type Formatter = (report: Report, opts: FormatOptions) => string;

/** The Pidgin dialog path to a setting, e.g. `Accounts → Manage Accounts → Modify → Advanced → User Agent: X`. */
export function settingPath(s: SettingChange): string {
  const value = s.value === '' ? '(leave empty)' : s.value;
  return `Accounts → Manage Accounts → Modify → ${s.tab} → ${s.field}: ${value}`;
}

export function primaryFinding(report: Report): Finding | undefined {
  return (
    report.findings.find((f) => f.role === 'primary') ??
    (report.verdict.rootCause ? report.findings.find((f) => f.rootCause === report.verdict.rootCause) : undefined)
  );
}

export function verdictTitle(report: Report): string {
  const v = report.verdict;
  if (v.rootCause === null) {
    return v.outcome === 'signed-in' ? 'Signed in: no problem found' : 'No root cause found';
  }
  return primaryFinding(report)?.title ?? ROOT_CAUSES[v.rootCause]?.title ?? v.rootCause;
}

export function confidenceText(c: Finding['confidence'] | null): string {
  if (c === 'confirmed') return 'confirmed by protocol evidence';
  if (c === 'inferred') return 'inferred: no protocol answer proves it';
  return '';
}

export const ROLE_HEADINGS: Readonly<Record<Exclude<Finding['role'], 'primary'>, string>> = {
  consequence: 'Consequences (follow from the root cause)',
  'earlier-attempt': 'Earlier attempts',
  warning: 'Warnings',
  other: 'Other findings',
};

export function findingsWithRole(report: Report, role: Finding['role']): readonly Finding[] {
  const primary = primaryFinding(report);
  return report.findings.filter((f) => f.role === role && f !== primary);
}

/** `12 observations (3 sip.register, …) in 1 attempt` */
export function evidenceCountsLine(report: Report): string {
  const counts = Object.entries(report.evidence.counts).filter(([, n]) => (n ?? 0) > 0);
  const total = counts.reduce((sum, [, n]) => sum + (n ?? 0), 0);
  const attempts = report.evidence.attempts;
  return `${total} observation${total === 1 ? '' : 's'} in ${attempts} attempt${attempts === 1 ? '' : 's'}`;
}

export function parseStatsLine(report: Report): string | undefined {
  const p = report.evidence.parseStats;
  if (!p) return undefined;
  const parts = [
    `${p.lines} lines read`,
    `${p.debugLines} debug lines`,
    `${p.sipeLines} SIPE lines`,
    `${p.messages} SIP/HTTP message${p.messages === 1 ? '' : 's'}`,
  ];
  if (p.generation) parts.push(`log format ${p.generation}`);
  if (p.redactions > 0) parts.push(`${p.redactions} secret${p.redactions === 1 ? '' : 's'} redacted`);
  if (p.truncatedLines > 0) parts.push(`${p.truncatedLines} over-long line${p.truncatedLines === 1 ? '' : 's'} dropped`);
  return parts.join(', ');
}

export function accountLine(report: Report): string | undefined {
  const a = report.account;
  if (!a) return undefined;
  const parts: string[] = [];
  if (a.signinName) parts.push(a.signinName);
  if (a.login) parts.push(`login ${a.login}`);
  if (a.server) parts.push(`server ${a.server}`);
  if (a.sipeVersion) parts.push(`SIPE ${a.sipeVersion}`);
  if (a.userAgent) parts.push(`User-Agent "${a.userAgent}"`);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/** `file:239-239` → `file:239` */
export function shortWhere(where: string): string {
  return where.replace(/:(\d+)-\1$/, ':$1');
}

/** `check`'s one line about this machine's client (the whole picture is `sipe-doctor env`). */
export function machineLine(m: NonNullable<Report['machine']>): string {
  const facts = m.facts.length ? m.facts.join(', ') : 'no SIPE client found';
  const problems = m.knownProblems.length ? `; known problem here: ${m.knownProblems.join(', ')}` : '';
  return `This machine: ${facts}${problems} (details: sipe-doctor env)`;
}
