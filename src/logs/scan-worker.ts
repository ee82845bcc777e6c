/**
 * Worker thread entry: runs the reading half of the analysis (scan-batch.ts) on the chunks the
 * main thread posts, and posts the batches back, one per chunk, so that both cores work on one
 * file. It does no I/O: the main thread reads.
 */
import { parentPort } from 'node:worker_threads';
import { ScanBatcher } from './scan-batch.js';

const port = parentPort;
if (port) {
  const batcher = new ScanBatcher();
  port.on('message', (msg: Uint8Array | 'end' | { light: boolean }) => {
    if (!(msg instanceof Uint8Array) && msg !== 'end') {
      // between two chunks: no batch answers it
      batcher.setLight(msg.light);
      return;
    }
    if (msg === 'end') {
      batcher.end();
      port.postMessage({ batch: batcher.take(), done: true });
      return;
    }
    batcher.push(msg);
    const batch = batcher.take();
    port.postMessage({ batch, done: false }, [batch.meta.buffer as ArrayBuffer]);
  });
}
