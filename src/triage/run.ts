import type { BatchIo } from '../pipeline/io.js';
import { createPseudonymizer } from '../report/pii.js';
import { redactSecretsDeep } from '../redact/index.js';
import { summarize, TriageAggregator } from './aggregate.js';
import { analyzeFile, type TriageDeps } from './analyze-file.js';
import { discoverInputs } from './discover.js';
import { mapOrdered } from './pool.js';
import { createProgress } from './progress.js';
import { createRenderer, type TriageFormat } from './render/index.js';
import { stdoutSink, type OpenAtomicFile, type OutputSink } from './sink.js';
import { resolve } from 'node:path';
import { LineSpool } from './spool.js';
import type { TriageTotals } from './types.js';

export interface TriageOptions {
  inputs: readonly string[];
  format: TriageFormat;
  concurrency: number;
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
  const inputs = await discoverInputs(opts.inputs, io.cwd);
  if (inputs.length === 0) throw new NothingToTriageError(`nothing to triage: no files under ${opts.inputs.join(', ')}.`);
  const renderer = createRenderer(opts.format, { color: opts.color, verbose: opts.verbose });
  const aggregator = new TriageAggregator();
  const pseudonymizer = createPseudonymizer();
  if (opts.redactPii) {
    // in input order, so a file is `input3.log` whatever order the workers finish in
    for (const name of opts.inputs) pseudonymizer.registerFile(name);
    for (const input of inputs) pseudonymizer.registerFile(input.display);
  }
  const progress = createProgress(io.stderr, inputs.length, { enabled: opts.progress, now: () => io.now().getTime() });
  if (opts.output && !opts.openFile) throw new Error('triage --output needs a file opener');
  const sink: OutputSink = opts.output && opts.openFile ? await opts.openFile(resolve(io.cwd, opts.output)) : stdoutSink(io.stdout);
  const spool = renderer.order === 'after-summary' ? new LineSpool() : undefined;
  try {
    if (renderer.head) await sink.write(renderer.head());
    const results = mapOrdered(inputs, opts.concurrency, (input) =>
      analyzeFile(input, deps, { only: opts.only, skip: opts.skip, ...(opts.redactPii ? { pseudonymizer } : {}) }),
    );
    for await (const raw of results) {
      // the one redactor, before anything of the file reaches the summary or any format
      const result = redactSecretsDeep(raw);
      if (opts.redactPii) {
        result.file = pseudonymizer.pseudonymize(result.file);
        if (result.skip) result.skip = { ...result.skip, message: pseudonymizer.pseudonymize(result.skip.message) };
      }
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
    await spool?.close();
  }
}

export function exitCodeOf(t: TriageTotals): 0 | 1 | 2 | 3 {
  if (t.errors > 0) return 3;
  if (t.diagnosed === 0) return 2;
  return t.problems > 0 ? 1 : 0;
}
