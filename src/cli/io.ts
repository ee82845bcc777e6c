/**
 * Everything the CLI touches in the outside world, injected so `main()` runs in-process in tests.
 * Commands write the report to `stdout`, everything else (progress, logs, errors) to `stderr`.
 */
import type { OutStream } from '../pipeline/io.js';

export type { OutStream } from '../pipeline/io.js';

export interface CliIo {
  stdout: OutStream;
  stderr: OutStream;
  stdin: NodeJS.ReadableStream;
  env: Readonly<Record<string, string | undefined>>;
  /** stdout is a terminal (colour default, progress output) */
  isTTY: boolean;
  stderrIsTTY: boolean;
  now(): Date;
  cwd: string;
  /**
   * Subscribe to Ctrl-C for the duration of a long operation; returns the unsubscribe function.
   * Optional: fake IOs in tests may omit it or trigger the handler themselves.
   */
  onInterrupt?(handler: () => void): () => void;
  /** true once Ctrl-C reached a handler subscribed through onInterrupt (the run then exits 130) */
  wasInterrupted?(): boolean;
  /** terminal width for help and text reports (undefined: not a terminal → 80) */
  columns?: number | undefined;
}

/** The real process, for bin/sipe-doctor.ts. */
export function realIo(): CliIo {
  let interrupted = false;
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    isTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    now: () => new Date(),
    cwd: process.cwd(),
    onInterrupt(handler) {
      // the first Ctrl-C stops the long operation; a second one falls through to Node's default (exit)
      const once = (): void => {
        process.off('SIGINT', once);
        interrupted = true;
        handler();
      };
      process.on('SIGINT', once);
      return () => process.off('SIGINT', once);
    },
    wasInterrupted: () => interrupted,
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  };
}
