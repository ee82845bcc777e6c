/**
 * triage reads a long ticket log as analyze does: its older attempts lightly (src/logs/light.ts),
 * with the same report as when every attempt is read in full.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/types.js';
import { analyzeFile } from '../src/triage/analyze-file.js';
import { standardTriageDeps } from '../src/triage/deps.js';
import { discoverInputs } from '../src/triage/discover.js';

const dir = mkdtempSync(join(tmpdir(), 'sd-triage-light-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('triage of a long ticket log', () => {
  it('skims the attempts its report leaves out, and reports what a full reading reports', async () => {
    const logs = readdirSync('fixtures/lab').filter((f) => f.endsWith('.log')).sort().map((f) => readFileSync(join('fixtures/lab', f)));
    const parts: Buffer[] = [];
    let size = 0;
    while (size < 17 * 1024 * 1024) for (const l of logs) { parts.push(l); size += l.length; }
    writeFileSync(join(dir, 'day.log'), Buffer.concat(parts));
    const [input] = await discoverInputs(['day.log'], dir);
    const run = async (light: boolean): Promise<Report> => {
      const deps = await standardTriageDeps('0.0.0-test', { env: { SIPE_DOCTOR_LOG_LIGHT: light ? undefined : '0', SIPE_DOCTOR_CATALOGS: 'none' } });
      const result = await analyzeFile(input!, deps);
      expect(result.report, JSON.stringify(result.skip)).toBeDefined();
      return result.report as Report;
    };
    const [light, full] = [await run(true), await run(false)];
    expect(light.evidence.parseStats?.summarised?.lightlyRead?.attempts).toBeGreaterThan(100);
    expect(full.evidence.parseStats?.summarised?.lightlyRead).toBeUndefined();
    const same = (r: Report) => ({ verdict: r.verdict, findings: r.findings, timeline: r.timeline, account: r.account, counts: r.evidence.counts, attempts: r.evidence.attempts });
    expect(same(light)).toEqual(same(full));
  }, 120_000);
});
