import type { SettingChange } from '../protocol/account-settings.js';

/**
 * Pull the setting changes of a verdict out of a JSON report written by `analyze`, `check`,
 * `replay` (a Report) or `config --json` (its accounts[].report). Pure; validates the shape.
 */
export interface ReportSettings {
  settings: SettingChange[];
  /** the Username the report is about, when it names one */
  signinName?: string;
  /** root cause of the finding the settings come from */
  rootCause?: string;
}

export class ReportSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportSettingsError';
  }
}

interface FindingLike {
  role?: unknown;
  rootCause?: unknown;
  remediation?: { settings?: unknown };
}

function isSettingChange(v: unknown): v is SettingChange {
  const s = v as Record<string, unknown> | null;
  return !!s && typeof s['key'] === 'string' && typeof s['value'] === 'string';
}

function fromReport(report: Record<string, unknown>): ReportSettings | undefined {
  const findings = Array.isArray(report['findings']) ? (report['findings'] as FindingLike[]) : [];
  const verdict = (report['verdict'] ?? {}) as { rootCause?: unknown };
  const withSettings = (f: FindingLike): boolean => Array.isArray(f.remediation?.settings) && (f.remediation?.settings as unknown[]).length > 0;
  const chosen =
    findings.find((f) => f.role === 'primary' && withSettings(f)) ??
    findings.find((f) => verdict.rootCause !== null && verdict.rootCause !== undefined && f.rootCause === verdict.rootCause && withSettings(f));
  if (!chosen) return undefined;
  const settings = (chosen.remediation?.settings as unknown[]).filter(isSettingChange).map((s) => ({ ...s }));
  const account = report['account'] as { signinName?: unknown } | undefined;
  return {
    settings,
    ...(typeof account?.signinName === 'string' ? { signinName: account.signinName } : {}),
    ...(typeof chosen.rootCause === 'string' ? { rootCause: chosen.rootCause } : {}),
  };
}

/** `wantedAccount` picks among the reports of a `config --json` output. */
export function settingsFromReportJson(value: unknown, wantedAccount?: string): ReportSettings {
  if (!value || typeof value !== 'object') throw new ReportSettingsError('not a sipe-doctor JSON report (expected an object)');
  const v = value as Record<string, unknown>;
  if (Array.isArray(v['accounts'])) {
    // config --json: one report per account
    const entries = (v['accounts'] as Record<string, unknown>[]).filter((a) => a && typeof a === 'object' && a['report']);
    const pick = wantedAccount === undefined ? entries : entries.filter((a) => String(a['username']).toLowerCase() === wantedAccount.toLowerCase());
    const found = pick.map((a) => fromReport(a['report'] as Record<string, unknown>)).filter((r): r is ReportSettings => r !== undefined);
    if (found.length === 1 && found[0]) return found[0];
    if (found.length > 1) throw new ReportSettingsError('the report has setting changes for several accounts; choose one with --account');
    throw new ReportSettingsError('the report has no Pidgin setting to change for the verdict');
  }
  if (v['schemaVersion'] !== 1 || !v['verdict'] || !Array.isArray(v['findings'])) {
    throw new ReportSettingsError('not a sipe-doctor JSON report (schemaVersion 1 with verdict and findings); write one with --json');
  }
  const r = fromReport(v);
  if (!r) throw new ReportSettingsError('the report\'s verdict has no Pidgin setting to change (the fix is for an administrator, or nothing is wrong)');
  return r;
}
