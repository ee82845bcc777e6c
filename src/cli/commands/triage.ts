import type { Argv } from 'yargs';
import { openAtomicFile } from '../../adapters/atomic-file.js';
import type { TriageDeps } from '../../triage/analyze-file.js';
import { standardTriageDeps } from '../../triage/deps.js';
import { filePoolAvailable, startFilePool } from '../../triage/file-pool.js';
import { TRIAGE_FORMAT_NAMES, TRIAGE_FORMATS, type TriageFormat } from '../../triage/render/index.js';
import { DEFAULT_CONCURRENCY, NothingToTriageError, runTriage, type TriageResult } from '../../triage/run.js';
import type { CommandFactory } from '../command.js';
import { cliLogger } from '../run-context.js';
import { SipeDoctorError, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { resolveColor, withRuleOptions, type GlobalArgs, type RuleSelectionArgs } from '../options.js';
import { ruleSelection } from '../engine.js';
import { toolVersion } from '../version.js';

export interface TriageArgs extends GlobalArgs, RuleSelectionArgs {
  inputs: string[];
  format?: string | undefined;
  json?: boolean | undefined;
  reply?: boolean | undefined;
  output?: string | undefined;
  concurrency?: number | undefined;
  threads?: number | undefined;
  redactPii?: boolean | undefined;
  progress?: boolean | undefined;
}

export const MAX_CONCURRENCY = 64;

export async function loadTriageDeps(io: CliIo): Promise<TriageDeps> {
  const log = cliLogger(io);
  const version = toolVersion();
  const deps = await standardTriageDeps(version, {
    onCatalogError: (err) => log.warn({ err }, 'translation catalogs could not be loaded; translated error texts will not be recognised'),
    lazyCatalogs: filePoolAvailable,
    env: io.env,
  });
  return {
    ...deps,
    now: () => io.now(),
    // worker threads run the same pipeline (standardTriageDeps) on their own
    ...(filePoolAvailable ? { startPool: (threads: number) => startFilePool(threads, version) } : {}),
  };
}

/** `sipe-doctor triage <files|dirs…>`: diagnose a helpdesk's pile of logs at once, grouped by root cause. */
export const createTriageCommand =
  (inject?: (io: CliIo) => Promise<TriageDeps>): CommandFactory =>
  (io) => ({
    command: 'triage <inputs..>',
    describe: 'diagnose many logs / accounts.xml files (directories recursively, .gz too), grouped by root cause',
    builder: (y: Argv) =>
      withRuleOptions(
        y
          .positional('inputs', { type: 'string', array: true, describe: 'debug logs, accounts.xml files, or directories of them' })
          .option('format', {
            alias: 'f',
            type: 'string',
            choices: TRIAGE_FORMAT_NAMES as string[],
            describe: `output format (default text): ${TRIAGE_FORMAT_NAMES.map((n) => `${n} = ${TRIAGE_FORMATS[n]}`).join('; ')}`,
            group: 'Output:',
          })
          .option('json', { type: 'boolean', describe: 'shorthand for --format json', group: 'Output:' })
          .option('reply', { type: 'boolean', describe: "a ticket-ready Markdown reply per file, addressed with the user's real names (--redact-pii for placeholders)", group: 'Output:' })
          .option('output', { alias: 'o', type: 'string', describe: 'write to FILE (atomically) instead of stdout', requiresArg: true, group: 'Output:' })
          .option('redact-pii', { type: 'boolean', describe: 'replace user names, host names and addresses with consistent placeholders (default: on for the shared summaries, off for --reply; --no-redact-pii keeps them)', group: 'Output:' })
          .option('concurrency', { alias: 'j', type: 'number', default: DEFAULT_CONCURRENCY, describe: 'files analysed at once', requiresArg: true, group: 'Input:' })
          .option('threads', { type: 'number', describe: 'worker threads analysing files (default: one per CPU core but one, at least one, at most --concurrency; 0 = none)', requiresArg: true, group: 'Input:' })
          .option('progress', { type: 'boolean', describe: 'progress bar on stderr (default: when stderr is a terminal and the batch is large)', group: 'Output:' })
          .check((argv) => {
            const a = argv as unknown as TriageArgs;
            if (a.json && a.format !== undefined && a.format !== 'json') throw new UsageError(`--json conflicts with --format ${a.format}`);
            if (a.reply && (a.json || a.format !== undefined)) throw new UsageError(`--reply conflicts with ${a.json ? '--json' : `--format ${a.format}`}`);
            const n = a.concurrency;
            if (n !== undefined && (!Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY)) throw new UsageError(`--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}`);
            const t = a.threads;
            if (t !== undefined && (!Number.isInteger(t) || t < 0 || t > MAX_CONCURRENCY)) throw new UsageError(`--threads must be a whole number from 0 to ${MAX_CONCURRENCY}`);
            return true;
          }),
      ),
    examples: [
      ['sipe-doctor triage ~/tickets/', 'every log under a directory, grouped by root cause'],
      ['sipe-doctor triage --format csv -o triage.csv logs/*.log logs/*.gz', 'a spreadsheet of the batch'],
      ['sipe-doctor triage --format jsonl tickets/ | jq -c "{file, cause: .verdict.rootCause}"', 'one JSON report per line'],
      ['sipe-doctor triage --reply ticket-4711/', "ticket-ready replies, with each user's real names"],
      ['sipe-doctor triage --format html -o triage.html tickets/', 'one page for the whole batch'],
    ],
    handler: async (argv: TriageArgs) => triage(argv, io, await (inject ?? loadTriageDeps)(io)),
  });

export const triageCommand: CommandFactory = createTriageCommand();

export async function triage(args: TriageArgs, io: CliIo, deps: TriageDeps): Promise<number> {
  const inputs = (args.inputs ?? []).map(String);
  if (inputs.length === 0) throw new UsageError('give at least one file or directory');
  if (inputs.includes('-')) throw new UsageError("triage reads files and directories, not standard input ('-'); use `sipe-doctor analyze -` for a pipe");
  const selection = ruleSelection({ diagnose: deps.diagnose, rules: deps.rules }, args);
  const format: TriageFormat = args.reply ? 'reply' : args.json ? 'json' : ((args.format ?? 'text') as TriageFormat);
  let result: TriageResult;
  try {
    result = await runTriage(
      {
        inputs,
        format,
        concurrency: args.concurrency ?? DEFAULT_CONCURRENCY,
        threads: args.threads,
        // a summary is shared (pseudonyms); a reply goes to the user it is about (real names)
        redactPii: args.redactPii ?? format !== 'reply',
        output: args.output,
        color: format === 'text' && resolveColor(args.color, io, args.output !== undefined),
        verbose: args.verbose === true,
        progress: args.progress ?? io.stderrIsTTY,
        only: selection.only,
        skip: selection.skip,
        openFile: (path) => openAtomicFile(path),
      },
      io,
      deps,
    );
  } catch (err) {
    if (err instanceof NothingToTriageError) throw new SipeDoctorError('E_EMPTY_INPUT', err.message, { cause: err });
    throw err;
  }
  const { exitCode, totals } = result;
  if (exitCode === 2) io.stderr.write(`sipe-doctor: none of the ${totals.files} file${totals.files === 1 ? '' : 's'} could be diagnosed (see the reasons above).\n`);
  return exitCode;
}
