/**
 * Both cores on one file: the reading half of the analysis (scan, decode, redact: scan-batch.ts)
 * runs in a worker thread while this thread tokenizes and recognizes. node's own worker_threads:
 * a single long-lived worker per file needs no pool library; the batches are one string and one
 * transferred number array each, so nothing is copied line by line.
 */
import { Worker } from 'node:worker_threads';
import { cutAtPlan, type LightPlan } from './light.js';
import { unpackBatch, type Batch, type RedactedSink } from './scan-batch.js';

/**
 * The worker holds at most a few chunks and their batches: a small young generation keeps its
 * second heap from adding tens of MB to the process (analysis of a 300 MB log stays under 200 MB).
 */
const WORKER_HEAP = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 128 };

/** chunks posted and not yet answered: bounds the memory between the threads */
const MAX_IN_FLIGHT = 4;

/** The worker can run only from the built JavaScript (tests run the TypeScript sources). */
export const workerAvailable = import.meta.url.endsWith('.js');

/** Feed `bytes` through a worker into `sink`; resolves to the number of secrets redacted. With a plan, part of it is read lightly (light.ts). */
export async function scanInWorker(bytes: AsyncIterable<Uint8Array>, sink: RedactedSink, plan?: LightPlan): Promise<number> {
  const worker = new Worker(new URL('./scan-worker.js', import.meta.url), { resourceLimits: WORKER_HEAP });
  let inFlight = 0;
  let failure: unknown;
  let redactions = 0;
  let wake: (() => void) | undefined;
  let finished: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finished = resolve;
  });
  const nudge = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  worker.on('message', (msg: { batch: Batch; done: boolean }) => {
    try {
      if (failure === undefined) unpackBatch(msg.batch, sink);
    } catch (err) {
      failure = err;
    }
    redactions = msg.batch.redactions;
    inFlight -= 1;
    if (msg.done) finished();
    nudge();
  });
  worker.on('error', (err) => {
    failure = err;
    finished();
    nudge();
  });
  try {
    const chunks = plan ? cutAtPlan(bytes, plan, (light) => worker.postMessage({ light })) : bytes;
    for await (const chunk of chunks) {
      while (inFlight >= MAX_IN_FLIGHT && failure === undefined) await new Promise<void>((resolve) => (wake = resolve));
      if (failure !== undefined) throw failure;
      const copy = new Uint8Array(chunk);
      inFlight += 1;
      worker.postMessage(copy, [copy.buffer]);
    }
    inFlight += 1;
    worker.postMessage('end');
    await done;
    if (failure !== undefined) throw failure;
    return redactions;
  } finally {
    void worker.terminate();
  }
}
