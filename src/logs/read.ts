/**
 * The only I/O in src/logs: turns a path (or `-` for stdin) into the log's bytes as UTF-8 (what the
 * analysis scans, scan.ts), streaming with bounded memory. Handles gzip (by magic bytes, with
 * decompression size and ratio limits), UTF-8 / UTF-16 (BOM or NUL pattern) / Windows-1252 (decoded
 * line by line later), and refuses directories and binary files. `readLogLines` gives the decoded
 * lines instead (CRLF/LF/CR, a per-line length cap), for callers that want text.
 */
import { constants, createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { LineDecoder, looksBinary, sniffBom } from './decode.js';
import { ByteLineSplitter, DEFAULT_LINE_CAP } from './split.js';
import type { RandomAccess } from './light.js';
import type { LogLine } from './types.js';

/** A problem with the input itself (missing, unreadable, a directory, binary): exit code 2, no stack. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

export interface ReadIo {
  stdin: NodeJS.ReadableStream;
}

export interface ReadOptions {
  /** bytes kept per line; longer lines are cut and flagged `truncated` (readLogLines) */
  lineCap?: number;
  /** a problem that still leaves something to analyse (a truncated .gz): the message, for the report */
  onWarning?: (message: string) => void;
  /** a .gz file may inflate to at most this many bytes */
  maxInflatedBytes?: number;
  /** …and, past the first 64 MiB, to at most this many times the compressed bytes read */
  maxInflateRatio?: number;
  /**
   * Read only a regular file: the file is opened without blocking and checked after opening, so a
   * FIFO, device or socket put in its place after a directory listing is refused (InputError)
   * instead of waited on. Batch reading (triage) sets it; `analyze` accepts pipes and devices.
   */
  regularOnly?: boolean;
}

const HEAD_BYTES = 4096;
const CHUNK_BYTES = 256 * 1024;
/**
 * Decompression limits. Debug logs compress 5–30× (a reconnect loop repeating the same lines up to
 * ~100×); a "text bomb" far more. Past 64 MiB of output a .gz may not inflate beyond 250× what was
 * read of it, nor beyond 8 GiB in all (a week of `--debug` is 1–2 GB).
 */
export const MAX_INFLATED_BYTES = 8 * 1024 ** 3;
export const MAX_INFLATE_RATIO = 250;
const RATIO_CHECKED_AFTER = 64 * 1024 ** 2;

function describe(input: string): string {
  return input === '-' ? 'standard input' : `'${input}'`;
}

/** Size on disk of a log file (undefined for stdin, pipes and what cannot be read): a hint for how to read it. */
export async function inputSize(input: string): Promise<number | undefined> {
  if (input === '-') return undefined;
  try {
    const info = await stat(input);
    return info.isFile() ? info.size : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A regular, uncompressed UTF-8 file read at any offset, the offsets being those of readLogBytes'
 * stream (a UTF-8 BOM is skipped): undefined for stdin, pipes, .gz and UTF-16 files, whose stream
 * offsets are not file offsets. Each read opens the file anew (a few reads per analysis) and reuses one buffer.
 */
export async function randomAccess(input: string): Promise<RandomAccess | undefined> {
  if (input === '-') return undefined;
  let shift: number;
  let size: number;
  try {
    const handle = await open(input, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
    try {
      const info = await handle.stat();
      if (!info.isFile()) return undefined;
      const head = Buffer.alloc(4);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      if (head[0] === 0x1f && head[1] === 0x8b) return undefined;
      const { encoding, bomLength } = sniffBom(head.subarray(0, bytesRead));
      if (encoding !== 'utf-8') return undefined;
      shift = bomLength;
      size = info.size - bomLength;
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
  let scratch = Buffer.alloc(0);
  return {
    size,
    async readAt(position, length) {
      const handle = await open(input, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
      try {
        const want = Math.max(0, Math.min(length, size - position));
        if (scratch.length < want) scratch = Buffer.allocUnsafe(want);
        const { bytesRead } = await handle.read(scratch, 0, want, position + shift);
        return scratch.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
  };
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

/** What a non-regular file is, for messages. */
export function fileTypeName(info: { isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean; isDirectory(): boolean }): string {
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  if (info.isDirectory()) return 'a directory';
  return 'not a regular file';
}

/** A read stream on a regular file only, opened with O_NONBLOCK so that opening a FIFO cannot hang. */
async function openRegular(input: string): Promise<AsyncIterable<unknown>> {
  let handle;
  try {
    handle = await open(input, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (err) {
    throw new InputError(`cannot read ${describe(input)}: ${fsReason(err)}`);
  }
  const info = await handle.stat().catch(async (err: unknown) => {
    await handle.close();
    throw new InputError(`cannot read ${describe(input)}: ${fsReason(err)}`);
  });
  if (!info.isFile()) {
    await handle.close();
    throw new InputError(`${describe(input)} is ${fileTypeName(info)}, not a log file: not read`);
  }
  return handle.createReadStream({ highWaterMark: CHUNK_BYTES });
}

/** Raw chunks of the file or stdin. */
async function* rawChunks(input: string, io: ReadIo, regularOnly = false): AsyncGenerator<Buffer> {
  const source: AsyncIterable<unknown> =
    input === '-' ? (io.stdin as AsyncIterable<unknown>) : regularOnly ? await openRegular(input) : createReadStream(input, { highWaterMark: CHUNK_BYTES });
  try {
    for await (const chunk of source) yield toBuffer(chunk);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot read ${describe(input)}: ${fsReason(err)}`);
  }
}

/** The chunks, the first one at least HEAD_BYTES long when the input is. */
async function* withHead(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const it = chunks[Symbol.asyncIterator]();
  const first: Buffer[] = [];
  let length = 0;
  while (length < HEAD_BYTES) {
    const r = await it.next();
    if (r.done) break;
    first.push(r.value);
    length += r.value.length;
  }
  if (length > 0) yield Buffer.concat(first, length);
  for (;;) {
    const r = await it.next();
    if (r.done) return;
    yield r.value;
  }
}

interface Limits {
  maxBytes: number;
  maxRatio: number;
}

function mib(n: number): string {
  return `${Math.round(n / 1024 ** 2).toLocaleString('en')} MiB`;
}

/** Inflate a gzip stream within the limits; a cut-off end is a warning, anything else an InputError. */
async function* gunzip(input: string, chunks: AsyncGenerator<Buffer>, limits: Limits, onWarning: ((m: string) => void) | undefined): AsyncGenerator<Buffer> {
  let compressed = 0;
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const c of chunks) {
      compressed += c.length;
      yield c;
    }
  }
  const inflater = createGunzip({ chunkSize: CHUNK_BYTES });
  const out = pipeline(Readable.from(counted()), inflater, () => undefined);
  let inflated = 0;
  try {
    for await (const chunk of out) {
      const b = toBuffer(chunk);
      inflated += b.length;
      const ratio = inflated / Math.max(1, compressed);
      if (inflated > limits.maxBytes || (inflated > RATIO_CHECKED_AFTER && ratio > limits.maxRatio)) {
        out.destroy();
        throw new InputError(inflated > limits.maxBytes
          ? `${describe(input)} inflates to more than ${mib(limits.maxBytes)}: not analysed (is it a decompression bomb? decompress it yourself to analyse it anyway)`
          : `${describe(input)} inflates more than ${limits.maxRatio}× (${mib(compressed)} to over ${mib(inflated)}): not analysed (a decompression bomb? decompress it yourself to analyse it anyway)`);
      }
      yield b;
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'Z_BUF_ERROR' && inflated > 0) {
      // a cut-off attachment: what is there is analysed, and the report says it is incomplete
      onWarning?.(`${describe(input)} is a truncated gzip file (it ends inside the compressed data): only the first ${mib(inflated)} of the log could be read`);
      return;
    }
    if (inflated > 0) {
      onWarning?.(`${describe(input)} has ${(err as Error).message} after ${mib(inflated)} of log: the rest of the file was not read`);
      return;
    }
    throw new InputError(`${describe(input)} looks gzip-compressed but cannot be decompressed: ${(err as Error).message}`);
  }
}

/** The input's bytes, decompressed when it is gzip. */
async function* decompressed(input: string, io: ReadIo, opts: ReadOptions): AsyncGenerator<Buffer> {
  const chunks = withHead(rawChunks(input, io, opts.regularOnly === true));
  const head = await chunks.next();
  if (head.done) return;
  if (!(head.value[0] === 0x1f && head.value[1] === 0x8b)) {
    yield head.value;
    yield* chunks;
    return;
  }
  async function* replay(): AsyncGenerator<Buffer> {
    yield head.value as Buffer;
    yield* chunks;
  }
  const limits = { maxBytes: opts.maxInflatedBytes ?? MAX_INFLATED_BYTES, maxRatio: opts.maxInflateRatio ?? MAX_INFLATE_RATIO };
  yield* gunzip(input, replay(), limits, opts.onWarning);
}

/**
 * Stream the bytes of a debug log as UTF-8 (a UTF-16 file is transcoded, a BOM removed). Errors
 * about the input are InputError; a truncated .gz is read as far as it goes and `onWarning` says so.
 */
export async function* readLogBytes(input: string, io: ReadIo, opts: ReadOptions = {}): AsyncGenerator<Buffer> {
  await checkLogInput(input);
  const chunks = withHead(decompressed(input, io, opts));
  const first = await chunks.next();
  if (first.done) return;
  const { encoding, bomLength } = sniffBom(first.value);
  if (encoding === 'utf-8') {
    const head = first.value.subarray(bomLength);
    if (looksBinary(head)) throw new InputError(`${describe(input)} looks like a binary file, not a Pidgin/Finch debug log (text)`);
    yield head;
    yield* chunks;
    return;
  }
  const decoder = new TextDecoder(encoding);
  yield Buffer.from(decoder.decode(first.value.subarray(bomLength), { stream: true }), 'utf8');
  for await (const c of chunks) yield Buffer.from(decoder.decode(c, { stream: true }), 'utf8');
  yield Buffer.from(decoder.decode(), 'utf8');
}

/** Stream the decoded lines of a debug log. Errors about the input are InputError. */
export async function* readLogLines(input: string, io: ReadIo, opts: ReadOptions = {}): AsyncGenerator<LogLine> {
  const splitter = new ByteLineSplitter(opts.lineCap ?? DEFAULT_LINE_CAP);
  const decoder = new LineDecoder();
  let no = 0;
  const line = (l: { bytes: Buffer; truncated: boolean }): LogLine => {
    no += 1;
    const text = decoder.decode(l.bytes);
    return l.truncated ? { no, text, truncated: true } : { no, text };
  };
  for await (const chunk of readLogBytes(input, io, opts)) for (const l of splitter.push(chunk)) yield line(l);
  for (const l of splitter.end()) yield line(l);
}
