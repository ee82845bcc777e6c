import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { CaseBundleError, type CaseBundle } from '../../pipeline/case-bundle.js';
import { isCaseBundleFile, readCaseBundleFile } from '../../pipeline/case-file.js';
import { diagnoseCaseBundle } from '../../pipeline/collected.js';
import { toolVersion } from '../version.js';
import type { Draft } from '../../evidence/kinds.js';
import { inputSize, randomAccess, readLogBytes, type ReadOptions } from '../../logs/read.js';
import type { RandomAccess } from '../../logs/light.js';
import type { CommandFactory } from '../command.js';
import { cliLogger } from '../run-context.js';
import { HINTS, notALogError, SipeDoctorError, toInputError, UsageError } from '../errors.js';
import { interruptible } from '../interruptible.js';
import type { CliIo } from '../io.js';
import { withOutputOptions, withRuleOptions, type OutputArgs, type RuleSelectionArgs } from '../options.js';
import { writeReport } from '../output.js';
import { catalogsDisabled, loadTranslationCatalogs } from '../../logs/i18n-load.js';
import { parseLogSources, type TranslationCatalogs } from '../../logs/index.js';
import { diagnoseCommandRun, loadDiagnoseDeps, ruleSelection, type DiagnoseDeps, type RuleSelection } from '../engine.js';
import { collectLogs, readAccountsFile, withAccountsEvidence, type LogCollection } from '../../pipeline/collect.js';
import type { Collection } from '../../pipeline/types.js';

export interface AnalyzeArgs extends OutputArgs, RuleSelectionArgs {
  files: string[];
  accounts?: string | undefined;
}

/** What analyze needs from the rest of the program; tests inject stubs, the CLI loads the real ones. */
export interface AnalyzeDeps extends DiagnoseDeps {
  /** the log's bytes (src/logs/read.ts readLogBytes): what parseLogSources scans */
  readBytes(input: string, io: { stdin: NodeJS.ReadableStream }, opts?: ReadOptions): AsyncIterable<Uint8Array>;
  /** the file's size on disk: a large log is read by a worker thread while the main one analyses */
  inputSize?: ((input: string) => Promise<number | undefined>) | undefined;
  /** a plain file read at any offset (src/logs/read.ts): a long log's attempts are found from its ends */
  randomAccess?: ((input: string) => Promise<RandomAccess | undefined>) | undefined;
  parseLogSources: typeof parseLogSources;
  loadCatalogs(): Promise<TranslationCatalogs | undefined>;
  /** Pidgin accounts.xml → client.account / client.error drafts (src/pipeline/collect.ts readAccountsFile) */
  readAccounts?: ((path: string) => Promise<Draft[]>) | undefined;
}

export async function loadAnalyzeDeps(): Promise<AnalyzeDeps> {
  return {
    ...(await loadDiagnoseDeps()),
    readBytes: readLogBytes,
    inputSize,
    randomAccess,
    parseLogSources,
    loadCatalogs: () => loadTranslationCatalogs(),
    readAccounts: async (path) => (await readAccountsFile(path)).drafts(),
  };
}

const STDIN_NAME = 'stdin';

/** `sipe-doctor analyze <file…|->`: diagnose Pidgin/Finch debug logs. */
export const createAnalyzeCommand =
  (inject?: () => Promise<AnalyzeDeps>): CommandFactory =>
  (io) => ({
    command: 'analyze <files..>',
    describe: 'diagnose a Pidgin/Finch debug log (file, .gz, or - for stdin)',
    builder: (y: Argv) =>
      withRuleOptions(
        withOutputOptions(
          y
            .positional('files', { type: 'string', array: true, default: undefined, describe: "debug log files (plain or .gz), or one bundle written by `sipe-doctor collect`; '-' reads stdin" })
            .option('accounts', { type: 'string', describe: "also read Pidgin's accounts.xml (settings and the last error)", requiresArg: true, group: 'Input:' }),
        ),
      ),
    examples: [
      ['sipe-doctor analyze ~/pidgin-debug.log', 'diagnose a saved debug log'],
      ['pidgin --debug 2>&1 | sipe-doctor analyze -', 'diagnose while Pidgin runs (Ctrl-C to stop reading and diagnose)'],
      ['sipe-doctor analyze --json debug.log.gz | jq .verdict', 'machine-readable verdict from a compressed log'],
      ['sipe-doctor analyze --accounts ~/.purple/accounts.xml ~/pidgin-debug.log', 'combine the log with the account settings'],
      ['sipe-doctor analyze --reply sipe-doctor-collect-20261203-101500Z.json', "a user's collect bundle: environment, live check and real client side by side"],
      ['sipe-doctor analyze --redact-pii --format markdown -o ticket.md debug.log', 'a report safe to attach to a ticket'],
    ],
    handler: async (argv: AnalyzeArgs) => analyze(argv, io, await (inject ?? loadAnalyzeDeps)()),
  });

export const analyzeCommand: CommandFactory = createAnalyzeCommand();

export async function analyze(args: AnalyzeArgs, io: CliIo, deps: AnalyzeDeps): Promise<number> {
  const startedAt = io.now();
  const log = cliLogger(io);
  const files = args.files.map(String);
  if (files.filter((f) => f === '-').length > 1) throw new SipeDoctorError('E_USAGE', "'-' (stdin) can be given only once.");
  const selection = ruleSelection(deps, args);

  const bundles = (await Promise.all(files.map(async (f) => (f !== '-' && (await isCaseBundleFile(resolve(io.cwd, f))) ? f : undefined)))).filter((f): f is string => f !== undefined);
  if (bundles.length > 0) {
    if (files.length > 1) {
      throw new UsageError(`analyze reads one collect bundle on its own (${bundles.join(', ')} ${bundles.length === 1 ? 'is one' : 'are bundles'}); use \`sipe-doctor triage\` for a mix of bundles and logs.`);
    }
    return analyzeCaseBundle(bundles[0]!, args, io, deps, selection, startedAt);
  }

  const names = files.map((f) => (f === '-' ? STDIN_NAME : f));
  const catalogs = catalogsDisabled(io.env) ? undefined : await deps.loadCatalogs().catch((err: unknown) => {
    log.warn({ err }, 'translation catalogs could not be loaded; translated error texts will not be recognised');
    return undefined;
  });

  // Ctrl-C stops reading; what was read is still diagnosed (run.partial)
  const stop = new AbortController();
  const unsubscribe = io.onInterrupt?.(() => {
    io.stderr.write('\nsipe-doctor: interrupted; diagnosing what was read so far (Ctrl-C again to quit)\n');
    stop.abort();
  });
  let collected: LogCollection;
  try {
    const sources = await Promise.all(files.map(async (f, i) => {
      // a truncated .gz is read as far as it goes; the report says so
      const warnings: string[] = [];
      const bytes = readAndMapErrors(deps, f, names[i] ?? f, io, { onWarning: (w) => warnings.push(w) });
      // a plain file is searched for its sign-in attempts first, so that the ones a long log leaves out are read lightly
      const ra = await deps.randomAccess?.(f);
      const sizeHint = ra?.size ?? (await deps.inputSize?.(f));
      const file = ra && { ...ra, reread: () => interruptible(readAndMapErrors(deps, f, names[i] ?? f, io, {}), stop.signal, { mayBlock: false }) };
      return { name: names[i] ?? f, bytes: interruptible(bytes, stop.signal, { mayBlock: f === '-' }), warnings, sizeHint, file };
    }));
    // a large log is read (scanned, decoded, redacted) in a worker thread while this one recognizes, when there
    // is a second core; SIPE_DOCTOR_LOG_WORKER=0 keeps everything in one thread, =1 uses the worker on one core too
    const worker = io.env['SIPE_DOCTOR_LOG_WORKER'];
    const parallel = worker === '0' ? false : worker === '1' || availableParallelism() > 1 ? 'auto' : false;
    // SIPE_DOCTOR_LOG_LIGHT=0 reads every attempt of a long log in full (the evidence is the same: src/logs/light.ts)
    const light = io.env['SIPE_DOCTOR_LOG_LIGHT'] === '0' ? { fromBytes: Infinity } : undefined;
    collected = await collectLogs(sources, { catalogs, parse: deps.parseLogSources, parallel, light });
  } finally {
    unsubscribe?.();
  }
  const partial = stop.signal.aborted;
  const { bundle, notDebugLog } = collected;
  log.info({ files: names, observations: bundle.observations.length, stats: bundle.parseStats, partial }, 'logs parsed');

  const usable = names.filter((n) => !notDebugLog.includes(n));
  const lines = bundle.parseStats?.lines;
  if (!partial && lines === 0) {
    throw new SipeDoctorError('E_EMPTY_INPUT', `nothing to analyse: ${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} empty.`);
  }
  if (usable.length === 0 && !partial) throw notALogError(names.map(displayName).join(', '));
  for (const n of notDebugLog) {
    if (usable.length > 0) io.stderr.write(`sipe-doctor: ${displayName(n)} does not look like a Pidgin/Finch debug log; ignored.\n`);
  }

  let c: Collection = { ...collected, ...(partial ? { partial } : {}) };
  if (args.accounts) c = withAccountsEvidence(c, { file: args.accounts, drafts: await readAccounts(args.accounts, deps), placement: 'after' });

  const report = diagnoseCommandRun(deps, c, { startedAt, ...selection }, io);
  return writeReport(report, args, io, c.bundle);
}

/** A collect bundle: the live check and the real client's log diagnosed and combined, side by side. */
export async function analyzeCaseBundle(
  file: string,
  args: OutputArgs,
  io: CliIo,
  deps: DiagnoseDeps & { loadCatalogs?: (() => Promise<TranslationCatalogs | undefined>) | undefined },
  selection: RuleSelection,
  startedAt: Date,
): Promise<number> {
  let bundle: CaseBundle;
  try {
    bundle = await readCaseBundleFile(resolve(io.cwd, file), file);
  } catch (err) {
    if (err instanceof CaseBundleError) throw new SipeDoctorError(/unsupported collect bundle version/.test(err.message) ? 'E_BUNDLE_VERSION' : 'E_BUNDLE', `${err.message}.`, { hint: HINTS.caseBundle });
    throw toInputError(err, file) ?? err;
  }
  const catalogs = await deps.loadCatalogs?.().catch(() => undefined);
  const d = await diagnoseCaseBundle(bundle, {
    startedAt, now: io.now(), version: toolVersion(), engine: deps.diagnose, rules: deps.rules, only: selection.only, skip: selection.skip,
  }, { catalogs, name: file, mode: 'replay' });
  return writeReport(d.report, args, io, d.evidence);
}

function displayName(name: string): string {
  return name === STDIN_NAME ? 'standard input' : name;
}

async function* readAndMapErrors(deps: AnalyzeDeps, input: string, name: string, io: CliIo, opts: ReadOptions): AsyncGenerator<Uint8Array> {
  try {
    yield* deps.readBytes(input, { stdin: io.stdin }, opts);
  } catch (err) {
    throw toInputError(err, name) ?? err;
  }
}

/** accounts.xml's observations (settings, last error), read as `config` and `check --accounts` read them. */
async function readAccounts(path: string, deps: AnalyzeDeps): Promise<Draft[]> {
  if (!deps.readAccounts) throw new SipeDoctorError('E_INTERNAL', '--accounts is not available in this build.');
  try {
    return await deps.readAccounts(path);
  } catch (err) {
    const mapped = toInputError(err, path);
    if (mapped) throw mapped;
    if ((err as Error).name === 'AccountsFileError') throw new SipeDoctorError('E_INPUT', (err as Error).message, { cause: err });
    throw err;
  }
}
