/**
 * A small fixed-size pool of worker threads (node's own worker_threads). Each task is one message
 * to the least busy worker with room (`perWorker` tasks at once); the others wait in a queue. A
 * worker that dies fails only its own tasks and is replaced for the next, so one pathological
 * file cannot take the batch down.
 *
 * Why not a pool library: triage needs exactly this (ordered results come from mapOrdered, which
 * also bounds what is in flight); a dependency would add start-up cost and code we'd have to
 * audit for a ~100-line job.
 */
import type { Worker } from 'node:worker_threads';

interface Pending<Res> {
  resolve(value: Res): void;
  reject(err: Error): void;
}

interface Slot<Res> {
  worker: Worker;
  pending: Map<number, Pending<Res>>;
  dead: boolean;
}

/** What a worker posts back for task `id`. */
export type PoolReply<Res> = { id: number; ok: true; value: Res } | { id: number; ok: false; error: string };

export class WorkerPoolError extends Error {
  override readonly name = 'WorkerPoolError';
}

export class WorkerPool<Req, Res> {
  private readonly slots: (Slot<Res> | undefined)[];
  /** tasks waiting for a worker with room (FIFO) */
  private readonly queue: { req: Req; resolve(value: Res): void; reject(err: Error): void }[] = [];
  private nextId = 1;
  private closed = false;

  /**
   * `perWorker`: tasks a worker holds at once (more overlaps one task's I/O with another's CPU,
   * at the price of more memory per thread); the rest wait here.
   */
  constructor(
    readonly size: number,
    private readonly create: () => Worker,
    private readonly perWorker = 1,
  ) {
    this.slots = new Array<Slot<Res> | undefined>(Math.max(1, Math.floor(size))).fill(undefined);
  }

  /** Run one task; rejects with WorkerPoolError if the worker fails or dies while holding it. */
  run(req: Req): Promise<Res> {
    if (this.closed) return Promise.reject(new WorkerPoolError('the pool is closed'));
    return new Promise<Res>((resolve, reject) => {
      this.queue.push({ req, resolve, reject });
      this.dispatch();
    });
  }

  /** Tasks not yet answered, over all workers and the queue. */
  get inFlight(): number {
    let n = this.queue.length;
    for (const s of this.slots) n += s?.pending.size ?? 0;
    return n;
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = this.slots.filter((s): s is Slot<Res> => s !== undefined);
    this.slots.fill(undefined);
    for (const t of this.queue.splice(0)) t.reject(new WorkerPoolError('the pool was closed'));
    for (const s of all) this.fail(s, 'the pool was closed');
    await Promise.all(all.map((s) => s.worker.terminate().catch(() => undefined)));
  }

  /** Hand queued tasks to workers with room. */
  private dispatch(): void {
    while (!this.closed && this.queue.length > 0) {
      const slot = this.pick();
      if (!slot) return;
      const task = this.queue.shift() as (typeof this.queue)[number];
      const id = this.nextId++;
      slot.pending.set(id, { resolve: task.resolve, reject: task.reject });
      try {
        slot.worker.postMessage({ id, req: task.req });
      } catch (err) {
        slot.pending.delete(id);
        task.reject(new WorkerPoolError(`cannot hand the task to a worker: ${(err as Error).message}`));
      }
    }
  }

  /** An empty slot gets a new worker; otherwise the live worker with the fewest tasks, if it has room. */
  private pick(): Slot<Res> | undefined {
    let best: Slot<Res> | undefined;
    for (let i = 0; i < this.slots.length; i++) {
      const s = this.slots[i];
      if (s === undefined || s.dead) return (this.slots[i] = this.spawn());
      if (best === undefined || s.pending.size < best.pending.size) best = s;
    }
    return best !== undefined && best.pending.size < this.perWorker ? best : undefined;
  }

  private spawn(): Slot<Res> {
    const worker = this.create();
    const slot: Slot<Res> = { worker, pending: new Map(), dead: false };
    worker.on('message', (msg: PoolReply<Res>) => {
      const p = slot.pending.get(msg.id);
      if (!p) return;
      slot.pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.value);
      else p.reject(new WorkerPoolError(msg.error));
      this.dispatch();
    });
    worker.on('error', (err: Error) => this.fail(slot, `worker thread failed: ${err.message}`));
    worker.on('exit', (code) => this.fail(slot, `worker thread exited (code ${code})`));
    return slot;
  }

  private fail(slot: Slot<Res>, message: string): void {
    if (slot.dead) return;
    slot.dead = true;
    const pending = [...slot.pending.values()];
    slot.pending.clear();
    for (const p of pending) p.reject(new WorkerPoolError(message));
    // queued tasks go to a replacement worker
    queueMicrotask(() => this.dispatch());
  }
}
