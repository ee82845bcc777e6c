/**
 * Command-line conventions, run in-process through main() with the real commands: -v, unknown
 * options named (with a suggestion), array options that never take file names, -o never writing
 * over an input, --expect typos, the inconclusive and Ctrl-C exit codes, --quiet, completion
 * scripts, logs readable on a terminal and JSON elsewhere, help and reports at 80 columns.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../src/cli/exit-codes.js';
import { main } from '../src/cli/main.js';
import { COMMANDS } from '../src/cli/commands/index.js';
import { createFakeIo, type FakeIoOptions } from './helpers/fake-io.js';

const SAMPLE = join(import.meta.dirname, '..', 'fixtures', 'logs', 'sample-ua-blocked-403.log');
const tmp = (): string => mkdtempSync(join(tmpdir(), 'sipe-cli-conv-'));

async function run(argv: string[], opts: FakeIoOptions = {}) {
  const io = createFakeIo(opts);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

/** The first lines of the sample: Pidgin started, SIPE never connected (neither sign-in nor failure). */
function inconclusiveLog(): string {
  const file = join(tmp(), 'start-only.log');
  writeFileSync(file, readFileSync(SAMPLE, 'utf8').split('\n').slice(0, 60).join('\n') + '\n');
  return file;
}

describe('version, unknown options, values that are files', () => {
  it('-v and --version print the version', async () => {
    const version = JSON.parse(readFileSync('package.json', 'utf8')).version as string;
    for (const flag of ['-v', '--version']) {
      const r = await run([flag]);
      expect(r.code).toBe(0);
      expect(r.out.trim()).toBe(version);
    }
  });

  it.each([
    [['analyze', '--bogus', SAMPLE], 'unknown option --bogus'],
    [['analyze', '--jsno', SAMPLE], 'unknown option --jsno (did you mean --json?)'],
    [['analyze', '--skip-rule', 'tls/', SAMPLE], 'unknown option --skip-rule (did you mean --skip-rules?)'],
    [['check', '--dns-sever', '10.0.0.53', 'alice@corp.example'], 'unknown option --dns-sever (did you mean --dns-server?)'],
    [['rules', '--jsn'], 'unknown option --jsn (did you mean --json?)'],
  ])('%j → exit 2: %s', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(ExitCode.Usage);
    expect(r.out).toBe('');
    expect(r.err).toContain(`sipe-doctor: ${message}`);
  });

  it('an array option takes one value per flag: the log after it is still the log', async () => {
    const r = await run(['analyze', '--only-rules', 'sip/', SAMPLE, '--json']);
    expect(r.code).toBe(ExitCode.Problem);
    expect(JSON.parse(r.out).verdict.rootCause).toBe('client-version-blocked');
  });

  it('--expect with an unknown root cause → 2 with the close ids, not a verdict mismatch', async () => {
    const r = await run(['analyze', '--expect', 'client-version-blokced', SAMPLE]);
    expect(r.code).toBe(ExitCode.Usage);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/--expect: unknown root cause 'client-version-blokced' \(did you mean client-version-blocked/);
    expect((await run(['analyze', '--expect', 'client-version-blocked', SAMPLE])).code).toBe(0);
    expect((await run(['analyze', '--expect', 'none', SAMPLE])).code).toBe(1);
  });
});

describe('-o never writes over an input', () => {
  it('analyze -o x.log x.log → 2, the log untouched', async () => {
    const dir = tmp();
    const log = join(dir, 'x.log');
    copyFileSync(SAMPLE, log);
    const before = readFileSync(log, 'utf8');
    for (const argv of [['analyze', '-o', log, log], ['analyze', '--output', 'x.log', 'x.log'], ['analyze', '--save-evidence', log, log]]) {
      const r = await run(argv, { cwd: dir });
      expect(r.code).toBe(ExitCode.Usage);
      expect(r.err).toMatch(/is an input of this run .*refusing to write over it/);
      expect(readFileSync(log, 'utf8')).toBe(before);
    }
  });

  it('also through another name for the same file (a symlink)', async () => {
    const dir = tmp();
    const log = join(dir, 'x.log');
    copyFileSync(SAMPLE, log);
    const { symlinkSync } = await import('node:fs');
    symlinkSync(log, join(dir, 'link.log'));
    const r = await run(['analyze', '-o', join(dir, 'link.log'), log]);
    expect(r.code).toBe(ExitCode.Usage);
    expect(readFileSync(log, 'utf8')).toBe(readFileSync(SAMPLE, 'utf8'));
  });

  it('-o to a new file still works', async () => {
    const dir = tmp();
    const r = await run(['analyze', '-o', join(dir, 'report.txt'), SAMPLE]);
    expect(r.code).toBe(1);
    expect(readFileSync(join(dir, 'report.txt'), 'utf8')).toMatch(/client-version-blocked/);
  });
});

describe('exit codes that mean what they say', () => {
  it('inconclusive (neither signed in nor failed) is 4, not 0', async () => {
    const r = await run(['analyze', inconclusiveLog()]);
    expect(r.out).toMatch(/No root cause found/);
    expect(r.code).toBe(ExitCode.Inconclusive);
    expect(ExitCode.Inconclusive).toBe(4);
  });

  it('a log that signed in is 0', async () => {
    const r = await run(['analyze', join(import.meta.dirname, '..', 'fixtures', 'logs', 'register-ok.log')]);
    expect(r.code).toBe(ExitCode.Ok);
  });

  it('Ctrl-C while reading stdin: the partial report, then 130', async () => {
    const io = createFakeIo({ stdin: 'live' });
    let done = false;
    const running = main(['analyze', '--json', '-'], io).finally(() => { done = true; });
    io.stdinWrite(readFileSync(SAMPLE, 'utf8'));
    // Ctrl-C as soon as analyze listens for it (it reads stdin, which never ends)
    while (!done && !io.wasInterrupted!()) {
      await new Promise((r) => setTimeout(r, 50));
      io.interrupt();
    }
    const code = await running;
    expect(code).toBe(ExitCode.Interrupted);
    expect(JSON.parse(io.out()).run.partial).toBe(true);
  });

  it('--help documents 4 and 130', async () => {
    const r = await run(['analyze', '--help']);
    expect(r.out).toMatch(/\n {2}4 +inconclusive/);
    expect(r.out).toMatch(/\n {2}130 +interrupted \(Ctrl-C\)/);
  });
});

describe('quiet, logs, completion', () => {
  it('--quiet: no note on stderr for -o', async () => {
    const dir = tmp();
    const loud = await run(['analyze', '-o', join(dir, 'a.txt'), SAMPLE]);
    expect(loud.err).toMatch(/report written/);
    const quiet = await run(['analyze', '--quiet', '-o', join(dir, 'b.txt'), SAMPLE]);
    expect(quiet.err).toBe('');
  });

  it('logs: JSON lines when stderr is not a terminal, readable lines on a terminal; warnings only by default', async () => {
    const json = await run(['analyze', '--verbose', SAMPLE]);
    const first = json.err.split('\n').find((l) => l.trim() !== '')!;
    expect(JSON.parse(first)).toMatchObject({ level: 'info' });
    const tty = await run(['analyze', '--verbose', SAMPLE], { stderrIsTTY: true });
    expect(tty.err).toMatch(/^sipe-doctor info: logs parsed \(/m);
    expect(tty.err).not.toMatch(/^\{"level"/m);
    const quietDefault = await run(['analyze', SAMPLE], { stderrIsTTY: true });
    expect(quietDefault.err).toBe('');
  });

  it('completion prints a bash script, and a zsh one under zsh', async () => {
    expect((await run(['completion', 'bash'])).out).toMatch(/complete -o bashdefault/);
    expect((await run(['completion', 'zsh'])).out).toMatch(/^#compdef sipe-doctor/);
    const bash = await run(['completion'], { env: { SHELL: '/bin/bash' } });
    expect(bash.code).toBe(0);
    expect(bash.out).toMatch(/complete -o bashdefault -o default -F _sipe-doctor_yargs_completions sipe-doctor/);
    const zsh = await run(['completion'], { env: { SHELL: '/usr/bin/zsh' } });
    expect(zsh.out).toMatch(/#compdef sipe-doctor/);
  });
});

describe('80 columns', () => {
  it('every --help fits 80 columns and breaks no example command line inside a quoted value', async () => {
    const names = ['', ...COMMANDS.map((c) => (typeof c === 'function' ? '' : c.name)).filter(Boolean)];
    for (const name of names) {
      const r = await run(name ? [name, '--help'] : ['--help']);
      expect(r.code).toBe(0);
      for (const line of r.out.split('\n')) expect([...line].length, `${name} --help: ${line}`).toBeLessThanOrEqual(80);
      // a quoted argument of an example is never split over two lines (a long one continues with \)
      for (const line of r.out.split('\n').filter((l) => l.endsWith(' \\'))) expect((line.match(/'/g) ?? []).length % 2, `${name}: ${line}`).toBe(0);
    }
  });

  it('the text report fits the terminal width and keeps values such as a User-Agent whole', async () => {
    for (const columns of [80, 100]) {
      const r = await run(['analyze', SAMPLE], { isTTY: true, columns, env: { NO_COLOR: '1' } });
      const lines = r.out.split('\n');
      for (const line of lines) expect([...line].length).toBeLessThanOrEqual(columns);
      expect(r.out).toContain('UCCAPI/15.0.4420.1017 OC/15.0.4420.1017 (Microsoft Lync)');
      expect(r.out).toContain('"Purple/2.14.12 Sipe/1.25.0 (linux-x86_64)"');
      // no word broken: every word of the explanation is still there
      expect(r.out.replace(/\s+/g, ' ')).toContain('its client version policy does not accept the User-Agent SIPE sent');
    }
  });
});

describe('lab at 80 columns', () => {
  it('the start-up text fits 80 columns; the check command continues with \\ and pastes as one', async () => {
    const { startLab } = await import('../src/lab/index.js');
    const { labText } = await import('../src/cli/commands/lab.js');
    const lab = await startLab({ scenario: 'auth-failed' });
    try {
      const text = labText(lab, 80);
      for (const line of text.split('\n')) if (line.trim().includes(' ')) expect([...line].length, line).toBeLessThanOrEqual(80);
      const check = text.slice(text.indexOf('Diagnose it:')).split('\n\n')[0]!;
      expect(check.replace(/ \\\n\s+/g, ' ')).toContain(`sipe-doctor check ${lab.checkArgs[0]}`);
    } finally {
      await lab.stop();
    }
  }, 60_000);
});
