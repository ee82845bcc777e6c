/**
 * The worker-thread side of triage: analyses the files it is sent with the standard pipeline and
 * posts each FileResult back (reports are not pseudonymized here: the batch's pseudonym table
 * lives in the main thread, so placeholders stay consistent across workers).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeFile, type AnalyzeFileOptions } from './analyze-file.js';
import { standardTriageDeps } from './deps.js';
import type { FileTask } from './file-pool.js';
import type { PoolReply } from './worker-pool.js';
import type { FileResult } from './types.js';

const port = parentPort;
if (port) {
  const data = workerData as { version: string };
  const ready = standardTriageDeps(data.version);
  // files are analysed one after the other: the pool sends the next one early, so the thread finds
  // it waiting when it finishes one, but only one file's evidence is in memory at a time
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (msg: { id: number; req: FileTask }) => {
    queue = queue.then(async () => {
      let reply: PoolReply<FileResult>;
      try {
        const deps = await ready;
        const opts: AnalyzeFileOptions = { only: msg.req.only, skip: msg.req.skip };
        reply = { id: msg.id, ok: true, value: await analyzeFile(msg.req.input, deps, opts) };
      } catch (err) {
        reply = { id: msg.id, ok: false, error: err instanceof Error ? err.message : String(err) };
      }
      try {
        port.postMessage(reply);
      } catch (err) {
        // a report that cannot be cloned: the file becomes an internal error, the worker lives on
        port.postMessage({ id: msg.id, ok: false, error: `the result could not be passed back: ${(err as Error).message}` } satisfies PoolReply<FileResult>);
      }
    }).catch((err: unknown) => {
      // as before the queue: a reply that cannot be posted at all ends the thread (the pool fails its tasks)
      process.nextTick(() => {
        throw err;
      });
    });
  });
}
