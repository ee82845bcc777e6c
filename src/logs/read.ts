/**
 * The only I/O in src/logs: turns a path (or `-` for stdin) into decoded lines, streaming, with
 * bounded memory. Handles gzip (by magic bytes), UTF-8 / UTF-16 (BOM) / Windows-1252, CRLF/LF/CR,
 * and a per-line length cap.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable, pipeline } from 'node:stream';
import { constants as zlibConstants, createGunzip } from 'node:zlib';
import { LineDecoder, looksBinary, sniffBom } from './decode.js';
import { ByteLineSplitter, DEFAULT_LINE_CAP, TextLineSplitter } from './split.js';
import type { LogLine } from './types.js';

/** A problem with the input itself (missing, unreadable, a directory, binary): exit code 2, no stack. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

export interface ReadIo {
  stdin: NodeJS.ReadableStream;
}

export interface ReadOptions {
  /** bytes (or UTF-16 code units) kept per line; longer lines are cut and flagged `truncated` */
  lineCap?: number;
}

const HEAD_BYTES = 4096;

function describe(input: string): string {
  return input === '-' ? 'standard input' : `'${input}'`;
}

/** Throws InputError when `input` cannot be read as a file (stdin always passes). */
export async function checkLogInput(input: string): Promise<void> {
  if (input === '-') return;
  let info;
  try {
    info = await stat(input);
  } catch (err) {
    throw new InputError(`cannot read ${describe(input)}: ${fsReason(err)}`);
  }
  if (info.isDirectory()) throw new InputError(`${describe(input)} is a directory; give the debug log file inside it`);
  if (!info.isFile() && !info.isFIFO() && !info.isCharacterDevice()) {
    throw new InputError(`${describe(input)} is not a regular file`);
  }
}

function fsReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return err instanceof Error ? err.message : String(err);
}

function toBuffer(chunk: unknown): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
}

/** Raw chunks of the file or stdin, with the first chunk at least HEAD_BYTES long when the input is. */
async function* rawChunks(input: string, io: ReadIo): AsyncGenerator<Buffer> {
  const source: AsyncIterable<unknown> =
    input === '-' ? (io.stdin as AsyncIterable<unknown>) : createReadStream(input, { highWaterMark: 64 * 1024 });
  try {
    for await (const chunk of source) yield toBuffer(chunk);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot read ${describe(input)}: ${fsReason(err)}`);
  }
}

async function* withHead(chunks: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  const first: Buffer[] = [];
  let length = 0;
  for (;;) {
    if (length >= HEAD_BYTES) break;
    const r = await chunks.next();
    if (r.done) break;
    first.push(r.value);
    length += r.value.length;
  }
  if (length > 0) yield Buffer.concat(first, length);
  for (;;) {
    const r = await chunks.next();
    if (r.done) return;
    yield r.value;
  }
}

async function* decompressed(input: string, io: ReadIo): AsyncGenerator<Buffer> {
  const it = withHead(rawChunks(input, io)[Symbol.asyncIterator]());
  const head = await it.next();
  if (head.done) return;
  const gz = head.value[0] === 0x1f && head.value[1] === 0x8b;
  if (!gz) {
    yield head.value;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  async function* replay(): AsyncGenerator<Buffer> {
    yield head.value as Buffer;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  // Z_SYNC_FLUSH: a truncated .gz (a cut-off attachment) yields what it has instead of failing
  const gunzip = createGunzip({ finishFlush: zlibConstants.Z_SYNC_FLUSH });
  const out = pipeline(Readable.from(replay()), gunzip, () => undefined);
  try {
    for await (const chunk of out) yield toBuffer(chunk);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${describe(input)} looks gzip-compressed but cannot be decompressed: ${(err as Error).message}`);
  }
}

/** Stream the decoded lines of a debug log. Errors about the input are InputError. */
export async function* readLogLines(input: string, io: ReadIo, opts: ReadOptions = {}): AsyncGenerator<LogLine> {
  await checkLogInput(input);
  const cap = opts.lineCap ?? DEFAULT_LINE_CAP;
  const chunks = withHead(decompressed(input, io)[Symbol.asyncIterator]());
  const first = await chunks.next();
  if (first.done) return;
  const { encoding, bomLength } = sniffBom(first.value);
  let no = 0;
  if (encoding !== 'utf-8') {
    const decoder = new TextDecoder(encoding);
    const splitter = new TextLineSplitter(cap);
    const emit = function* (text: string): Generator<LogLine> {
      for (const l of splitter.push(text)) {
        no += 1;
        yield l.truncated ? { no, text: l.text, truncated: true } : { no, text: l.text };
      }
    };
    yield* emit(decoder.decode(first.value.subarray(bomLength), { stream: true }));
    for (;;) {
      const r = await chunks.next();
      if (r.done) break;
      yield* emit(decoder.decode(r.value, { stream: true }));
    }
    yield* emit(decoder.decode());
    for (const l of splitter.end()) {
      no += 1;
      yield l.truncated ? { no, text: l.text, truncated: true } : { no, text: l.text };
    }
    return;
  }
  if (looksBinary(first.value.subarray(bomLength))) {
    throw new InputError(`${describe(input)} looks like a binary file, not a Pidgin/Finch debug log (text)`);
  }
  const splitter = new ByteLineSplitter(cap);
  const decoder = new LineDecoder();
  const emit = function* (raw: Iterable<{ bytes: Buffer; truncated: boolean }>): Generator<LogLine> {
    for (const l of raw) {
      no += 1;
      const text = decoder.decode(l.bytes);
      yield l.truncated ? { no, text, truncated: true } : { no, text };
    }
  };
  yield* emit(splitter.push(first.value.subarray(bomLength)));
  for (;;) {
    const r = await chunks.next();
    if (r.done) break;
    yield* emit(splitter.push(r.value));
  }
  yield* emit(splitter.end());
}
