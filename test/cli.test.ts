import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readLogBytes } from '../src/logs/read.js';
import type { CommandFactory } from '../src/cli/command.js';
import { createAnalyzeCommand, type AnalyzeDeps } from '../src/cli/commands/analyze.js';
import { createReplayCommand } from '../src/cli/commands/replay.js';
import { ExitCode } from '../src/cli/exit-codes.js';
import { main } from '../src/cli/main.js';
import { createFakeIo, type FakeIoOptions } from './helpers/fake-io.js';
import type { Report } from '../src/report/types.js';
import type { Rule } from '../src/rules/types.js';
import { stubEngine, stubParseLogSources } from './cli-fixtures.js';

const SAMPLE = join(import.meta.dirname, '..', 'fixtures', 'logs', 'sample-ua-blocked-403.log');
const ACCOUNTS = join(import.meta.dirname, '..', 'fixtures', 'accounts', 'ua-blocked-403.accounts.xml');
const ANSI = /\u001b\[/;
const STACK = /\n\s+at .+:\d+:\d+/;

function fakeRule(id: string): Rule {
  return {
    meta: {
      id, category: 'sip', rootCause: 'client-version-blocked', severity: 'error', title: id, failureTitle: id,
      description: '', messages: {}, remediation: { summary: '', steps: [], audience: 'user' }, requires: [],
    },
    check: () => ({ status: 'pass' }),
  };
}

function setup(extra: Partial<Report> = {}, deps: Partial<AnalyzeDeps> = {}) {
  const engine = stubEngine(extra);
  const analyzeDeps: AnalyzeDeps = {
    diagnose: engine.diagnose,
    rules: [fakeRule('sip/client-version-blocked'), fakeRule('tls/certificate-expired'), fakeRule('tls/hostname-mismatch')],
    readBytes: readLogBytes,
    parseLogSources: stubParseLogSources,
    loadCatalogs: async () => undefined,
    readAccounts: async () => [],
    ...deps,
  };
  const commands: CommandFactory[] = [createAnalyzeCommand(async () => analyzeDeps), createReplayCommand(async () => analyzeDeps)];
  const run = async (argv: string[], ioOpts: FakeIoOptions = {}) => {
    const io = createFakeIo(ioOpts);
    const code = await main(argv, io, commands);
    return { code, out: io.out(), err: io.err(), io };
  };
  return { run, calls: engine.calls, commands };
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'sd-cli-'));
}

describe('help, version, usage errors', () => {
  it('--help lists commands, real examples and the exit codes', async () => {
    const { code, out, err } = await setup().run(['--help']);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toContain('sipe-doctor analyze ~/pidgin-debug.log');
    expect(out).toContain('pidgin --debug 2>&1 | sipe-doctor analyze -');
    expect(out).toContain('sipe-doctor analyze --json debug.log.gz | jq .verdict');
    expect(out).toMatch(/Exit codes:[\s\S]*0 +no problem[\s\S]*1 +a problem[\s\S]*2 +usage[\s\S]*3 +internal/);
  });

  it('analyze --help shows its options and examples', async () => {
    const { code, out } = await setup().run(['analyze', '--help']);
    expect(code).toBe(0);
    for (const flag of ['--format', '--json', '--output', '--redact-pii', '--save-evidence', '--fail-on', '--only-rules', '--skip-rules', '--accounts', '--color', '--verbose', '--debug', '--log-file']) {
      expect(out).toContain(flag);
    }
    expect(out).toContain('Exit codes:');
  });

  it('--version prints the package version', async () => {
    const { code, out } = await setup().run(['--version']);
    expect(code).toBe(0);
    expect(out.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it.each([
    [['analyze', SAMPLE, '--bogus'], /unknown option --bogus/],
    [['analyze', '--bogus', SAMPLE], /unknown option --bogus/],
    [['analyze', '--only-rule', 'tls', SAMPLE], /unknown option --only-rule \(did you mean --only-rules\?\)/],
    [['analyze', SAMPLE, '--expect', 'client-version-blokced'], /--expect: unknown root cause 'client-version-blokced' \(did you mean client-version-blocked/],
    [[], /Say which command/],
    [['frobnicate'], /Unknown argument: frobnicate/],
    [['analyze'], /Not enough non-option arguments/],
    [['analyze', SAMPLE, '--format', 'yaml'], /Invalid values/],
    [['analyze', SAMPLE, '--json', '--format', 'markdown'], /--json conflicts with --format markdown/],
    [['analyze', SAMPLE, '--only-rules', 'no/such-rule'], /unknown rule 'no\/such-rule'/],
  ])('%j → exit 2 with a message on stderr, nothing on stdout', async (argv, message) => {
    const { code, out, err } = await setup().run(argv);
    expect(code).toBe(ExitCode.Usage);
    expect(out).toBe('');
    expect(err).toMatch(message);
    expect(err).not.toMatch(STACK);
  });
});

describe('analyze input errors', () => {
  it('missing file → 2, one clear line, no stack', async () => {
    const { code, out, err } = await setup().run(['analyze', '/nonexistent/pidgin-debug.log']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/^sipe-doctor: .*pidgin-debug\.log.*no such file/);
    expect(err).not.toMatch(STACK);
  });

  it('a directory → 2', async () => {
    const { code, err } = await setup().run(['analyze', tmp()]);
    expect(code).toBe(2);
    expect(err).toMatch(/directory/);
  });

  it('a text file that is not a debug log → 2 with how to make one', async () => {
    const file = join(tmp(), 'x.txt');
    writeFileSync(file, 'hello\nthis is a shopping list\n');
    const { code, out, err } = await setup().run(['analyze', file]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain("x.txt does not look like a Pidgin/Finch debug log (no '(HH:MM:SS) category:' lines).");
    expect(err).toMatch(/--debug/);
  });

  it('an empty file → 2', async () => {
    const file = join(tmp(), 'empty.log');
    writeFileSync(file, '');
    const { code, err } = await setup().run(['analyze', file]);
    expect(code).toBe(2);
    expect(err).toMatch(/empty/);
  });

  it('binary garbage → 2 (or a best-effort report), never a crash', async () => {
    const file = join(tmp(), 'garbage.bin');
    const bytes = Buffer.alloc(64 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256;
    writeFileSync(file, bytes);
    const { code, err } = await setup().run(['analyze', file]);
    expect([1, 2, 0]).toContain(code);
    expect(err).not.toMatch(STACK);
    expect(err).not.toMatch(/internal error/);
  });

  it('one good and one non-log file: warns about the bad one and diagnoses the good one', async () => {
    const file = join(tmp(), 'notes.txt');
    writeFileSync(file, 'not a log\n');
    const { code, out, err } = await setup().run(['analyze', SAMPLE, file]);
    expect(code).toBe(1);
    expect(err).toContain('notes.txt does not look like a Pidgin/Finch debug log; ignored.');
    expect(out).toMatch(/^✖ Client version blocked/);
  });
});

describe('analyze output', () => {
  it('text report on stdout, exit 1 for a diagnosed problem, no colour when NO_COLOR', async () => {
    const { code, out, err } = await setup().run(['analyze', SAMPLE], { isTTY: true, env: { NO_COLOR: '1' } });
    expect(code).toBe(ExitCode.Problem);
    expect(out.split('\n')[0]).toMatch(/^✖ Client version blocked by server policy/);
    expect(out).not.toMatch(ANSI);
    expect(err).toBe('');
  });

  it('colour: on for a TTY, FORCE_COLOR forces it, --no-color wins', async () => {
    const s = setup();
    expect((await s.run(['analyze', SAMPLE], { isTTY: true })).out).toMatch(ANSI);
    expect((await s.run(['analyze', SAMPLE], { isTTY: false })).out).not.toMatch(ANSI);
    expect((await s.run(['analyze', SAMPLE], { isTTY: false, env: { FORCE_COLOR: '1' } })).out).toMatch(ANSI);
    expect((await s.run(['analyze', SAMPLE, '--no-color'], { isTTY: true, env: { FORCE_COLOR: '1' } })).out).not.toMatch(ANSI);
    expect((await s.run(['analyze', SAMPLE, '--json'], { isTTY: true, env: { FORCE_COLOR: '1' } })).out).not.toMatch(ANSI);
  });

  it('--json parses and carries schemaVersion 1 and the verdict', async () => {
    const { code, out } = await setup().run(['analyze', '--json', SAMPLE]);
    expect(code).toBe(1);
    const report = JSON.parse(out) as Report;
    expect(report.schemaVersion).toBe(1);
    expect(report.verdict.rootCause).toBe('client-version-blocked');
    expect(report.verdict.outcome).toBe('failed');
    expect(report.run.mode).toBe('log');
    expect(report.run.inputs).toEqual([SAMPLE]);
  });

  it('report on stdout only, logs on stderr only (--verbose, --debug)', async () => {
    const { out, err } = await setup().run(['analyze', '--json', '--debug', SAMPLE]);
    expect(() => JSON.parse(out)).not.toThrow();
    const logLines = err.trim().split('\n');
    expect(logLines.length).toBeGreaterThan(0);
    for (const l of logLines) expect(JSON.parse(l)).toHaveProperty('level');
    expect(err).toContain('logs parsed');
    expect(out).not.toContain('logs parsed');
  });

  it('--log-file sends the logs to a file, not stderr', async () => {
    const file = join(tmp(), 'tool.log');
    const { err } = await setup().run(['analyze', '--verbose', '--log-file', file, '--json', SAMPLE]);
    expect(err).toBe('');
    expect(readFileSync(file, 'utf8')).toContain('logs parsed');
  });

  it('--log-file in a missing directory → 2', async () => {
    const { code, out, err } = await setup().run(['analyze', '--log-file', '/nonexistent-dir/tool.log', SAMPLE]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/cannot open log file/);
  });

  it('reads stdin with -', async () => {
    const { code, out, err } = await setup().run(['analyze', '-', '--json'], { stdin: readFileSync(SAMPLE) });
    expect(err).toBe('');
    expect(code).toBe(1);
    expect((JSON.parse(out) as Report).run.inputs).toEqual(['stdin']);
  });

  it('reads a .gz log', async () => {
    const file = join(tmp(), 'debug.log.gz');
    writeFileSync(file, gzipSync(readFileSync(SAMPLE)));
    const { code, out } = await setup().run(['analyze', '--json', file]);
    expect(code).toBe(1);
    expect((JSON.parse(out) as Report).verdict.rootCause).toBe('client-version-blocked');
  });

  it('--format markdown and --output FILE (atomic: no temp file left)', async () => {
    const dir = tmp();
    const file = join(dir, 'ticket.md');
    const { code, out, err } = await setup().run(['analyze', SAMPLE, '--format', 'markdown', '--output', file]);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain(`report written to ${file}`);
    expect(readFileSync(file, 'utf8')).toMatch(/^# sipe-doctor report/);
    expect(readdirSync(dir)).toEqual(['ticket.md']);
  });

  it('--output into a missing directory → 2', async () => {
    const { code, err } = await setup().run(['analyze', SAMPLE, '--output', '/nonexistent-dir/r.txt']);
    expect(code).toBe(2);
    expect(err).toMatch(/cannot write output file/);
  });

  it('exit 0 when nothing is wrong; --fail-on warning turns a warning finding into 1', async () => {
    const ok = join(tmp(), 'ok.log');
    writeFileSync(ok, '(10:11:12) sipe: sipe_core_connect: entered\n');
    const s = setup();
    expect((await s.run(['analyze', ok])).code).toBe(0);
    const warn = setup({
      findings: [{ ...(await import('./cli-fixtures.js')).blockedReport().findings[2]!, role: 'warning' }],
    });
    expect((await warn.run(['analyze', ok])).code).toBe(0);
    expect((await warn.run(['analyze', ok, '--fail-on', 'warning'])).code).toBe(1);
  });

  it('exit 3 when a rule crashed, and the report is still printed', async () => {
    const { code, out } = await setup({ ruleErrors: [{ ruleId: 'sip/x', message: 'TypeError: boom' }] }).run(['analyze', SAMPLE]);
    expect(code).toBe(ExitCode.Internal);
    expect(out).toContain('rule sip/x crashed: TypeError: boom');
  });

  it('an unexpected exception → 3, one line; the stack only with --debug', async () => {
    const boom = setup({}, { parseLogSources: async () => { throw new TypeError('kaput'); } });
    const plain = await boom.run(['analyze', SAMPLE]);
    expect(plain.code).toBe(3);
    expect(plain.err).toMatch(/internal error: kaput/);
    expect(plain.err).not.toMatch(STACK);
    const debug = await boom.run(['analyze', SAMPLE, '--debug']);
    expect(debug.code).toBe(3);
    expect(debug.err).toMatch(STACK);
  });

  it('passes --only-rules / --skip-rules (ids and categories) to the engine', async () => {
    const s = setup();
    // one value per flag: the file after it stays a file (repeat the flag or use a,b)
    await s.run(['analyze', '--only-rules', 'tls/,sip/client-version-blocked', SAMPLE, '--skip-rules', 'tls/hostname-mismatch']);
    expect(s.calls[0]?.opts.only).toEqual(['tls/certificate-expired', 'tls/hostname-mismatch', 'sip/client-version-blocked']);
    await s.run(['analyze', '--only-rules', 'tls/', '--only-rules', 'sip/client-version-blocked', SAMPLE, '--skip-rules', 'tls/hostname-mismatch']);
    expect(s.calls[1]?.opts.only).toEqual(['tls/certificate-expired', 'tls/hostname-mismatch', 'sip/client-version-blocked']);
    expect(s.calls[0]?.opts.only).toEqual(['tls/certificate-expired', 'tls/hostname-mismatch', 'sip/client-version-blocked']);
    expect(s.calls[0]?.opts.skip).toEqual(['tls/hostname-mismatch']);
    expect(s.calls[0]?.opts.now.toISOString()).toBe('2025-01-15T10:00:00.000Z');
  });

  it('--accounts adds the accounts.xml observations with fresh ids', async () => {
    const { readAccountsEvidence } = await import('../src/config/evidence.js');
    const s = setup({}, { readAccounts: (p) => readAccountsEvidence(p) });
    const { code } = await s.run(['analyze', SAMPLE, '--accounts', ACCOUNTS]);
    expect(code).toBe(1);
    const obs = s.calls[0]!.bundle.observations;
    const fromConfig = obs.filter((o) => o.source.type === 'config');
    expect(fromConfig.map((o) => o.kind)).toContain('client.account');
    expect(new Set(obs.map((o) => o.id)).size).toBe(obs.length);
  });

  it('--accounts with a missing file → 2', async () => {
    const { readAccountsEvidence } = await import('../src/config/evidence.js');
    const { code, err } = await setup({}, { readAccounts: (p) => readAccountsEvidence(p) }).run(['analyze', SAMPLE, '--accounts', '/nonexistent/accounts.xml']);
    expect(code).toBe(2);
    expect(err).toMatch(/accounts\.xml: no such file/);
  });

  it('Ctrl-C while reading stdin: stops, diagnoses what was read, marks the run partial', async () => {
    const s = setup();
    const io = createFakeIo({ stdin: 'live' });
    const running = main(['analyze', '-', '--json'], io, s.commands);
    io.stdinWrite(readFileSync(SAMPLE, 'utf8'));
    await new Promise((r) => setTimeout(r, 50));
    io.interrupt(); // stdin never ends: without the interrupt this would hang
    const code = await running;
    const report = JSON.parse(io.out()) as Report;
    expect(report.run.partial).toBe(true);
    expect(report.verdict.rootCause).toBe('client-version-blocked');
    expect(code).toBe(130); // the partial report is printed, and the exit code says it was interrupted
    expect(io.err()).toContain('interrupted');
  });
});

describe('save evidence and replay', () => {
  it('--save-evidence writes the bundle and replay diagnoses it again', async () => {
    const s = setup();
    const file = join(tmp(), 'evidence.json');
    const first = await s.run(['analyze', SAMPLE, '--json', '--save-evidence', file]);
    expect(first.code).toBe(1);
    const bundle = JSON.parse(readFileSync(file, 'utf8')) as { schemaVersion: number; observations: unknown[] };
    expect(bundle.schemaVersion).toBe(1);
    expect(bundle.observations.length).toBeGreaterThan(0);
    const again = await s.run(['replay', file, '--json']);
    expect(again.code).toBe(1);
    const report = JSON.parse(again.out) as Report;
    expect(report.run.mode).toBe('replay');
    expect(report.verdict.rootCause).toBe('client-version-blocked');
  });

  it('--redact-pii pseudonymizes the report and the saved evidence with the same placeholders', async () => {
    const file = join(tmp(), 'evidence.json');
    const { code, out } = await setup().run(['analyze', SAMPLE, '--json', '--redact-pii', '--save-evidence', file]);
    expect(code).toBe(1);
    const saved = readFileSync(file, 'utf8');
    for (const text of [out, saved]) {
      expect(text).not.toContain('alice@corp.example');
      expect(text).not.toContain('corp.example');
    }
    const report = JSON.parse(out) as Report;
    expect(report.verdict.rootCause).toBe('client-version-blocked');
    const user = report.account?.signinName ?? '';
    expect(user).toMatch(/^user\d+@domain\d+\.example$/);
    expect(saved).toContain(user);
  });

  it('--include-evidence adds the bundle to the JSON report', async () => {
    const { out } = await setup().run(['analyze', SAMPLE, '--json', '--include-evidence']);
    expect((JSON.parse(out) as { evidenceBundle: { schemaVersion: number } }).evidenceBundle.schemaVersion).toBe(1);
  });

  it.each([
    ['not json', 'this is not json', /not valid JSON/],
    ['wrong version', JSON.stringify({ schemaVersion: 2, mode: 'log', observations: [] }), /unsupported evidence bundle schemaVersion 2/],
    ['bad observation', JSON.stringify({ schemaVersion: 1, mode: 'log', observations: [{ kind: 'nope' }] }), /unknown kind/],
  ])('replay of a bad bundle (%s) → 2', async (_name, text, message) => {
    const file = join(tmp(), 'bad.json');
    writeFileSync(file, text);
    const { code, out, err } = await setup().run(['replay', file]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(message);
    expect(err).not.toMatch(STACK);
  });

  it('replay of a missing file → 2', async () => {
    const { code, err } = await setup().run(['replay', '/nonexistent/evidence.json']);
    expect(code).toBe(2);
    expect(err).toMatch(/no such file/);
    expect(existsSync('/nonexistent/evidence.json')).toBe(false);
  });
});

describe('real pipeline (logs + rules + verdict)', () => {
  const run = async (argv: string[], ioOpts: FakeIoOptions = {}) => {
    const io = createFakeIo(ioOpts);
    const code = await main(argv, io);
    return { code, out: io.out(), err: io.err() };
  };

  it('the real 403 sample → client-version-blocked, exit 1, the User Agent to set', async () => {
    const { code, out, err } = await run(['analyze', SAMPLE]);
    expect(err).toBe('');
    expect(code).toBe(1);
    expect(out.split('\n')[0]).toMatch(/^✖ /);
    // 80 columns: the User-Agent value goes to a line of its own, never broken
    expect(out).toMatch(/Accounts → Manage Accounts → Modify → Advanced → User Agent:\s+UCCAPI\/15\.0\.4420\.1017 OC\/15\.0\.4420\.1017 \(Microsoft Lync\)/);
    for (const line of out.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    expect(out).toContain('sample-ua-blocked-403.log:');
  });

  it('--json: verdict client-version-blocked; save + replay gives the same verdict', async () => {
    const file = join(tmp(), 'evidence.json');
    const first = await run(['analyze', '--json', '--save-evidence', file, SAMPLE]);
    const report = JSON.parse(first.out) as Report;
    expect(report.schemaVersion).toBe(1);
    expect(report.verdict.rootCause).toBe('client-version-blocked');
    expect(report.verdict.confidence).toBe('confirmed');
    const again = await run(['replay', '--json', file]);
    expect(again.code).toBe(1);
    const replayed = JSON.parse(again.out) as Report;
    expect(replayed.verdict).toEqual(report.verdict);
    expect(replayed.run.mode).toBe('replay');
  });

  it('--redact-pii: no user or host name of the sample in the report', async () => {
    const { code, out } = await run(['analyze', '--redact-pii', '--format', 'markdown', SAMPLE]);
    expect(code).toBe(1);
    expect(out).not.toContain('alice');
    expect(out).not.toContain('corp.example');
  });

  it('the sample with its accounts.xml', async () => {
    const { code, out } = await run(['analyze', '--json', '--accounts', ACCOUNTS, SAMPLE]);
    expect(code).toBe(1);
    expect((JSON.parse(out) as Report).verdict.rootCause).toBe('client-version-blocked');
  });
});

describe('lazy command loading', () => {
  it('imports only the named command; all for --help; none for --version', async () => {
    const { resolveCommands } = await import('../src/cli/main.js');
    const loaded: string[] = [];
    const entry = (name: string) => ({
      name,
      load: async (): Promise<CommandFactory> => {
        loaded.push(name);
        return () => ({ command: name, describe: name, handler: () => 0 });
      },
    });
    const entries = [entry('check'), entry('analyze'), entry('lab')];
    expect((await resolveCommands(entries, ['--verbose', 'analyze', 'x.log'])).length).toBe(1);
    expect(loaded).toEqual(['analyze']);
    loaded.length = 0;
    await resolveCommands(entries, ['--help']);
    expect(loaded).toEqual(['check', 'analyze', 'lab']);
    loaded.length = 0;
    await resolveCommands(entries, ['analyse', 'x.log']); // a typo: load all for "did you mean"
    expect(loaded).toHaveLength(3);
    loaded.length = 0;
    expect(await resolveCommands(entries, ['--version'])).toEqual([]);
  });

  it('the real --help shows examples of every command', async () => {
    const io = createFakeIo();
    expect(await main(['--help'], io)).toBe(0);
    for (const line of ['sipe-doctor analyze ~/pidgin-debug.log', 'sipe-doctor analyze --json debug.log.gz | jq .verdict', 'sipe-doctor check alice@corp.example', 'sipe-doctor lab --scenario client-version-blocked', 'sipe-doctor replay evidence.json']) {
      expect(io.out()).toContain(line);
    }
  });

  it('the real registry: every command loads and has an explicit command string', async () => {
    const { COMMANDS } = await import('../src/cli/commands/index.js');
    const { resolveCommands } = await import('../src/cli/main.js');
    const io = createFakeIo();
    for (const f of await resolveCommands(COMMANDS, ['--help'])) expect(String(f(io).command)).toMatch(/^[a-z]+/);
  });
});
