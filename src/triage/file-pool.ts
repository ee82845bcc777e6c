/**
 * Triage's files analysed in worker threads: one worker per core but one (the main thread
 * pseudonymizes, renders and writes, in input order). Only from the built JavaScript: the worker
 * is a .js module.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FileResult, TriageInput } from './types.js';
import { WorkerPool } from './worker-pool.js';

export interface FileTask {
  input: TriageInput;
  only?: string[] | undefined;
  skip?: string[] | undefined;
}

export interface FilePool {
  readonly threads: number;
  analyze(task: FileTask): Promise<FileResult>;
  close(): Promise<void>;
}

/** Worker threads need the compiled worker module next to this one. */
export const filePoolAvailable = import.meta.url.endsWith('.js');

/**
 * Worker threads for a batch: one per core but one (the main thread's pseudonymizing and writing
 * takes the last), at least one, at most `concurrency` and at most one per file. Each V8 heap
 * that analyses files warms the analyser up again (on the 2-core machine two analysing heaps
 * cost about 2 CPU s more than one on a 75 MB batch), which a shared machine pays in wall time.
 */
export function poolThreads(concurrency: number, files: number, cores = availableParallelism()): number {
  return Math.max(1, Math.min(cores - 1, Math.floor(concurrency), files));
}

/**
 * Each worker is a V8 heap of its own. Its young generation is capped (V8's default lets it grow to
 * about 48 MB per heap: with two workers the batch measured in BENCHMARKS.md went from about 285 to
 * 260 MB of RSS at 16 MB, with no measurable CPU cost). The old generation is not capped: a file
 * that needs the heap must not fail in triage when `analyze` of it would succeed.
 */
export const WORKER_LIMITS = Object.freeze({ maxYoungGenerationSizeMb: 16 });

/** tasks a worker holds: the one it analyses and the next */
export const TASKS_PER_WORKER = 2;

export function startFilePool(threads: number, version: string): FilePool {
  // two tasks per worker: the next file is already in the thread when it finishes one (the worker
  // runs them one after the other), so it never waits for a busy main thread to send it work
  const pool = new WorkerPool<FileTask, FileResult>(threads, () => new Worker(new URL('./file-worker.js', import.meta.url), { workerData: { version }, resourceLimits: WORKER_LIMITS }), TASKS_PER_WORKER);
  return {
    threads,
    analyze: (task) => pool.run(task),
    close: () => pool.close(),
  };
}
