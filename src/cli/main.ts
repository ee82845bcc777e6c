import yargs, { type Argv, type CommandModule } from 'yargs';
import { removeStaleTemps } from '../adapters/atomic-file.js';
import { createLogger, levelFor } from '../adapters/logger.js';
import { locateAccountsXml } from '../config/locate.js';
import { dirname } from 'node:path';
import type { CliCommand, CommandEntry, CommandFactory } from './command.js';
import { COMMANDS } from './commands/index.js';
import { setRunContext } from './run-context.js';
import { describeError, SipeDoctorError, UsageError } from './errors.js';
import { EXIT_CODE_ROWS, ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';
import type { GlobalArgs } from './options.js';
import { toolVersion } from './version.js';
import { checkOutputTarget } from './output-guard.js';
import { completionCommand } from './completion.js';
import { fillWords, shellLines } from './shell-lines.js';
import { unknownOptionError, type KnownOptions, knownOptionsOf } from './unknown-option.js';

/** Examples shown in the top-level --help, before the commands' own (real, copy-pasteable lines). */
const TOP_EXAMPLES: readonly (readonly [string, string])[] = [];

/**
 * Examples as `command line` + indented description, and the exit codes, laid out for `width`
 * columns here (yargs would break a command line in the middle of a quoted value): a long command
 * line continues with a shell `\`, so it still pastes as one command.
 */
export function helpEpilogue(examples: readonly (readonly [string, string])[], width = 80): string {
  const blocks = examples.flatMap(([line, what]) => [
    ...shellLines(line, width),
    ...fillWords(what.split(' '), width, '      ', '      '),
  ]);
  const codes = EXIT_CODE_ROWS.flatMap(([code, what]) => fillWords(what.split(' '), width, `  ${String(code).padEnd(4)} `, ' '.repeat(7)));
  return [...(blocks.length > 0 ? ['Examples:', ...blocks, ''] : []), 'Exit codes:', ...codes].join('\n');
}

/**
 * yargs re-parses positionals as `--files -`, which swallows a lone `-` (stdin). It travels through
 * the parser as this placeholder (a NUL can't occur in a real argument) and is restored below.
 */
const DASH = '\u0000-';

function restoreDash<T>(value: T): T {
  if (value === DASH) return '-' as T;
  if (typeof value === 'string') return value.split(DASH).join('-') as T;
  if (Array.isArray(value)) return value.map(restoreDash) as T;
  return value;
}

/** Help wraps to the terminal (80 columns when not a terminal), between 60 and 120 columns. */
export function helpWidth(io: Pick<CliIo, 'columns'>): number {
  return Math.min(120, Math.max(60, io.columns ?? 80));
}

/**
 * yargs renders the whole help text after starting a command's handler, in case a later failure
 * wants to print it (usage.cacheHelpMessage): 100-300 ms of text layout on every run, for help
 * nobody sees (our failures print one line, not the help). Rendering on demand keeps the same
 * output when help is asked for.
 */
function skipHelpCache(y: Argv | undefined): void {
  const usage = (y as unknown as { getInternalMethods?(): { getUsageInstance(): { cacheHelpMessage?: () => void } } } | undefined)
    ?.getInternalMethods?.()
    .getUsageInstance();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => undefined;
}

interface ParserState {
  exitCode: number;
  /** the parser, once built (the handlers reach its usage instance) */
  parser?: Argv;
  /** the options the running command (and the globals) define, for "unknown option --x" */
  known?: KnownOptions;
}

/** Wrap a command so its returned exit code reaches main(), and give it examples + the exit-code epilogue. */
function adapt(cmd: CliCommand, state: ParserState, io: CliIo): CommandModule {
  const { examples = [], builder, handler, ...rest } = cmd;
  return {
    ...rest,
    builder: (y: Argv) => {
      const finish = (out: Argv | undefined): Argv => {
        const built = (out ?? y).epilogue(helpEpilogue(examples, helpWidth(io)));
        state.known = knownOptionsOf(built);
        return built;
      };
      if (typeof builder !== 'function') return finish(builder ? y.options(builder) : y);
      const out = builder(y) as Argv | PromiseLike<Argv> | undefined;
      return out && typeof (out as PromiseLike<Argv>).then === 'function' ? Promise.resolve(out as PromiseLike<Argv>).then(finish) : finish(out as Argv | undefined);
    },
    handler: async (argv: unknown) => {
      skipHelpCache(state.parser);
      await checkOutputTarget(argv as Record<string, unknown>, io.cwd);
      const code = await handler(argv);
      state.exitCode = typeof code === 'number' ? code : ExitCode.Ok;
    },
  } as CommandModule;
}

/** The yargs parser (no singleton): commands, global flags, help with examples and exit codes. */
export function createParser(io: CliIo, commands: readonly CommandFactory[], state: ParserState = { exitCode: ExitCode.Ok }, rawArgv: readonly string[] = []): Argv {
  const modules = commands.map((f) => f(io));
  // the top-level help shows the first three examples of each command; `<command> --help` shows all
  const topExamples = [...TOP_EXAMPLES, ...modules.flatMap((m) => (m.examples ?? []).slice(0, 3))];
  let y: Argv = yargs()
    .scriptName('sipe-doctor')
    .usage('$0 <command> [options]\n\nTells why Pidgin + SIPE cannot sign in to Lync / Skype for Business, and exactly what to change.')
    .option('color', { type: 'boolean', describe: 'colour the text report (default: when stdout is a terminal; honours NO_COLOR / FORCE_COLOR)', global: true })
    .option('verbose', { type: 'boolean', describe: 'more detail: timeline and all findings in the report, info-level logs on stderr', global: true })
    .option('debug', { type: 'boolean', describe: 'debug-level logs on stderr and stack traces for internal errors', global: true })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'only the report (or the error) and errors in the log: no notes or warnings on stderr', global: true })
    .option('log-file', { type: 'string', describe: "write the tool's own log to FILE (JSON lines) instead of stderr", global: true, requiresArg: true })
    .middleware((argv) => {
      for (const key of Object.keys(argv)) (argv as Record<string, unknown>)[key] = restoreDash(argv[key]);
      const a = argv as GlobalArgs;
      let logger;
      try {
        logger = createLogger({
          level: levelFor({ verbose: a.verbose, debug: a.debug, quiet: a.quiet }),
          destination: a.logFile ? { file: a.logFile } : io.stderr,
          // a person at a terminal reads lines; files and pipes get pino's JSON
          pretty: !a.logFile && io.stderrIsTTY,
        });
      } catch (err) {
        throw new SipeDoctorError('E_OUTPUT', `cannot open log file ${a.logFile}: ${(err as Error).message}`, { cause: err });
      }
      setRunContext(io, { logger, verbose: a.verbose === true, debug: a.debug === true, quiet: a.quiet === true });
    });
  state.known ??= knownOptionsOf(y);
  state.parser = y;
  for (const m of modules) y = y.command(adapt(m, state, io));
  y = y.command(adapt(completionCommand(io), state, io));
  return y
    // answers the completion scripts' `--get-yargs-completions` (the script itself: `completion`)
    .completion('completion-script', false)
    .demandCommand(1, 'Say which command to run.')
    .recommendCommands()
    .strict()
    .exitProcess(false)
    .version('version', 'show the version number', toolVersion())
    .alias('version', 'v')
    .help()
    .alias('help', 'h')
    .wrap(helpWidth(io))
    .epilogue(helpEpilogue(topExamples, helpWidth(io)))
    .fail((msg, err) => {
      // yargs validation messages become usage errors (exit 2); handler errors pass through
      if (err) throw err;
      const text = restoreDash(msg);
      // `analyze --bogus file.log`: name the option (yargs says "Not enough non-option arguments")
      const unknown = unknownOptionError(rawArgv, state.known);
      if (unknown) throw new UsageError(unknown);
      // `analyze --bogus file.log`: the unknown option swallowed the file name
      if (/^Not enough non-option arguments/.test(text)) {
        throw new UsageError(`${text}: a file or address is missing (or an unknown option took it as its value).`);
      }
      throw new UsageError(text);
    });
}

/**
 * The command modules this run needs: only the named command when argv names one (fast start),
 * none for a bare --version, all of them otherwise (--help, typos: "did you mean …").
 */
export async function resolveCommands(entries: readonly CommandEntry[], argv: readonly string[]): Promise<CommandFactory[]> {
  const first = argv.find((a) => !a.startsWith('-'));
  const isNamed = (e: CommandEntry): boolean => typeof e !== 'function' && first !== undefined && (e.name === first || (e.aliases ?? []).includes(first));
  let chosen: readonly CommandEntry[];
  if (entries.some(isNamed)) chosen = entries.filter((e) => typeof e === 'function' || isNamed(e));
  else if (first === undefined && (argv.includes('--version') || argv.includes('-v')) && !argv.includes('--help') && !argv.includes('-h')) chosen = [];
  else chosen = entries;
  return Promise.all(chosen.map((e) => (typeof e === 'function' ? e : e.load())));
}

/** Run the CLI in-process: returns the exit code, writes only through `io`. */
/**
 * Every command starts by removing the temporary copies of accounts.xml (password included) that a
 * `config --fix` killed inside its write window left in Pidgin's settings directory. Never fails.
 */
export async function sweepPurpleDir(io: Pick<CliIo, 'env' | 'cwd'>): Promise<void> {
  const home = io.env['HOME'] ?? io.env['USERPROFILE'];
  if (home === undefined || home === '') return;
  const accounts = locateAccountsXml({ env: io.env, platform: process.platform, home, cwd: io.cwd });
  await removeStaleTemps(dirname(accounts)).catch(() => undefined);
}

export async function main(argv: readonly string[], io: CliIo, commands: readonly CommandEntry[] = COMMANDS): Promise<number> {
  const debug = argv.includes('--debug');
  // the sweep (file system) and loading the command's modules overlap; no command runs before both are done
  const sweep = sweepPurpleDir(io);
  const state: ParserState = { exitCode: ExitCode.Ok };
  let output = '';
  try {
    const [factories] = await Promise.all([resolveCommands(commands, argv), sweep]);
    const parser = createParser(io, factories, state, argv);
    await parser.parseAsync(argv.map((a) => (a === '-' ? DASH : a)), {}, (_err, _argv, out) => {
      output = out ?? '';
    });
    // --help / --version text (yargs hands it to the callback instead of printing)
    if (output) io.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
    return state.exitCode;
  } catch (err) {
    const { text, exitCode } = describeError(err, debug);
    io.stderr.write(text);
    return exitCode;
  }
}
