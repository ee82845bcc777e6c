/**
 * Every command shown in README.md (its ```sh blocks) is run here, from a copy of the repository
 * in a temporary directory, so the README cannot drift from what the tool does.
 *
 * The copy: the files git tracks, plus the dist/ that `npm test` built (npm ci's `prepare` build is
 * what makes it; `npm ci` itself is skipped by symlinking node_modules). `sipe-doctor` on PATH is a
 * shim for the copy's dist/bin; `npx sipe-doctor` resolves to the copy's own bin as in a clone. A
 * sandbox HOME holds what the examples name: ~/pidgin-debug.log, ~/tickets/, ~/.purple/accounts.xml
 * (made from fixtures/), and the copy holds debug.log, debug.log.gz, logs/, tickets/, report.json.
 *
 * A line runs as written in bash, except these, each for the reason given:
 * - `npm ci`: skipped (node_modules is symlinked); `npm test`: not run (it is the suite this test is in);
 * - `npm pack` / `npm install -g`: run by test/install.test.ts (it needs the npm registry or cache);
 * - `pidgin --debug 2>&1 | …`: Pidgin is replaced by `cat ~/pidgin-debug.log` (no Pidgin in a test);
 * - `sipe-doctor check …`: not run: they name placeholder servers (corp.example, 10.0.0.53) or the
 *   account's own server, and tests reach only loopback; the lab-backed check runs in the `demo` lines;
 * - `lab --scenario …` (runs until Ctrl-C): stopped with SIGINT after its start-up text.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const SAMPLE = 'fixtures/logs/sample-ua-blocked-403.log';

export function readmeCommands(readme: string): string[] {
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  return blocks.flatMap((b) => b.split('\n')).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}

type Plan = { run: string; stopAfterMs?: number } | { skip: string };

function plan(line: string): Plan {
  if (/^npm ci && npm test\b/.test(line)) return { skip: 'the full suite; this test is part of it' };
  if (/^npm ci && /.test(line)) return { run: line.replace(/^npm ci && /, '') };
  if (/^npm (pack|install -g)\b/.test(line)) return { skip: 'run by test/install.test.ts' };
  if (/^(npx )?sipe-doctor check\b/.test(line)) return { skip: 'probes a placeholder or real server; tests reach only loopback' };
  if (/ticket-4711\.json/.test(line)) return { skip: 'reads the bundle of a collect run on a user machine (bundles: test/collect-cli.test.ts, test/e2e/collect.test.ts)' };
  if (/^pidgin --debug 2>&1 \|/.test(line)) return { run: line.replace(/^pidgin --debug 2>&1/, 'cat ~/pidgin-debug.log') };
  if (/sipe-doctor lab --scenario\b/.test(line)) return { run: line, stopAfterMs: 60_000 };
  return { run: line };
}

let base: string;
let repo: string;
let home: string;
let bin: string;

function setUpCopy(): void {
  base = mkdtempSync(join(tmpdir(), 'sipe-readme-'));
  repo = join(base, 'sipe-doctor');
  home = join(base, 'home');
  bin = join(base, 'bin');
  const files = spawnSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).stdout.split('\0').filter(Boolean);
  for (const f of files) {
    if (!existsSync(join(ROOT, f))) continue;
    mkdirSync(dirname(join(repo, f)), { recursive: true });
    copyFileSync(join(ROOT, f), join(repo, f));
  }
  cpSync(join(ROOT, 'dist'), join(repo, 'dist'), { recursive: true });
  writeFileSync(join(repo, 'dist', '.build-stamp'), `${new Date().toISOString()}\n`); // dist was built from these sources
  symlinkSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'));
  mkdirSync(bin);
  writeFileSync(join(bin, 'sipe-doctor'), `#!/bin/sh\nexec "${process.execPath}" "${join(repo, 'dist', 'bin', 'sipe-doctor.js')}" "$@"\n`);
  chmodSync(join(bin, 'sipe-doctor'), 0o755);
  // what the examples name
  const sample = readFileSync(join(ROOT, SAMPLE));
  mkdirSync(join(home, '.purple'), { recursive: true });
  writeFileSync(join(home, 'pidgin-debug.log'), sample);
  copyFileSync(join(ROOT, 'fixtures/accounts/ua-blocked-403.accounts.xml'), join(home, '.purple', 'accounts.xml'));
  for (const dir of [join(home, 'tickets'), join(repo, 'tickets'), join(repo, 'logs')]) {
    mkdirSync(dir, { recursive: true });
    for (const f of ['sample-ua-blocked-403.log', 'ntlm-auth-failed.log', 'register-ok.log', 'dns-no-sip-records.log']) copyFileSync(join(ROOT, 'fixtures/logs', f), join(dir, f));
  }
  writeFileSync(join(repo, 'debug.log'), sample);
  writeFileSync(join(repo, 'debug.log.gz'), gzipSync(sample));
  const report = spawnSync(process.execPath, [join(repo, 'dist/bin/sipe-doctor.js'), 'analyze', '--json', SAMPLE], { cwd: repo, encoding: 'utf8' });
  writeFileSync(join(repo, 'report.json'), report.stdout);
}

function env(): NodeJS.ProcessEnv {
  return { ...process.env, HOME: home, PATH: `${bin}:${process.env['PATH'] ?? ''}`, NO_COLOR: '1', npm_config_update_notifier: 'false', npm_config_offline: 'true' };
}

async function runLine(line: string, stopAfterMs?: number): Promise<{ code: number | null; signal: string | null; out: string; err: string }> {
  return new Promise((done) => {
    const child = spawn('bash', ['-c', line], { cwd: repo, env: env(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    let err = '';
    // Ctrl-C for the lab (to its process group, as a terminal sends it) once it has printed its settings
    let stopped = false;
    const ctrlC = (): void => {
      if (stopped || child.pid === undefined) return;
      stopped = true;
      try { process.kill(-child.pid, 'SIGINT'); } catch { /* gone */ }
    };
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (stopAfterMs !== undefined && /Ctrl-C stops the lab|"scenario"/.test(out)) setTimeout(ctrlC, 200);
    });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const timers: NodeJS.Timeout[] = [];
    if (stopAfterMs !== undefined) timers.push(setTimeout(ctrlC, stopAfterMs));
    timers.push(setTimeout(() => child.kill('SIGKILL'), 120_000));
    child.on('close', (code, signal) => {
      for (const t of timers) clearTimeout(t);
      done({ code, signal, out, err });
    });
  });
}

const commands = readmeCommands(readFileSync(join(ROOT, 'README.md'), 'utf8'));

describe('README commands (run from a copy of the repository)', () => {
  beforeAll(setUpCopy, 120_000);
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('the README shows commands, and every skipped one says why', () => {
    expect(commands.length).toBeGreaterThan(30);
    const skipped = commands.map(plan).filter((p): p is { skip: string } => 'skip' in p);
    expect(skipped.length).toBeLessThanOrEqual(8);
  });

  for (const line of commands) {
    const p = plan(line);
    if ('skip' in p) {
      it.skip(`${line}  [not run: ${p.skip}]`, () => undefined);
      continue;
    }
    it(line, async () => {
      const r = await runLine(p.run, p.stopAfterMs);
      const where = `\n$ ${p.run}\nexit ${String(r.code)} ${r.signal ?? ''}\nstdout: ${r.out.slice(0, 1500)}\nstderr: ${r.err.slice(0, 1500)}`;
      expect(r.err, where).not.toMatch(/internal error|command not found|No such file|not found/i);
      if (p.stopAfterMs !== undefined) {
        expect(r.out, where).toMatch(/Ctrl-C stops the lab|"scenario"/);
        expect(r.code, where).toBe(0); // the lab ends cleanly on Ctrl-C
        return;
      }
      // 0 healthy, 1 a problem diagnosed, 4 inconclusive; never a usage error or a crash
      expect([0, 1, 4], where).toContain(r.code);
      expect(r.out.length + r.err.length, where).toBeGreaterThan(0);
    }, 180_000);
  }
});
