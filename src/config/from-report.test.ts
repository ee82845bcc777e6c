import { describe, expect, it } from 'vitest';
import { settingsFromReportJson } from './from-report.js';

const ua = { field: 'User Agent', key: 'useragent', value: 'UA/1', tab: 'Advanced' };
const report = (findings: unknown[], extra: Record<string, unknown> = {}): unknown => ({ schemaVersion: 1, verdict: { rootCause: 'client-version-blocked' }, findings, ...extra });

describe('settingsFromReportJson', () => {
  it('takes the primary finding\'s settings and the account name', () => {
    const r = settingsFromReportJson(report([{ role: 'primary', rootCause: 'client-version-blocked', remediation: { settings: [ua] } }], { account: { signinName: 'a@b.example' } }));
    expect(r).toEqual({ settings: [ua], signinName: 'a@b.example', rootCause: 'client-version-blocked' });
  });
  it('falls back to a finding of the verdict\'s root cause', () => {
    const r = settingsFromReportJson(report([{ role: 'consequence', rootCause: 'client-version-blocked', remediation: { settings: [ua] } }]));
    expect(r.settings).toEqual([ua]);
  });
  it('reads config --json output, choosing by account', () => {
    const cfg = { accounts: [
      { username: 'a@b.example', report: report([]) },
      { username: 'c@b.example', report: report([{ role: 'primary', rootCause: 'x', remediation: { settings: [ua] } }]) },
    ] };
    expect(settingsFromReportJson(cfg).settings).toEqual([ua]);
    expect(() => settingsFromReportJson(cfg, 'a@b.example')).toThrow(/no Pidgin setting/);
  });
  it('rejects what is not a report, and a verdict without settings', () => {
    expect(() => settingsFromReportJson([1, 2])).toThrow(/not a sipe-doctor JSON report/);
    expect(() => settingsFromReportJson({ schemaVersion: 2, verdict: {}, findings: [] })).toThrow(/schemaVersion 1/);
    expect(() => settingsFromReportJson(report([{ role: 'primary', rootCause: 'x', remediation: { summary: 'admin' } }]))).toThrow(/no Pidgin setting/);
  });
});
