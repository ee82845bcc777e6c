import type { Argv } from 'yargs';
import type { HostPorts } from '../../env/host.js';
import type { EnvironmentData } from '../../env/index.js';
import type { CommandFactory } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { resolveColor } from '../color.js';
import type { GlobalArgs } from '../options.js';
import { plainFormat, withPlainOutputOptions, writePlainOutput, type PlainOutputArgs } from '../report-output.js';
import { toolVersion } from '../version.js';

export interface EnvArgs extends GlobalArgs, PlainOutputArgs {
  purpleDir?: string | undefined;
  redactPii?: boolean | undefined;
}

/** The outside world of `env`: tests pass ports over a fake filesystem root and a scripted command runner. */
export interface EnvDeps {
  ports(io: CliIo): HostPorts;
}

async function loadEnvDeps(): Promise<EnvDeps> {
  const { nodeHostPorts } = await import('../../adapters/node-host.js');
  return { ports: (io) => nodeHostPorts({ env: io.env, now: () => io.now() }) };
}

export const ENV_FORMATS = ['text', 'json', 'markdown'] as const;

const EXIT_NOTE = [
  'env exits 1 when it finds a known-broken combination (e.g. pidgin-sipe 1.25 with',
  "Debian 12's libxml2 ~deb12u2 and later), so a script can test for it; 0 otherwise,",
  'also when some things could not be determined (they are listed in the report).',
  '',
].join('\n');

export const createEnvCommand =
  (inject?: () => Promise<EnvDeps>): CommandFactory =>
  (io) => ({
    command: 'env',
    describe: 'report the machine SIPE runs on: Pidgin/Finch, libpurple, pidgin-sipe and libxml2 versions (known-broken pairs flagged), the Pidgin profile, resolver, proxy variables, locale',
    builder: (y: Argv) =>
      withPlainOutputOptions(
        y
          .option('purple-dir', { type: 'string', describe: "Pidgin's settings directory to look at (as `pidgin -c DIR`; default ~/.purple)", requiresArg: true, group: 'Input:' })
          .option('redact-pii', { type: 'boolean', describe: 'replace the user name, home directories, host names and addresses with placeholders (for a shared ticket)', group: 'Output:' }),
        ENV_FORMATS,
      ).epilogue(EXIT_NOTE),
    examples: [
      ['sipe-doctor env', 'what is installed, which Pidgin profile is used, and whether a known-broken pair is installed'],
      ['sipe-doctor env --json | jq .environment.libxml2', 'one fact for a script (exit 1 = a known-broken combination)'],
      ['sipe-doctor env --format markdown -o env.md', 'a report to attach to a ticket'],
      ['sipe-doctor env --purple-dir ~/.purple-work', 'look at the profile of `pidgin -c ~/.purple-work`'],
    ],
    handler: async (argv: EnvArgs) => runEnv(argv, io, await (inject ?? loadEnvDeps)()),
  });

export const envCommand: CommandFactory = createEnvCommand();

export async function runEnv(args: EnvArgs, io: CliIo, deps: EnvDeps): Promise<number> {
  const started = io.now();
  // the diagnosis and rendering modules load while the environment is read (commands, files)
  const modules = Promise.all([import('../../pipeline/diagnose.js'), import('../../report/env-report.js')]);
  const { collectEnvironment } = await import('../../pipeline/collect-environment.js');
  const collection = await collectEnvironment(deps.ports(io), { ...(args.purpleDir ? { purpleDir: args.purpleDir } : {}), cwd: io.cwd, at: started });
  const { environment } = collection;
  const [{ diagnoseCollection }, { buildEnvReport, formatEnvMarkdown, formatEnvText }] = await modules;

  // the rules decide what is known-broken: the same catalog that diagnoses logs and live checks
  const diagnosis = diagnoseCollection(collection, { startedAt: started, now: io.now(), version: toolVersion() });
  const built = buildEnvReport(environment, diagnosis.findings, toolVersion(), started.toISOString());
  const report = args.redactPii ? await redactEnvPii(built) : built;

  const format = plainFormat(args, 'text');
  const text =
    format === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : format === 'markdown'
        ? formatEnvMarkdown(report)
        : formatEnvText(report, { color: resolveColor(args.color, io, args.output !== undefined) });
  await writePlainOutput(text, args, io, 'environment report');

  for (const e of diagnosis.ruleErrors) io.stderr.write(`sipe-doctor: rule ${e.ruleId} failed: ${e.message}\n`);
  if (diagnosis.ruleErrors.length > 0) return ExitCode.Internal;
  return report.findings.some((f) => f.severity === 'error') ? ExitCode.Problem : ExitCode.Ok;
}

/** The report with the user's name, home directories, hosts and addresses replaced (one pseudonymizer for all). */
async function redactEnvPii<T extends { environment: EnvironmentData }>(report: T): Promise<T> {
  const { createPseudonymizer, pseudonymizeDeep } = await import('../../report/pii.js');
  const p = createPseudonymizer();
  // a bare login name has no pattern of its own: it gets the placeholder its home directory gets
  const login = (name: string): string => p.pseudonymize(`/home/${name}`).slice('/home/'.length);
  const named = pseudonymizeDeep(report, p);
  const env = named.environment;
  return {
    ...named,
    environment: {
      ...env,
      ...(env.user?.name !== undefined ? { user: { ...env.user, name: login(env.user.name) } } : {}),
      ...(env.runningClients ? { runningClients: env.runningClients.map((r) => (r.user !== undefined ? { ...r, user: login(r.user) } : r)) } : {}),
    },
  };
}
