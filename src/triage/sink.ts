import type { OutStream } from '../pipeline/io.js';

/** Where the triage output goes: stdout (honouring back-pressure) or a file written atomically. */
export interface OutputSink {
  write(text: string): Promise<void>;
  /** finish: rename the file into place */
  commit(): Promise<void>;
  /** give up: remove the temporary file */
  abort(): Promise<void>;
}

interface DrainableStream extends OutStream {
  once?(event: 'drain', listener: () => void): unknown;
}

export function stdoutSink(out: OutStream): OutputSink {
  const stream = out as DrainableStream;
  return {
    async write(text) {
      if (text === '') return;
      const ok = stream.write(text);
      if (ok === false && typeof stream.once === 'function') await new Promise<void>((r) => stream.once?.('drain', r));
    },
    async commit() {},
    async abort() {},
  };
}

/** How a file sink is opened: the program's one atomic writer (src/adapters/atomic-file.ts), injected by the CLI. */
export type OpenAtomicFile = (path: string) => Promise<OutputSink>;
