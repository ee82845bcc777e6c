import { describe, expect, it } from 'vitest';
import { formatReport, FORMAT_NAMES } from '../src/report/formatters/index.js';
import { settingPath } from '../src/report/formatters/shared.js';
import { blockedReport, signedInReport } from './cli-fixtures.js';

const ANSI = /\u001b\[/;

describe('formatters (goldens)', () => {
  it('text: verdict first, then what to change, why, evidence', async () => {
    const text = formatReport(blockedReport(), 'text', { color: false, verbose: false });
    await expect(text).toMatchFileSnapshot('./golden/blocked.txt');
    const lines = text.split('\n');
    expect(lines[0]).toBe('✖ Client version blocked by server policy');
    // 80 columns: the line wraps between words
    expect(lines.slice(1, 3).join(' ').replace(/\s+/g, ' ').trim()).toBe('root cause client-version-blocked · step register · confirmed by protocol evidence');
    // …and only a single value longer than the width (a URL) may stand alone on a longer line
    for (const l of lines) if (l.trim().includes(' ')) expect([...l].length, l).toBeLessThanOrEqual(80);
    const order = ['What to change', 'Why', 'Evidence', 'Consequences', 'Warnings'].map((h) => lines.findIndex((l) => l.startsWith(h)));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // the value goes to its own line when the path and it do not fit together: never split
    expect(text).toMatch(/Accounts → Manage Accounts → Modify → Advanced → User Agent:\s+UCCAPI\/16\.0\.4351\.1000 OC\/16\.0\.4351\.1000 \(Skype for Business\)/);
    expect(text).toContain('    Set-CsClientVersionPolicyRule -Identity "Global/<rule>" -Action Allow');
    expect(text).toContain('ua-blocked-403.pidgin-debug.log:224-234');
    expect(text).not.toContain('Timeline');
    expect(text).not.toMatch(ANSI);
  });

  it('text --verbose adds the timeline and finding details', async () => {
    const text = formatReport(blockedReport(), 'text', { color: false, verbose: true });
    await expect(text).toMatchFileSnapshot('./golden/blocked.verbose.txt');
    expect(text).toContain('Timeline');
    expect(text).toMatch(/23:38:56 +✖ register +REGISTER → 403 Forbidden/);
  });

  it('text: colour only when asked', () => {
    expect(formatReport(blockedReport(), 'text', { color: true, verbose: false })).toMatch(ANSI);
  });

  it('text: signed in and partial runs', async () => {
    const ok = formatReport(signedInReport(), 'text', { color: false, verbose: false });
    await expect(ok).toMatchFileSnapshot('./golden/signed-in.txt');
    expect(ok.split('\n').slice(0, 2).join(' ').replace(/\s+/g, ' ')).toBe('✔ Signed in: no problem found — The last attempt registered with fe01.corp.example (200 OK).');
    const partial = formatReport({ ...signedInReport(), run: { ...signedInReport().run, partial: true } }, 'text', { color: false, verbose: false });
    expect(partial).toContain('Partial diagnosis');
  });

  it('text: crashed rules are shown', () => {
    const text = formatReport(blockedReport({ ruleErrors: [{ ruleId: 'tls/expired', message: 'boom' }] }), 'text', { color: false, verbose: false });
    expect(text).toContain('rule tls/expired crashed: boom');
  });

  it('json: the report as is, with --include-evidence the bundle', () => {
    const report = blockedReport();
    const parsed = JSON.parse(formatReport(report, 'json', { color: true, verbose: true })) as unknown;
    expect(parsed).toEqual(report);
    const bundle = { schemaVersion: 1 as const, mode: 'log' as const, observations: [], probeErrors: [] };
    const withEv = JSON.parse(formatReport(report, 'json', { color: false, verbose: false, bundle, includeEvidence: true })) as { evidenceBundle: unknown };
    expect(withEv.evidenceBundle).toEqual(bundle);
  });

  it('markdown: verdict, what to change, findings table, timeline, evidence appendix', async () => {
    const md = formatReport(blockedReport(), 'markdown', { color: true, verbose: false });
    await expect(md).toMatchFileSnapshot('./golden/blocked.md');
    expect(md).not.toMatch(ANSI);
    const headings = md.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toEqual(['## What to change', '## Why', '## Findings', '## Notes', '## Timeline', '## Evidence appendix', '## Run']);
    // a pipe inside a cell must not break the table
    expect(md).toContain('REGISTER → 403 Forbidden \\| ms-diagnostics 17002');
  });

  it('registry: names and errors', () => {
    expect(FORMAT_NAMES).toEqual(expect.arrayContaining(['text', 'json', 'markdown']));
    expect(() => formatReport(blockedReport(), 'yaml', { color: false, verbose: false })).toThrow(/unknown format/);
    expect(settingPath({ field: 'Server[:Port]', key: 'server', value: '', tab: 'Basic' })).toBe('Accounts → Manage Accounts → Modify → Basic → Server[:Port]: (leave empty)');
  });
});
