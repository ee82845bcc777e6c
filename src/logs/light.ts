/**
 * Light reading of the sign-in attempts a long log leaves out.
 *
 * Per file, the evidence keeps the last EVIDENCE_BOUNDS.attempts sign-in attempts (observations.ts);
 * the older ones are dropped whole. In a log with thousands of attempts (a day of auto-reconnects,
 * sessions appended to one file) reading those in full is most of the work and none of the result.
 * So a large plain file is first searched, as bytes, for SIPE's login lines (the line that starts
 * an attempt: recognizers/account.ts): the first one from the start, the last ones from the end.
 * If the kept attempts are a small part of the file, it is then read in three parts:
 * - up to the first login line: in full (what precedes any attempt is kept as context);
 * - from there to the login line of the attempt WARM_UP attempts before the kept ones: lightly,
 *   only the records of LIGHT_RULES (who signs in, versions, platform, connection pointers: the
 *   facts that outlive an attempt) are read, and every message dump is counted, not read;
 * - the rest, in full: the kept attempts and the WARM_UP ones before them (those are left out as
 *   usual, but the attempt state the kept ones start from is built the same way as when every
 *   attempt is read).
 * The line, record and message counts are those of a full reading (the scanner counts what it
 * skips). The attempts the analysis counts in the last part are checked against the login lines
 * found there; if they differ (a login line the byte search and the recognizers see differently,
 * a file that changed between the reads) the file is read again in full.
 */
import { LineInterest, startsWith } from './interest.js';
import { LIGHT_RULES } from './recognizers/index.js';
import { closesInnerPrefix, recordCategoryEnd } from './scan.js';
import { DEFAULT_LINE_CAP } from './split.js';

/** attempts read in full before the kept ones, so that the kept ones start from the same state */
export const WARM_UP = 2;

/** When light reading is tried, and when it is worth it. */
export interface LightLimits {
  /** files at least this large are searched */
  fromBytes: number;
  /** a light part smaller than this is not worth it */
  minLightBytes: number;
  /** the last attempts are looked for in at most this share of the file, from its end… */
  maxTailShare: number;
  /** …and at most this many bytes */
  maxTailBytes: number;
}

export const LIGHT_LIMITS: Readonly<LightLimits> = { fromBytes: 16 * 1024 * 1024, minLightBytes: 4 * 1024 * 1024, maxTailShare: 0.25, maxTailBytes: 128 * 1024 * 1024 };
/** the first login line is looked for this far into the file */
const HEAD_LIMIT = 64 * 1024 * 1024;
/** the searches read this much at a time */
const BLOCK = 1024 * 1024;

/** Where a file's light reading starts and ends (byte offsets of login lines). */
export interface LightPlan {
  /** the first login line: light reading starts here */
  lightFrom: number;
  /** the login line where full reading resumes */
  fullFrom: number;
  /** the login lines from fullFrom on: the analysis must count as many attempts there */
  fullAttempts: number;
}

/** A plain file read at any offset (offsets as in the stream the analysis reads). */
export interface RandomAccess {
  size: number;
  /** up to `length` bytes from `position`; they may be overwritten by the next call (one buffer is reused) */
  readAt(position: number, length: number): Promise<Uint8Array>;
}

const LF = 0x0a;
const LOGIN = Buffer.from("login: username '", 'latin1');
/** `(HH:MM:SS) sipe: ` then one of these right before LOGIN */
const SIPE = Buffer.from('sipe', 'latin1');
const FUNCTIONS = [Buffer.from('sipe_purple_', 'latin1'), Buffer.from('sipe_', 'latin1')];

/**
 * Is [s, e) SIPE's login line exactly as the scanner, the tokenizer and the account family all
 * take it: `(HH:MM:SS) sipe: sipe_purple_login: username '…'` (or ≤1.10 `sipe_login`), trailing
 * blanks only, no NUL, ESC or CR (but a CRLF line end), no second record inside, not over the line cap.
 * `login` is where LOGIN was found.
 */
function isLoginLine(buf: Uint8Array, s: number, e: number, login: number): boolean {
  if (e - s > DEFAULT_LINE_CAP) return false;
  // a CRLF line ends before its CR, for the scanner as here
  if (buf[e - 1] === 0x0d) e -= 1;
  if (recordCategoryEnd(buf, s, e) !== s + 11 + SIPE.length || !startsWith(buf, s + 11, e, SIPE)) return false;
  const fn = s + 11 + SIPE.length + 2;
  if (!FUNCTIONS.some((f) => login === fn + f.length && startsWith(buf, fn, e, f))) return false;
  let end = e;
  while (end > s && (buf[end - 1] === 32 || buf[end - 1] === 9 || buf[end - 1] === 11 || buf[end - 1] === 12)) end -= 1;
  // `username '(.*)'`: a closing quote after the opening one
  if (buf[end - 1] !== 0x27 || end - 1 <= login + LOGIN.length - 1) return false;
  for (let i = s; i < e; i += 1) {
    const c = buf[i] as number;
    // NUL, ESC, a CR inside, a record starting inside the line: the scanner does not vouch for it (ByteScanner.irregular)
    if (c === 0 || c === 0x1b || c === 0x0d || (c === 0x29 && closesInnerPrefix(buf, s, i))) return false;
  }
  return true;
}

/** Finds the byte offsets of the login lines in a stream of chunks (the first, and the last `keep`). */
export class LoginFinder {
  private carry: Buffer = Buffer.alloc(0);
  /** offset of carry[0] */
  private base: number;
  private firstAt = -1;
  private readonly last: number[] = [];
  private count = 0;

  /** `base`: the offset of the first chunk's first byte, which starts a line */
  constructor(private readonly keep: number, base = 0) {
    this.base = base;
  }

  push(chunk: Uint8Array): void {
    const c = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const buf = this.carry.length ? Buffer.concat([this.carry, c]) : c;
    const complete = buf.lastIndexOf(LF);
    if (complete >= 0) this.search(buf, complete + 1);
    const rest = complete >= 0 ? buf.subarray(complete + 1) : buf;
    const restAt = this.base + (complete + 1);
    // a line over the cap is cut by the reader: never a login line; keep only its start
    this.carry = Buffer.from(rest.length > DEFAULT_LINE_CAP + 1 ? rest.subarray(0, DEFAULT_LINE_CAP + 1) : rest);
    this.base = restAt;
  }

  /** The input ends (its last line may have no line end). */
  end(): void {
    if (this.carry.length) this.search(this.carry, this.carry.length);
    this.carry = Buffer.alloc(0);
  }

  /** the first login line's offset (-1: none yet) */
  get first(): number {
    return this.firstAt;
  }

  /** the last `keep` login lines' offsets, in file order */
  get lastOnes(): readonly number[] {
    return this.last;
  }

  /** login lines found */
  get found(): number {
    return this.count;
  }

  /** Login lines in [0, limit) of buf, whose lines all end before limit (or at it). */
  private search(buf: Buffer, limit: number): void {
    for (let i = buf.indexOf(LOGIN); i >= 0 && i < limit; i = buf.indexOf(LOGIN, i + 1)) {
      const s = buf.lastIndexOf(LF, i) + 1;
      let e = buf.indexOf(LF, i);
      if (e < 0 || e > limit) e = limit;
      if (!isLoginLine(buf, s, e, i)) continue;
      this.add(this.base + s);
    }
  }

  private add(at: number): void {
    this.count += 1;
    if (this.firstAt < 0) this.firstAt = at;
    this.last.push(at);
    if (this.last.length > this.keep) this.last.shift();
  }
}

/**
 * The plan for a file whose evidence keeps `kept` attempts: its first login line from the start,
 * the last kept + WARM_UP ones from the end (a block at a time, each line searched once; at most
 * `maxTailShare` of the file and `maxTailBytes`). Undefined when there are not that many, or the light
 * part would be small.
 */
export async function planLightReading(file: RandomAccess, kept: number, limits: Readonly<LightLimits> = LIGHT_LIMITS): Promise<LightPlan | undefined> {
  const want = kept + WARM_UP;
  const head = new LoginFinder(1);
  for (let pos = 0; head.first < 0 && pos < Math.min(file.size, HEAD_LIMIT); pos += BLOCK) head.push(await file.readAt(pos, BLOCK));
  const lightFrom = head.first;
  if (lightFrom < 0) return undefined;
  const tail: number[] = [];
  // [lineStart, size) is searched; lineStart is a line start (or the end)
  let lineStart = file.size;
  const floor = Math.max(lightFrom + limits.minLightBytes, file.size - Math.min(limits.maxTailBytes, Math.floor(file.size * limits.maxTailShare)));
  while (tail.length < want) {
    if (lineStart <= floor) return undefined;
    const from = Math.max(lightFrom, lineStart - BLOCK);
    const read = await file.readAt(from, lineStart - from);
    const block = Buffer.from(read.buffer, read.byteOffset, read.byteLength);
    if (block.length !== lineStart - from) return undefined; // the file changed
    // the block's first line may have begun before it: it is searched with the next block (lightFrom starts a line)
    const firstLine = from === lightFrom ? 0 : block.indexOf(LF) + 1;
    if (firstLine === 0 && from !== lightFrom) return undefined; // a line over a block long: not worth it
    const f = new LoginFinder(Infinity, from + firstLine);
    f.push(block.subarray(firstLine));
    f.end();
    tail.unshift(...f.lastOnes);
    lineStart = from + firstLine;
  }
  const fullFrom = tail[tail.length - want] as number;
  if (fullFrom <= lightFrom || fullFrom < floor) return undefined;
  return { lightFrom, fullFrom, fullAttempts: want };
}

/**
 * The chunks of `bytes`, cut at the plan's two offsets; `light(on)` is called between the piece
 * that ends at an offset and the one that starts there.
 */
export async function* cutAtPlan(bytes: AsyncIterable<Uint8Array>, plan: LightPlan, light: (on: boolean) => void): AsyncGenerator<Uint8Array> {
  const cuts: [number, boolean][] = [[plan.lightFrom, true], [plan.fullFrom, false]];
  let k = 0;
  let pos = 0;
  for await (const chunk of bytes) {
    let from = 0;
    while (k < cuts.length && (cuts[k] as [number, boolean])[0] < pos + chunk.length) {
      const [at, on] = cuts[k] as [number, boolean];
      if (at > pos + from) yield chunk.subarray(from, at - pos);
      from = Math.max(from, at - pos);
      light(on);
      k += 1;
    }
    if (from < chunk.length) yield from === 0 ? chunk : chunk.subarray(from);
    pos += chunk.length;
  }
}

let light: LineInterest | undefined;
/** What is read of an attempt that is read lightly. */
export function lightInterest(): LineInterest {
  return (light ??= new LineInterest(LIGHT_RULES));
}
