/**
 * `sipe-doctor demo`: starts the lab in-process with one scenario, diagnoses it, prints the
 * report, stops the lab. It runs the check command itself (collect → diagnose → render, called
 * directly with the settings the lab prints) when this build has it; otherwise it analyses the
 * scenario's recorded SIPE debug log (fixtures/lab/<scenario>.log) with the analyze command,
 * recording one with the real client (finch + pidgin-sipe) first when no recording exists and the
 * client is there.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Argv } from 'yargs';
import { SCENARIO_NAMES, startLab, type LabCheckSettings, type LabHandle } from '../../lab/index.js';
import type { CommandFactory } from '../command.js';
import { SipeDoctorError, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { withOutputOptions, type OutputArgs } from '../options.js';
import type { AnalyzeArgs } from './analyze.js';
import type { CheckArgs } from './check.js';

export interface DemoArgs extends OutputArgs {
  scenario: string;
}

/** What demo needs from the rest of the CLI (injected in tests). */
export interface DemoDeps {
  /** the check command (its parsed options) */
  check(args: CheckArgs, io: CliIo): Promise<number>;
  /** the analyze command (its parsed options) */
  analyze(args: AnalyzeArgs, io: CliIo): Promise<number>;
  /** is `check` part of this build? */
  hasCheck(io: CliIo): Promise<boolean>;
  /** directory holding <scenario>.log recordings */
  fixturesDir: string | undefined;
  /** runs the real client against a lab and returns its debug log, if the real client can be used here */
  runClient: ((lab: LabHandle) => Promise<string>) | undefined;
}

const OUTPUT_KEYS = new Set(['format', 'json', 'reply', 'output', 'redactPii', 'saveEvidence', 'includeEvidence', 'failOn', 'color', 'verbose', 'quiet']);

export const DEFAULT_DEMO_SCENARIO = 'client-version-blocked';

/** The project root (where package.json and fixtures/ live), from src/ or dist/src/. */
function findFixturesDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'fixtures', 'lab');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return undefined;
}

export async function loadDemoDeps(): Promise<DemoDeps> {
  const [{ check, loadCheckDeps }, { analyze, loadAnalyzeDeps }, client] = await Promise.all([
    import('./check.js'), import('./analyze.js'), import('../../lab/sip/sipe-client.js'),
  ]);
  return {
    check: async (args, io) => check(args, io, await loadCheckDeps()),
    analyze: async (args, io) => analyze(args, io, await loadAnalyzeDeps()),
    // a build without the probes (and their Node adapters) has no check command to run
    hasCheck: async () => import('./check.js').then(() => true, () => false),
    fixturesDir: findFixturesDir(),
    runClient: client.sipeClientMissing() === undefined
      ? async (lab) => (await client.runSipeClient({ ...client.labClientOptions(lab, lab.definition), seconds: 15 })).log
      : undefined,
  };
}

/** The lab's check settings as the check command's parsed options. */
export function checkArgsOf(c: LabCheckSettings): CheckArgs {
  return {
    address: c.address,
    dnsServer: c.dnsServer,
    ca: [...c.ca],
    ...(c.server ? { server: c.server } : {}),
    transport: c.transport,
    auth: c.auth,
    ...(c.login ? { login: c.login } : {}),
    portMap: c.portMap,
    ...(c.timeout ? { timeout: `${c.timeout}ms` } : {}),
    ...(c.watch ? { watch: `${c.watch}ms` } : {}),
  };
}

export async function runDemo(args: DemoArgs, io: CliIo, deps: DemoDeps): Promise<number> {
  if (!SCENARIO_NAMES.includes(args.scenario)) {
    throw new UsageError(`unknown scenario '${args.scenario}'.`, 'Run `sipe-doctor lab --list` to see the scenarios.');
  }
  const lab = await startLab({ scenario: args.scenario });
  let tmp: string | undefined;
  try {
    const s = lab.definition;
    const output: OutputArgs = {
      // the report flags as given (--format, --json, -o, --redact-pii, --save-evidence …)
      ...Object.fromEntries(Object.entries(args).filter(([k, v]) => v !== undefined && OUTPUT_KEYS.has(k))),
      // the demo succeeds (exit 0) when the diagnosis names the problem the scenario was built to reproduce
      expect: args.expect ?? s.expectedRootCause ?? 'none',
    };
    io.stderr.write(`sipe-doctor demo: lab scenario '${s.name}': ${s.description}\n`);
    if (await deps.hasCheck(io)) {
      io.stderr.write(`sipe-doctor demo: running sipe-doctor check ${lab.checkArgs.join(' ')}\n\n`);
      // the password travels in the environment, never on a command line
      return await deps.check({ ...checkArgsOf(lab.checkSettings), ...output }, { ...io, env: { ...io.env, ...lab.checkEnv } });
    }
    let log = deps.fixturesDir ? join(deps.fixturesDir, `${s.name}.log`) : undefined;
    if (!log || !existsSync(log)) {
      if (!deps.runClient) {
        throw new SipeDoctorError('E_INPUT', `no recorded SIPE log for scenario '${s.name}' and no SIPE client to record one.`, {
          hint: `Try \`sipe-doctor demo --scenario ${DEFAULT_DEMO_SCENARIO}\`, or run \`sipe-doctor lab --scenario ${s.name}\` and sign in with Pidgin.`,
        });
      }
      tmp = await mkdtemp(join(tmpdir(), 'sipe-demo-'));
      io.stderr.write('sipe-doctor demo: signing in with the real SIPE client (finch + pidgin-sipe)…\n');
      log = join(tmp, `${s.name}.log`);
      await writeFile(log, await deps.runClient(lab));
    }
    io.stderr.write(`sipe-doctor demo: analysing the SIPE debug log ${log}\n\n`);
    return await deps.analyze({ files: [log], ...output }, io);
  } finally {
    await lab.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }
}

export const createDemoCommand =
  (inject?: (io: CliIo) => Promise<DemoDeps>): CommandFactory =>
  (io) => ({
    command: 'demo',
    describe: 'see a diagnosis end to end: start the lab with one problem, diagnose it, stop',
    builder: (y: Argv) =>
      withOutputOptions(y.option('scenario', { type: 'string', default: DEFAULT_DEMO_SCENARIO, describe: 'which lab scenario (see `sipe-doctor lab --list`)', requiresArg: true })),
    examples: [
      ['sipe-doctor demo', "diagnose a server that blocks SIPE's client version"],
      ['sipe-doctor demo --scenario auth-failed', 'diagnose a wrong password'],
      ['sipe-doctor demo --format html -o demo.html', 'the report as a page with the ladder diagram'],
    ],
    handler: async (argv: DemoArgs) => runDemo(argv, io, await (inject ?? (async () => loadDemoDeps()))(io)),
  });

export const demoCommand: CommandFactory = createDemoCommand();
