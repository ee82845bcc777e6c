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
  port.on('message', (msg: { id: number; req: FileTask }) => {
    void (async () => {
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
    })();
  });
}
