/**
 * triage with files analysed in worker threads gives the same output, in the same order, as
 * triage in the main thread. Worker threads run only from the built JavaScript: `npm test` builds first.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = resolve('dist/bin/sipe-doctor.js');
const dir = mkdtempSync(join(tmpdir(), 'sd-triage-threads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function triage(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'triage', ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('triage in worker threads', () => {
  it('matches the main-thread run line for line (reports, pseudonyms, order, exit code)', () => {
    expect(existsSync(BIN), `${BIN} missing: run \`npx tsc -p tsconfig.json\` first`).toBe(true);
    mkdirSync(join(dir, 'logs'));
    const logs = readdirSync('fixtures/logs').filter((f) => f.endsWith('.log')).sort().slice(0, 24);
    for (const f of logs) copyFileSync(join('fixtures/logs', f), join(dir, 'logs', f));
    writeFileSync(join(dir, 'logs', 'notes.txt'), 'not a log\n');
    const strip = (out: string): unknown[] => out.trimEnd().split('\n').map((l) => {
      const o = JSON.parse(l) as Record<string, unknown>;
      const run = o['run'] as Record<string, unknown> | undefined;
      return run ? { ...o, run: { ...run, startedAt: undefined, durationMs: undefined, finishedAt: undefined } } : o;
    });
    const pooled = triage(['logs', '--format', 'jsonl', '--threads', '2']);
    const single = triage(['logs', '--format', 'jsonl', '--threads', '0']);
    expect(pooled.stderr).toBe('');
    expect(pooled.status).toBe(single.status);
    const a = strip(pooled.stdout);
    expect(a).toHaveLength(logs.length + 1);
    expect(a).toEqual(strip(single.stdout));
    // the text summary too (without its timing line)
    const text = (t: string): string => t.replace(/\d+ ms/g, 'N ms').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'T');
    expect(text(triage(['logs', '--threads', '2']).stdout)).toBe(text(triage(['logs', '--threads', '0']).stdout));
  }, 240_000);
});
