import { PassThrough, Readable } from 'node:stream';
import type { CliIo } from '../../src/cli/io.js';

/** A CliIo for in-process tests of commands (any helper's): captures stdout/stderr, scripted stdin, fixed clock. */
export interface FakeIo extends CliIo {
  out(): string;
  err(): string;
  /** simulate Ctrl-C (calls the handlers registered through onInterrupt) */
  interrupt(): void;
  /** write to a live stdin (only when created with `stdin: 'live'`) */
  stdinWrite(text: string): void;
  stdinEnd(): void;
}

export interface FakeIoOptions {
  /** text / bytes for stdin, or 'live' for a stream the test feeds and ends itself (default: empty) */
  stdin?: string | Uint8Array | 'live';
  env?: Record<string, string | undefined>;
  isTTY?: boolean;
  stderrIsTTY?: boolean;
  /** fixed clock (default 2025-01-15T10:00:00.000Z) */
  now?: Date;
  cwd?: string;
  /** terminal width (default: not a terminal) */
  columns?: number;
}

export function createFakeIo(opts: FakeIoOptions = {}): FakeIo {
  const out: string[] = [];
  const err: string[] = [];
  const handlers = new Set<() => void>();
  const live = opts.stdin === 'live' ? new PassThrough() : undefined;
  const stdin: NodeJS.ReadableStream =
    live ?? Readable.from(opts.stdin === undefined || opts.stdin === 'live' ? [] : [Buffer.from(opts.stdin)]);
  let interrupted = false;
  const now = opts.now ?? new Date('2025-01-15T10:00:00.000Z');
  return {
    stdout: { write: (s: string) => out.push(String(s)) },
    stderr: { write: (s: string) => err.push(String(s)) },
    stdin,
    env: opts.env ?? {},
    isTTY: opts.isTTY ?? false,
    stderrIsTTY: opts.stderrIsTTY ?? false,
    now: () => new Date(now),
    cwd: opts.cwd ?? process.cwd(),
    onInterrupt(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    wasInterrupted: () => interrupted,
    columns: opts.columns,
    out: () => out.join(''),
    err: () => err.join(''),
    interrupt() {
      if (handlers.size > 0) interrupted = true;
      for (const h of [...handlers]) h();
    },
    stdinWrite(text) {
      live?.write(text);
    },
    stdinEnd() {
      live?.end();
    },
  };
}
