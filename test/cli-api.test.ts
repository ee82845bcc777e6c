import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';

describe('programmatic API (src/index.ts)', () => {
  it('exports the pieces and analyzeLogFiles() diagnoses the real sample', async () => {
    for (const name of ['diagnose', 'parseLogSources', 'formatReport', 'readLogLines', 'parseBundle', 'exitCodeFor', 'main', 'createPseudonymizer'] as const) {
      expect(typeof api[name]).toBe('function');
    }
    expect(api.RULES.length).toBeGreaterThan(10);
    const { report, notDebugLog } = await api.analyzeLogFiles([new URL('../fixtures/logs/sample-ua-blocked-403.log', import.meta.url).pathname], { now: new Date('2025-01-15T10:00:00Z') });
    expect(notDebugLog).toEqual([]);
    expect(report.verdict.rootCause).toBe('client-version-blocked');
    expect(api.exitCodeFor(report)).toBe(1);
    expect(api.formatReport(report, 'text', { color: false, verbose: false })).toMatch(/^✖ /);
  });
});
