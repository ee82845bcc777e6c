import { randomBytes } from 'node:crypto';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
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

/** A file sink: a temporary file next to the target, renamed into place on commit. */
export async function fileSink(path: string, cwd: string): Promise<OutputSink> {
  const target = resolve(cwd, path);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle: FileHandle = await open(tmp, 'w', 0o644);
  let buffered: string[] = [];
  let size = 0;
  const flush = async (): Promise<void> => {
    if (size === 0) return;
    const data = buffered.join('');
    buffered = [];
    size = 0;
    await handle.write(data);
  };
  return {
    async write(text) {
      buffered.push(text);
      size += text.length;
      if (size >= 64 * 1024) await flush();
    },
    async commit() {
      await flush();
      await handle.close();
      await rename(tmp, target);
    },
    async abort() {
      await handle.close().catch(() => undefined);
      await unlink(tmp).catch(() => undefined);
    },
  };
}
