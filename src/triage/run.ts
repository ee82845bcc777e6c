import type { BatchIo } from '../pipeline/io.js';
import { createPseudonymizer } from '../report/pii.js';
import { RedactionMemo, redactSecretsDeep } from '../redact/index.js';
import { summarize, TriageAggregator } from './aggregate.js';
import { analyzeFile, pseudonymizeResult, type TriageDeps } from './analyze-file.js';
import { walkInputs } from './discover.js';
import { poolThreads, type FilePool } from './file-pool.js';
import { mapOrdered } from './pool.js';
import { createProgress } from './progress.js';
import { createRenderer, type TriageFormat } from './render/index.js';
import { stdoutSink, type OpenAtomicFile, type OutputSink } from './sink.js';
import { resolve } from 'node:path';
import { LineSpool } from './spool.js';
import type { FileResult, TriageInput, TriageTotals } from './types.js';

export interface TriageOptions {
  inputs: readonly string[];
  format: TriageFormat;
  concurrency: number;
  /**
   * Worker threads analysing files (when the deps can start them): default one per core but one
   * (the main thread pseudonymizes, renders and writes), at least one, at most `concurrency`;
   * 0 = everything in the main thread.
   */
  threads?: number | undefined;
  /** pseudonymize personal data in reports and replies (default on) */
  redactPii: boolean;
  output?: string | undefined;
  color: boolean;
  verbose: boolean;
  progress: boolean;
  only?: string[] | undefined;
  skip?: string[] | undefined;
  /** opens --output (the CLI passes the one atomic writer) */
  openFile?: OpenAtomicFile | undefined;
}

export interface TriageResult {
  exitCode: 0 | 1 | 2 | 3;
  totals: TriageTotals;
}

export const DEFAULT_CONCURRENCY = 4;
/** Below this many files a batch runs in the main thread: starting workers would cost more than it saves. */
export const POOL_MIN_FILES = 6;
/**
 * Values remembered per kind of pseudonym (users, hosts, domains, addresses): bounds the batch's
 * memory at any number of users. Beyond it the least recently seen are forgotten; a placeholder
 * is never reused for another value (see createPseudonymizer).
 */
export const PSEUDONYM_TABLE_CAP = 20_000;

/** The inputs hold no file to diagnose (the CLI makes it a usage error, exit 2). */
export class NothingToTriageError extends Error {
  override readonly name = 'NothingToTriageError';
}

/**
 * Triage a batch: find the files, diagnose them `concurrency` at a time, write each file's line
 * as soon as it is done (in input order), then the grouped summary. Memory: per-group counters
 * and the in-flight files only; lines that must follow the summary are spooled to disk.
 * Exit: 3 if any file crashed the diagnosis, 2 if nothing could be read, 1 if any file had a
 * problem, else 0.
 */
export async function runTriage(opts: TriageOptions, io: BatchIo, deps: TriageDeps): Promise<TriageResult> {
  const startedAt = io.now();
  const walker = walkInputs(opts.inputs, io.cwd);
  // a few files decide whether the batch is worth worker threads; the rest stream from the walk
  const head: TriageInput[] = [];
  let walked = false;
  while (head.length < POOL_MIN_FILES) {
    const r = await walker.next();
    if (r.done) {
      walked = true;
      break;
    }
    head.push(r.value);
  }
  if (head.length === 0) throw new NothingToTriageError(`nothing to triage: no files under ${opts.inputs.join(', ')}.`);
  async function* listed(): AsyncGenerator<TriageInput> {
    yield* head;
    if (!walked) yield* walker;
  }
  async function* inputs(): AsyncGenerator<TriageInput> {
    for await (const input of listed()) {
      if (opts.redactPii) pseudonymizer.registerFile(input.display);
      yield input;
    }
  }
  const total = !opts.progress ? 0 : walked ? head.length : await countInputs(opts.inputs, io.cwd);
  const renderer = createRenderer(opts.format, { color: opts.color, verbose: opts.verbose });
  const aggregator = new TriageAggregator();
  const pseudonymizer = createPseudonymizer({ maxEntries: PSEUDONYM_TABLE_CAP });
  // file names are registered in input order, so a name maps the same whatever order the workers finish in
  if (opts.redactPii) for (const name of opts.inputs) pseudonymizer.registerFile(name);
  const progress = createProgress(io.stderr, total, { enabled: opts.progress, now: () => io.now().getTime() });
  if (opts.output && !opts.openFile) throw new Error('triage --output needs a file opener');
  const sink: OutputSink = opts.output && opts.openFile ? await opts.openFile(resolve(io.cwd, opts.output)) : stdoutSink(io.stdout);
  const spool = renderer.order === 'after-summary' ? new LineSpool() : undefined;
  const threads = opts.threads ?? poolThreads(opts.concurrency, walked ? head.length : Infinity);
  const pool: FilePool | undefined = deps.startPool && threads > 0 && !(walked && head.length < POOL_MIN_FILES) ? deps.startPool(threads) : undefined;
  const select = { only: opts.only, skip: opts.skip };
  // the texts every report repeats (titles, remediation, rule ids) are redacted once per batch
  const redactionMemo = new RedactionMemo();
  if (!pool && deps.catalogs === undefined && deps.loadCatalogs) deps = { ...deps, catalogs: await deps.loadCatalogs() };
  const one = async (input: TriageInput): Promise<FileResult> => {
    // listed-only entries (unreadable, special files) need no thread
    if (!pool || input.error !== undefined || input.skip !== undefined) return analyzeFile(input, deps, select);
    try {
      return await pool.analyze({ input, ...select });
    } catch (err) {
      return { file: input.display, kind: input.kind, status: 'error', skip: { reason: 'internal-error', message: err instanceof Error ? err.message : String(err) } };
    }
  };
  try {
    if (renderer.head) await sink.write(renderer.head());
    // with threads: for each, a file at work and one waiting in it, and as many done or queued, so
    // a slow file at the head of the order does not leave the threads without work
    const width = Math.max(opts.concurrency, pool ? pool.threads * 4 : 1);
    for await (const raw of mapOrdered(inputs(), width, one)) {
      // pseudonyms are given here, in input order: the same numbering at any concurrency; then the
      // one redactor, before anything of the file reaches the summary or any format
      const result = redactSecretsDeep(opts.redactPii ? pseudonymizeResult(raw, pseudonymizer) : raw, redactionMemo);
      const s = summarize(result, pseudonymizer);
      aggregator.add(s);
      const chunk = renderer.file(result, s);
      if (spool) await spool.write(chunk);
      else await sink.write(chunk);
      progress.tick();
    }
    progress.done();
    const totals = redactSecretsDeep(aggregator.totals());
    const run = {
      version: deps.version,
      startedAt: startedAt.toISOString(),
      durationMs: Math.max(0, io.now().getTime() - startedAt.getTime()),
      inputs: opts.redactPii ? opts.inputs.map((i) => pseudonymizer.pseudonymize(i)) : opts.inputs,
      redactPii: opts.redactPii,
    };
    const summary = renderer.summary(totals, run);
    if (spool) {
      await sink.write(summary);
      for await (const chunk of spool.drain()) await sink.write(chunk);
    }
    if (renderer.tail) await sink.write(renderer.tail(totals, run));
    if (!spool) await sink.write(summary);
    await sink.commit();
    if (opts.output) io.stderr.write(`sipe-doctor: triage of ${totals.files} files written to ${opts.output}\n`);
    return { exitCode: exitCodeOf(totals), totals };
  } catch (err) {
    progress.done();
    await sink.abort();
    throw err;
  } finally {
    await pool?.close();
    await spool?.close();
    await walker.return(undefined);
  }
}

/** The number of files a batch will list (a second, cheap walk, for the progress bar only). */
async function countInputs(inputs: readonly string[], cwd: string): Promise<number> {
  let n = 0;
  for await (const _ of walkInputs(inputs, cwd)) n += 1;
  return n;
}

export function exitCodeOf(t: TriageTotals): 0 | 1 | 2 | 3 {
  if (t.errors > 0) return 3;
  if (t.diagnosed === 0) return 2;
  return t.problems > 0 ? 1 : 0;
}
