import type { OutStream } from '../pipeline/io.js';

/** Batches smaller than this finish too fast for a progress bar to help. */
export const PROGRESS_MIN_FILES = 50;
const WIDTH = 28;
const EVERY_MS = 100;

export interface Progress {
  tick(): void;
  done(): void;
}

const NONE: Progress = { tick() {}, done() {} };

/**
 * `[#######.............] 2,500/10,000 files · 310 files/s` on stderr, redrawn in place at most
 * every 100 ms; only when stderr is a terminal and the batch is large.
 */
export function createProgress(stderr: OutStream, total: number, opts: { enabled: boolean; now(): number }): Progress {
  if (!opts.enabled || total < PROGRESS_MIN_FILES) return NONE;
  const started = opts.now();
  let done = 0;
  let last = 0;
  const draw = (): void => {
    const filled = Math.round((done / total) * WIDTH);
    const secs = Math.max(0.001, (opts.now() - started) / 1000);
    const rate = Math.round(done / secs);
    stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} files · ${rate} files/s\u001b[K`);
  };
  return {
    tick() {
      done += 1;
      const t = opts.now();
      if (t - last >= EVERY_MS || done === total) {
        last = t;
        draw();
      }
    },
    done() {
      stderr.write('\r\u001b[K');
    },
  };
}
