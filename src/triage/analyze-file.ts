import { Readable } from 'node:stream';
import { collectAccounts, collectLogs, type AccountsFile } from '../pipeline/collect.js';
import { diagnoseCollection, type DiagnoseFn } from '../pipeline/diagnose.js';
import type { Collection } from '../pipeline/types.js';
import type { LogParseResult, LogSource, TranslationCatalogs } from '../logs/index.js';
import type { RandomAccess } from '../logs/light.js';
import type { ReadOptions } from '../logs/read.js';
import { exitCodeFor } from '../report/exit-code.js';
import { pseudonymizeDeep, type Pseudonymizer } from '../report/pii.js';
import type { Report } from '../report/types.js';
import type { Rule } from '../rules/types.js';
import type { FilePool } from './file-pool.js';
import type { FileResult, SkipReason, TriageInput } from './types.js';
import { CaseBundleError, type CaseBundle } from '../pipeline/case-bundle.js';
import { isCaseBundleFile, readCaseBundleFile } from '../pipeline/case-file.js';
import { diagnoseCaseBundle } from '../pipeline/collected.js';

/** The program pieces triage runs per file (the CLI passes the real ones, tests may stub). */
export interface TriageDeps {
  /** the log's bytes (src/logs/read.ts readLogBytes) */
  readBytes(input: string, io: { stdin: NodeJS.ReadableStream }, opts?: ReadOptions): AsyncIterable<Uint8Array>;
  parseLogSources(sources: readonly LogSource[], opts?: { catalogs?: TranslationCatalogs }): Promise<LogParseResult>;
  /** a plain log file read at any offset (src/logs/read.ts): a long log's older attempts are read lightly; absent: all in full */
  randomAccess?: ((input: string) => Promise<RandomAccess | undefined>) | undefined;
  diagnose: DiagnoseFn;
  /** accounts.xml (src/pipeline/collect.ts readAccountsFile); absent → accounts.xml files are read as logs */
  readAccounts?: ((path: string) => Promise<AccountsFile>) | undefined;
  catalogs?: TranslationCatalogs | undefined;
  /** the catalogs on first need, when `catalogs` was not loaded up front (files analysed in this thread) */
  loadCatalogs?: (() => Promise<TranslationCatalogs | undefined>) | undefined;
  rules?: readonly Rule[] | undefined;
  version: string;
  now(): Date;
  /** analyse files in worker threads (the CLI's real pipeline only; injected stubs run in-process) */
  startPool?: ((threads: number) => FilePool) | undefined;
}

export interface AnalyzeFileOptions {
  only?: string[] | undefined;
  skip?: string[] | undefined;
  /** the batch's pseudonymizer when personal data is removed */
  pseudonymizer?: Pseudonymizer | undefined;
}

/** Triage never reads standard input: files only. */
const NO_STDIN = { stdin: Readable.from([]) };

/** Diagnose one file of the batch. Never throws: every failure becomes a skipped/error result. */
export async function analyzeFile(input: TriageInput, deps: TriageDeps, opts: AnalyzeFileOptions = {}): Promise<FileResult> {
  const file = input.display;
  const skipped = (reason: SkipReason, message: string): FileResult => ({ file, kind: input.kind, status: 'skipped', skip: { reason, message } });
  if (input.skip !== undefined) return skipped(input.skip.reason, input.skip.message);
  if (input.error !== undefined) return skipped('unreadable', input.error);
  const started = deps.now();
  try {
    let c: Collection | undefined;
    let caseReport: Report | undefined;
    if (input.kind === 'log' && (await isCaseBundleFile(input.path))) {
      // a collect bundle: the live check and the real client's log, combined (src/pipeline/collected.ts)
      let bundle: CaseBundle;
      try {
        bundle = await readCaseBundleFile(input.path, file);
      } catch (err) {
        if (err instanceof CaseBundleError) return skipped('invalid-bundle', err.message);
        return skipped('unreadable', err instanceof Error ? err.message : String(err));
      }
      caseReport = (await diagnoseCaseBundle(bundle, { startedAt: started, now: deps.now(), version: deps.version, engine: deps.diagnose, rules: deps.rules, only: opts.only, skip: opts.skip },
        { catalogs: deps.catalogs, name: file, mode: 'replay' })).report;
    } else if (input.kind === 'accounts' && deps.readAccounts) {
      let accounts: AccountsFile;
      try {
        accounts = await deps.readAccounts(input.path);
      } catch (err) {
        const e = err as Error & { reason?: string; code?: string };
        if (e.name === 'AccountsFileError') return skipped(e.reason === 'io' ? 'unreadable' : 'not-accounts-xml', e.message);
        if (typeof e.code === 'string') return skipped('unreadable', `${file}: ${e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.message}`);
        throw err;
      }
      if (accounts.loaded.accounts.length === 0) return skipped('not-accounts-xml', 'no Office Communicator (SIPE) account in this accounts.xml');
      c = collectAccounts(accounts, accounts.loaded.accounts, { name: file, target: file });
    } else {
      let parsed: Awaited<ReturnType<typeof collectLogs>>;
      try {
        const warnings: string[] = [];
        // regularOnly: a file swapped for a FIFO or device after discovery is refused, never waited on
        const bytes = deps.readBytes(input.path, NO_STDIN, { onWarning: (w) => warnings.push(w), regularOnly: true });
        const ra = await deps.randomAccess?.(input.path);
        const whole = ra && { sizeHint: ra.size, file: { ...ra, reread: () => deps.readBytes(input.path, NO_STDIN, { regularOnly: true }) } };
        parsed = await collectLogs([{ name: file, bytes, warnings, ...whole }], { catalogs: deps.catalogs, parse: deps.parseLogSources });
      } catch (err) {
        if ((err as Error).name !== 'InputError') throw err;
        const message = (err as Error).message;
        return skipped(/binary/i.test(message) ? 'binary' : /, not a log file: not read$/.test(message) ? 'not-a-file' : 'unreadable', message);
      }
      if ((parsed.bundle.parseStats?.lines ?? 0) === 0) return skipped('empty', 'the file is empty');
      if (parsed.notDebugLog.includes(file)) return skipped('not-a-debug-log', "no '(HH:MM:SS) category:' lines of a Pidgin/Finch debug log");
      c = parsed;
    }
    const report = caseReport ?? diagnoseCollection(c!, { startedAt: started, now: deps.now(), version: deps.version, engine: deps.diagnose, rules: deps.rules, only: opts.only, skip: opts.skip });
    const code = exitCodeFor(report);
    const result: FileResult = { file, kind: input.kind, status: code === 3 ? 'error' : code === 1 ? 'problem' : 'ok', report };
    return opts.pseudonymizer ? pseudonymizeResult(result, opts.pseudonymizer) : result;
  } catch (err) {
    return { file, kind: input.kind, status: 'error', skip: { reason: 'internal-error', message: err instanceof Error ? err.message : String(err) } };
  }
}

/**
 * The result with personal data replaced by the batch's pseudonyms, file names too
 * (`jsmith@contoso-corp.com.log`: the batch registered them in input order).
 */
export function pseudonymizeResult(result: FileResult, p: Pseudonymizer): FileResult {
  const file = p.pseudonymize(result.file);
  const skip = result.skip ? { ...result.skip, message: p.pseudonymize(result.skip.message) } : undefined;
  return { ...result, file, ...(skip ? { skip } : {}), ...(result.report ? { report: pseudonymizeDeep(result.report, p) } : {}) };
}
