import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The worker thread runs only from the built JavaScript: `npm test` builds first.
const BIN = 'dist/bin/sipe-doctor.js';
const dir = mkdtempSync(join(tmpdir(), 'sd-log-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function analyze(file: string, worker: boolean, light = true): { status: number | null; report: Record<string, unknown> } {
  const r = spawnSync(process.execPath, [BIN, 'analyze', '--json', '--include-evidence', file], {
    encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, SIPE_DOCTOR_LOG_WORKER: worker ? '1' : '0', SIPE_DOCTOR_LOG_LIGHT: light ? '' : '0' },
  });
  expect(r.stderr).toBe('');
  return { status: r.status, report: JSON.parse(r.stdout) as Record<string, unknown> };
}

describe('analysis with the reading half in a worker thread', () => {
  it('gives the same report and evidence as on one thread (a 17 MiB log of recorded sessions, its early attempts read lightly)', () => {
    expect(existsSync(BIN), `${BIN} missing: run \`npx tsc -p tsconfig.json\` first`).toBe(true);
    const logs = readdirSync('fixtures/lab').filter((f) => f.endsWith('.log')).sort().map((f) => readFileSync(join('fixtures/lab', f)));
    const parts: Buffer[] = [];
    let size = 0;
    while (size < 17 * 1024 * 1024) for (const l of logs) { parts.push(l); size += l.length; }
    const file = join(dir, 'sessions.log');
    writeFileSync(file, Buffer.concat(parts));
    const strip = (r: Record<string, unknown>) => ({ ...r, run: undefined });
    const one = analyze(file, false);
    const two = analyze(file, true);
    expect(strip(two.report)).toEqual(strip(one.report));
    expect(two.status).toBe(one.status);
    expect((one.report['evidenceBundle'] as { observations: unknown[] }).observations.length).toBeGreaterThan(100);
    // …and both as when every attempt is read in full, but for the counts of lines read and the note that says so
    type Stats = { recognized: number; redactions: number; summarised: { lightlyRead?: { attempts: number } } };
    const statsOf = (r: Record<string, unknown>) => (r['evidenceBundle'] as { parseStats: Stats }).parseStats;
    const full = analyze(file, false, false);
    expect(statsOf(one.report).summarised.lightlyRead?.attempts).toBeGreaterThan(100);
    expect(statsOf(full.report).summarised.lightlyRead).toBeUndefined();
    const same = (r: Record<string, unknown>) => {
      const { recognized: _r, redactions: _x, summarised: { lightlyRead: _l, ...summarised }, ...stats } = statsOf(r);
      const parseStats = { ...stats, summarised };
      const bundle = r['evidenceBundle'] as Record<string, unknown>;
      const evidence = r['evidence'] as Record<string, unknown>;
      // the long-log warning names the attempts read lightly
      const warnings = (r['warnings'] as string[]).map((w) => w.replace(/ \(\S+ of them, [^)]*, were only skimmed[^)]*\)/, ''));
      return { ...strip(r), warnings, evidence: { ...evidence, parseStats }, evidenceBundle: { ...bundle, parseStats } };
    };
    expect(same(one.report)).toEqual(same(full.report));
    expect(one.status).toBe(full.status);
  }, 240_000);
});
