import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { mapOrdered } from './pool.js';
import { WorkerPool, WorkerPoolError } from './worker-pool.js';

/** A worker that answers {id, req: n} after n ms with n*2; n < 0 kills the thread, n === 13 answers an error. */
const WORKER = `
const { parentPort, threadId } = require('node:worker_threads');
parentPort.on('message', ({ id, req }) => {
  if (req < 0) process.exit(7);
  if (req === 13) return parentPort.postMessage({ id, ok: false, error: 'unlucky' });
  setTimeout(() => parentPort.postMessage({ id, ok: true, value: { n: req * 2, thread: threadId } }), req);
});
`;

let pool: WorkerPool<number, { n: number; thread: number }> | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('WorkerPool', () => {
  it('spreads tasks over its threads and, through mapOrdered, yields them in input order', async () => {
    let created = 0;
    pool = new WorkerPool(2, () => {
      created += 1;
      return new Worker(WORKER, { eval: true });
    });
    const p = pool;
    const delays = [40, 1, 30, 2, 20, 3, 10, 0, 5, 1];
    const out: { n: number; thread: number }[] = [];
    for await (const v of mapOrdered(delays, 4, (d) => p.run(d))) out.push(v);
    expect(out.map((v) => v.n)).toEqual(delays.map((d) => d * 2));
    expect(new Set(out.map((v) => v.thread)).size).toBe(2);
    expect(created).toBe(2);
    expect(p.inFlight).toBe(0);
  });

  it('a task that fails or kills its thread fails alone; the pool replaces the thread and goes on', async () => {
    let created = 0;
    pool = new WorkerPool(1, () => {
      created += 1;
      return new Worker(WORKER, { eval: true });
    });
    await expect(pool.run(13)).rejects.toThrow('unlucky');
    await expect(pool.run(-1)).rejects.toBeInstanceOf(WorkerPoolError);
    await expect(pool.run(3)).resolves.toMatchObject({ n: 6 });
    expect(created).toBe(2);
  });

  it('close() rejects what is still in flight and refuses new tasks', async () => {
    pool = new WorkerPool(1, () => new Worker(WORKER, { eval: true }));
    const slow = pool.run(5_000).catch((err: unknown) => err);
    await pool.close();
    expect(String(await slow)).toContain('closed');
    await expect(pool.run(1)).rejects.toThrow('closed');
  });
});
