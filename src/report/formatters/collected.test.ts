import { describe, expect, it } from 'vitest';
import type { CollectedView, Report } from '../types.js';
import { collectedMarkdown, collectedRows, collectedTextLines } from './collected.js';
import { formatHtml } from './html.js';

const view: CollectedView = {
  bundle: { version: 1, createdAt: '2026-12-03T10:00:00.000Z' },
  environment: { status: 'ran', facts: ['Debian 12', 'pidgin-sipe 1.25.0 | patched'] },
  live: { status: 'ran', verdict: { rootCause: 'tls-untrusted-certificate', step: 'tls', confidence: 'confirmed', outcome: 'failed', summary: 's' }, facts: ['failed'] },
  client: { status: 'skipped', reason: 'real SIPE client not available (missing: finch)', facts: [] },
  combined: { agreement: 'live-only', decidedBy: 'live-check', rootCause: 'tls-untrusted-certificate', outcome: 'failed', confidence: 'confirmed', summary: 's', explanation: 'Only the live check ran; the real client did not: <no finch>.' },
};

describe('side-by-side view of a collect bundle', () => {
  it('three columns: status with the reason, verdict, facts', () => {
    const rows = collectedRows(view);
    expect(rows.map((r) => r.label)).toEqual(['Status', 'Verdict', 'Details']);
    expect(rows[0]!.cells).toEqual(['ran', 'ran', 'not run: real SIPE client not available (missing: finch)']);
    expect(rows[1]!.cells[1]).toBe('tls-untrusted-certificate (step tls), confirmed');
  });

  it('Markdown escapes pipes and says what the agreement means; text keeps one block per column', () => {
    const md = collectedMarkdown(view).join('\n');
    expect(md).toContain('pidgin-sipe 1.25.0 \\| patched');
    expect(md).toContain('Only the live check ran.');
    expect(collectedTextLines(view)[0]).toBe('  Environment: ran');
  });

  it('HTML escapes every cell', () => {
    const report = {
      schemaVersion: 1, tool: { name: 'sipe-doctor', version: 't' }, run: { mode: 'replay', startedAt: '2026-12-03T10:00:00.000Z', durationMs: 1 },
      verdict: { rootCause: 'tls-untrusted-certificate', step: 'tls', confidence: 'confirmed', outcome: 'failed', summary: 's' },
      findings: [], timeline: [], evidence: { counts: {}, attempts: 1, probeErrors: [] }, ruleErrors: [], warnings: [], collected: view,
    } as Report;
    const html = formatHtml(report, { color: false, verbose: false });
    expect(html).toContain('<section id="side-by-side">');
    expect(html).toContain('&lt;no finch&gt;');
    expect(html).not.toContain('<no finch>');
  });
});
