/**
 * The byte scanner: UTF-8 log bytes → the lines the analysis reads, decoded; every other record is
 * recognised and skipped as bytes, never turned into a string.
 *
 * A record is libpurple's `(HH:MM:SS) category: text` line plus the continuation lines after it.
 * Its first line tells (interest.ts, from the families' declared anchors) whether anybody reads it;
 * a `sipe:` record that holds message dumps is read unless every dump in it is a SIP message no
 * family reads (not a REGISTER, nor a registration NOTIFY: no `regist` in its start line and
 * headers) or a marker without a body. A record that is not read is held back as a byte range
 * until the line after it, then dropped and only counted (lines, dumps, its time).
 *
 * Redaction: a skipped record's bytes never reach the redactor, the tokenizer or a recognizer, so
 * a secret in it cannot reach any output; and skipping it cannot weaken the redaction of the lines
 * that are read, because a record is only skipped when the line after it starts a new libpurple
 * record in the redactor's own terms (`(HH:MM:SS) category: `, RECORD_START in redact.ts) or the
 * input ends: that line closes every multi-line secret span (XML element, folded header, NTLM or
 * hex block) a skipped line could have opened, exactly as when every line was redacted. A record
 * followed by anything else (a continuation-only line, a line with another prefix, colour codes,
 * NUL bytes, a second record inside a line, an over-long line) is read as usual.
 */
import { isAscii } from 'node:buffer';
import type { DumpStyle } from './assemble.js';
import { LineDecoder } from './decode.js';
import { bytesIncludeAnyCase, Interest, startsWith, type LineInterest } from './interest.js';
import { LiteralSet } from './literal-set.js';
import { DEFAULT_LINE_CAP } from './split.js';

/** What a run of skipped records adds to the parse statistics (one object, reused: read it at once). */
export interface SkipSummary {
  lines: number;
  /** records (their first line carries the libpurple prefix) */
  records: number;
  sipeLines: number;
  sipeRecords: number;
  /** message dumps inside them */
  messages: number;
  /** their dump styles (dumpStylesOf) */
  styles: number;
  /** `HH:MM:SS` of the last one as HHMMSS (timeOfPacked) */
  lastTime: number;
}

export interface ScanSink {
  /** a line the analysis reads */
  line(no: number, text: string, truncated: boolean): void;
  /** the records skipped since the previous line read (called before the next line read, and at the end) */
  skipped(summary: Readonly<SkipSummary>): void;
}

/** a held-back record is read once it is this large (the tokenizer's record bounds are far above) */
const MAX_HELD_LINES = 4000;
const MAX_HELD_BYTES = 1 << 20;

const enum Mode {
  /** no record open (start of input, after a skipped record) */
  Idle,
  /** the open record is read: its lines go out as they come */
  Read,
  /** the open record is held back, to be skipped unless a later line of it says otherwise */
  Held,
}

const enum Dump {
  Outside,
  Header,
  Body,
}

const LF = 0x0a;
const CR = 0x0d;

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
const MESSAGE = ascii('MESSAGE ');
const MESSAGE_START = ascii('MESSAGE START ');
const MESSAGE_END = ascii('MESSAGE END ');
const SENDING = ascii('sending - ');
const RECEIVED = ascii('received - ');
/** words that make a SIP header line one to read (`DumpWatch.header`), in any case */
const SIP_HEADER_WORDS = ['regist', 'ms-diagnostics'];
/** …searched together (ASCII bytes), or one by one (bytesIncludeAnyCase, for other bytes) */
const SIP_HEADER_WORD_SET = new LiteralSet(SIP_HEADER_WORDS, true);
const SIP_HEADER_WORD_BYTES = SIP_HEADER_WORDS.map(ascii);
const SIP_STATUS = ascii('SIP/2.0 ');

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 48 && c <= 57;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12 || c === 13;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** `[\w/.+-]` */
function isCategoryChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 47 || c === 46 || c === 43 || c === 45;
}

/** `[A-Za-z0-9!#$%&'*+.^_`|~-]` (a header name character) */
function isTokenChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 33 || (c >= 35 && c <= 39) || c === 42 || c === 43
    || c === 45 || c === 46 || c === 94 || c === 95 || c === 96 || c === 124 || c === 126;
}

/**
 * `(HH:MM:SS) category: ` at s in the line [s, e), in the redactor's and the tokenizer's terms
 * (category of at most 60 characters, then `: `): the index of the category's `:`, or -1.
 */
export function recordCategoryEnd(b: Uint8Array, s: number, e: number): number {
  if (e - s < 13 || b[s] !== 0x28 || b[s + 9] !== 0x29 || b[s + 10] !== 32 || b[s + 3] !== 0x3a || b[s + 6] !== 0x3a) return -1;
  if (!(isDigit(b[s + 1]) && isDigit(b[s + 2]) && isDigit(b[s + 4]) && isDigit(b[s + 5]) && isDigit(b[s + 7]) && isDigit(b[s + 8]))) return -1;
  const c0 = b[s + 11] as number;
  if (!((c0 >= 97 && c0 <= 122) || (c0 >= 65 && c0 <= 90))) return -1;
  let j = s + 12;
  const max = Math.min(e, s + 11 + 60);
  while (j < max && isCategoryChar(b[j] as number)) j += 1;
  return b[j] === 0x3a && j + 1 < e && b[j + 1] === 32 ? j : -1;
}

/** Is the `)` at i of a line starting at s the end of a `(HH:MM:SS) ` or `(YYYY-MM-DD HH:MM:SS) ` prefix inside it (a record starting mid-line)? */
export function closesInnerPrefix(b: Uint8Array, s: number, i: number): boolean {
  return b[i + 1] === 32 && ((i - s >= 10 && b[i - 9] === 0x28) || (i - s >= 21 && b[i - 20] === 0x28));
}

/** End of [s, e) without trailing ASCII whitespace (String#trimEnd on an ASCII line). */
function trimmedEnd(buf: Uint8Array, s: number, e: number): number {
  while (e > s && isSpace(buf[e - 1] as number)) e -= 1;
  return e;
}

/**
 * The parts of the assembler's dump markers (assemble.ts FULL_START, FULL_END, SHORT) in an ASCII
 * line [s, e) after `MESSAGE START ` / `MESSAGE END ` / `MESSAGE `: `>{10}|<{10}`, ` SIP|HTTP`, an
 * optional `(0x…)`/`((nil))`. Returns the index after them, with the protocol and pointer, or -1.
 */
function markerHead(buf: Uint8Array, i: number, e: number): { at: number; sip: boolean; pointer: boolean } | -1 {
  const arrow = buf[i];
  if (arrow !== 0x3e && arrow !== 0x3c) return -1;
  for (let k = 0; k < 10; k += 1) if (buf[i + k] !== arrow) return -1;
  i += 10;
  if (buf[i] !== 32) return -1;
  i += 1;
  let sip: boolean;
  if (buf[i] === 0x53 && buf[i + 1] === 0x49 && buf[i + 2] === 0x50) {
    sip = true;
    i += 3;
  } else if (buf[i] === 0x48 && buf[i + 1] === 0x54 && buf[i + 2] === 0x54 && buf[i + 3] === 0x50) {
    sip = false;
    i += 4;
  } else {
    return -1;
  }
  let pointer = false;
  if (buf[i] === 0x28 && i < e) {
    const j = pointerEnd(buf, i + 1, e);
    if (j >= 0) {
      pointer = true;
      i = j;
    }
  }
  return { at: i, sip, pointer };
}

/** `0x[0-9a-fA-F]+)` or `(nil))` from i: the index after the `)`, or -1 */
function pointerEnd(buf: Uint8Array, i: number, e: number): number {
  if (buf[i] === 0x30 && buf[i + 1] === 0x78) {
    let j = i + 2;
    while (j < e && isHex(buf[j] as number)) j += 1;
    return j > i + 2 && buf[j] === 0x29 ? j + 1 : -1;
  }
  const nil = [0x28, 0x6e, 0x69, 0x6c, 0x29, 0x29];
  for (let k = 0; k < nil.length; k += 1) if (buf[i + k] !== nil[k]) return -1;
  return i + nil.length;
}

/** ` - \S+` to the (trimmed) end from i: true when that is all that is left */
function isTimestampTail(buf: Uint8Array, i: number, e: number): boolean {
  if (buf[i] !== 32 || buf[i + 1] !== 45 || buf[i + 2] !== 32 || i + 3 >= e) return false;
  for (let k = i + 3; k < e; k += 1) if (isSpace(buf[k] as number)) return false;
  return true;
}

type Marker = { kind: 'short' | 'start' | 'end' | 'none'; sip: boolean; pointer: boolean } | 'unsure';
const NONE: Marker = { kind: 'none', sip: false, pointer: false };

/** Is the line [s, e) one of the assembler's dump markers? `unsure` for lines it cannot tell as bytes. */
export function dumpMarker(buf: Uint8Array, s: number, e: number): Marker {
  if (!startsWith(buf, s, e, MESSAGE)) return NONE;
  if (!isAscii(buf.subarray(s, e))) return 'unsure';
  const end = trimmedEnd(buf, s, e);
  if (startsWith(buf, s, end, MESSAGE_START)) {
    const h = markerHead(buf, s + MESSAGE_START.length, end);
    return h !== -1 && isTimestampTail(buf, h.at, end) ? { kind: 'start', sip: h.sip, pointer: h.pointer } : NONE;
  }
  if (startsWith(buf, s, end, MESSAGE_END)) {
    const h = markerHead(buf, s + MESSAGE_END.length, end);
    return h !== -1 && (h.at === end || isTimestampTail(buf, h.at, end)) ? { kind: 'end', sip: h.sip, pointer: h.pointer } : NONE;
  }
  const h = markerHead(buf, s + MESSAGE.length, end);
  return h !== -1 && h.pointer && h.at === end ? { kind: 'short', sip: h.sip, pointer: true } : NONE;
}

/**
 * Follows the dumps inside a held-back `sipe:` record, line by line: counts the ones no family
 * reads and says `read` as soon as one might be read (or the bytes cannot tell). `countOnly`: every
 * SIP and HTTP dump the bytes can follow is counted, none read (light reading, see ByteScanner.switchTo).
 */
class DumpWatch {
  private state = Dump.Outside;
  private startSeen = false;
  private style: DumpStyle = 'full';
  messages = 0;
  readonly styles = new Set<DumpStyle>();

  constructor(private readonly countOnly: boolean) {}

  /** false: the record must be read (`ascii`: the buffer holds no byte ≥ 0x80) */
  line(buf: Uint8Array, s: number, e: number, ascii: boolean): boolean {
    if (this.state === Dump.Outside) return this.outside(buf, s, e);
    const m = dumpMarker(buf, s, e);
    if (m === 'unsure') return false;
    if (m.kind === 'end') {
      this.messages += 1;
      this.styles.add(this.style);
      this.state = Dump.Outside;
      return true;
    }
    return this.state === Dump.Body || this.header(buf, s, e, ascii);
  }

  /** every dump in the record ended */
  get complete(): boolean {
    return this.state === Dump.Outside;
  }

  private outside(buf: Uint8Array, s: number, e: number): boolean {
    if (startsWith(buf, s, e, SENDING) || startsWith(buf, s, e, RECEIVED)) return false; // ≤1.10 dumps: read
    const m = dumpMarker(buf, s, e);
    if (m === 'unsure') return false;
    if (m.kind === 'short') {
      // a marker without the message: nothing to read in it
      this.messages += 1;
      this.styles.add('short-pointer');
    } else if (m.kind === 'start') {
      if (!m.sip && !this.countOnly) return false; // HTTP: web tickets, autodiscover
      this.state = Dump.Header;
      this.startSeen = false;
      this.style = m.pointer ? 'full-pointer' : 'full';
    }
    return true;
  }

  /** A start or header line of a SIP message (the only part that says what the message is). */
  private header(buf: Uint8Array, s: number, e: number, ascii: boolean): boolean {
    let blank = true;
    for (let i = s; i < e; i += 1) {
      if (!isSpace(buf[i] as number)) {
        blank = false;
        break;
      }
    }
    if (blank) {
      if (this.startSeen) this.state = Dump.Body;
      return true;
    }
    if (this.countOnly) {
      this.startSeen = true;
      return true;
    }
    // REGISTER (start line, CSeq) and registration-notify (Event) are what the SIP family reads;
    // a failed answer (4xx–6xx) and any ms-diagnostics header, what the session family reads
    // (a byte ≥ 0x80 counts as a hit: bytesIncludeAnyCase)
    if (ascii ? SIP_HEADER_WORD_SET.includes(buf, s, e) : SIP_HEADER_WORD_BYTES.some((w) => bytesIncludeAnyCase(buf, s, e, w))) return false;
    const c = buf[s] as number;
    if (!this.startSeen) {
      this.startSeen = true;
      if (startsWith(buf, s, e, SIP_STATUS) && (buf[s + SIP_STATUS.length] as number) >= 0x34 && (buf[s + SIP_STATUS.length] as number) <= 0x36) return false;
      return c !== 32 && c !== 9;
    }
    if (c === 32 || c === 9) return true; // folded header line
    // anything but `Name:` could be a line a mail client wrapped, which the assembler joins back
    let i = s;
    while (i < e && isTokenChar(buf[i] as number)) i += 1;
    if (i === s) return false;
    while (i < e && (buf[i] === 32 || buf[i] === 9)) i += 1;
    return buf[i] === 0x3a;
  }
}

/** Where the next occurrence of a byte (string) is in the buffer (searched once, then reused line after line). */
class NextOf {
  private at = -2;

  constructor(private readonly byte: number | Uint8Array) {}

  /** a new buffer: `present` says whether the byte occurs in it at all */
  reset(present: boolean): void {
    this.at = present ? -2 : -1;
  }

  /** where it was found by the last `within` that said yes */
  get position(): number {
    return this.at;
  }

  /** does [s, e) contain it? (s never decreases between resets) */
  within(buf: Buffer, s: number, e: number): boolean {
    if (this.at !== -1 && this.at < s) this.at = buf.indexOf(this.byte, s);
    return this.at !== -1 && this.at < e;
  }
}

/** The record being held back (one object, reused). */
interface Held {
  /** offset of its first line in the buffer */
  start: number;
  no: number;
  lines: number;
  bytes: number;
  sipe: boolean;
  /** `HH:MM:SS` as HHMMSS */
  time: number;
  dumps: DumpWatch | undefined;
  /** its dumps are counted, never read (opened while reading lightly) */
  countDumps: boolean;
}

const STYLE_BITS: Readonly<Record<DumpStyle, number>> = { legacy: 1, full: 2, 'full-pointer': 4, 'short-pointer': 8 };

/** The dump styles of a SkipSummary bit set. */
export function dumpStylesOf(bits: number): DumpStyle[] {
  return (Object.keys(STYLE_BITS) as DumpStyle[]).filter((st) => (bits & STYLE_BITS[st]) !== 0);
}

/** HHMMSS → `HH:MM:SS` */
export function timeOfPacked(packed: number): string {
  const two = (n: number): string => (n < 10 ? `0${n}` : String(n));
  return `${two(Math.floor(packed / 10000))}:${two(Math.floor(packed / 100) % 100)}:${two(packed % 100)}`;
}

export class ByteScanner {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private no = 0;
  private mode = Mode.Idle;
  private readonly held: Held = { start: 0, no: 0, lines: 0, bytes: 0, sipe: false, time: 0, dumps: undefined, countDumps: false };
  /** records are read by `interest`; their dumps only counted (light reading) */
  private countDumps = false;
  private nextSipe = false;
  private readonly summary: SkipSummary = { lines: 0, records: 0, sipeLines: 0, sipeRecords: 0, messages: 0, styles: 0, lastTime: -1 };
  private readonly decoder = new LineDecoder();
  private bufAscii = true;
  private bufNul = false;
  private readonly nul = new NextOf(0);
  private readonly cr = new NextOf(CR);
  private readonly esc = new NextOf(0x1b);
  private readonly paren = new NextOf(0x29);
  /** the first `cap` bytes of a line longer than the cap, while the rest of it is passed over */
  private longLine: { head: Buffer; no: number } | undefined;
  private ended = false;
  /** the first line of the record being opened: category end and text start */
  private catEnd = 0;
  private textStart = 0;
  private time = 0;

  constructor(private interest: LineInterest, private readonly sink: ScanSink, private readonly cap = DEFAULT_LINE_CAP) {}

  /**
   * From the next line on, records are read as `interest` says, and with `countDumps` the message
   * dumps in them are counted, never read (light reading: light.ts). Call it between two pushes,
   * at a line start. A record already open goes on as it started.
   */
  switchTo(interest: LineInterest, countDumps: boolean): void {
    this.interest = interest;
    this.countDumps = countDumps;
  }

  get lines(): number {
    return this.no;
  }

  push(chunk: Uint8Array): void {
    const base = this.mode === Mode.Held ? this.held.start : this.pos;
    const rest = this.buf.subarray(base);
    this.buf = rest.length === 0 ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : Buffer.concat([rest, chunk]);
    this.held.start -= base;
    this.pos -= base;
    this.newBuffer();
    this.scan();
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.scan();
    if (this.longLine) this.finishLongLine();
    else if (this.pos < this.buf.length) this.onLine(this.pos, this.buf.length);
    this.pos = this.buf.length;
    this.close(true);
    this.flushSummary();
  }

  private newBuffer(): void {
    const b = this.buf;
    this.bufAscii = isAscii(b);
    this.bufNul = b.indexOf(0) >= 0;
    this.nul.reset(this.bufNul);
    this.cr.reset(b.indexOf(CR) >= 0);
    this.esc.reset(b.indexOf(0x1b) >= 0);
    this.paren.reset(true);
  }

  private scan(): void {
    const buf = this.buf;
    while (this.pos < buf.length) {
      if (this.longLine) {
        if (!this.skipLongLine()) return;
        continue;
      }
      const s = this.pos;
      const e = this.lineEnd(s);
      if (e === -1 || (buf[e] === CR && e + 1 >= buf.length && !this.ended)) {
        // an unfinished line: wait for the rest unless it is already over the cap
        if (buf.length - s > this.cap) this.startLongLine(s);
        return;
      }
      const next = buf[e] === CR && buf[e + 1] === LF ? e + 2 : e + 1;
      if (e - s > this.cap) {
        this.startLongLine(s);
        this.pos = e;
        this.finishLongLine();
        this.pos = next;
        continue;
      }
      this.onLine(s, e);
      this.pos = next;
    }
  }

  /** Index of the line end (LF or CR) at or after s, or -1. */
  private lineEnd(s: number): number {
    const e = this.buf.indexOf(LF, s);
    return this.cr.within(this.buf, s, e === -1 ? this.buf.length : e) ? this.cr.position : e;
  }

  private startLongLine(s: number): void {
    this.startRead();
    this.flushSummary();
    this.longLine = { head: Buffer.from(this.buf.subarray(s, s + this.cap)), no: ++this.no };
    this.pos = this.buf.length;
  }

  /** Pass over the rest of an over-long line: true once its end was found. */
  private skipLongLine(): boolean {
    const buf = this.buf;
    const e = this.lineEnd(this.pos);
    if (e === -1 || (buf[e] === CR && e + 1 >= buf.length && !this.ended)) {
      this.pos = buf.length;
      return false;
    }
    this.finishLongLine();
    this.pos = buf[e] === CR && buf[e + 1] === LF ? e + 2 : e + 1;
    return true;
  }

  private finishLongLine(): void {
    const l = this.longLine as { head: Buffer; no: number };
    this.longLine = undefined;
    this.sink.line(l.no, this.decoder.decode(l.head), true);
  }

  /** One complete line [s, e) (without its line end). */
  private onLine(s: number, e: number): void {
    if (this.isFirstLine(s, e)) {
      this.close(true);
      this.open(s, e);
      return;
    }
    if (this.mayStartRecord(s, e)) {
      // a record start the bytes cannot vouch for: the tokenizer decides, on the decoded line
      this.startRead();
      this.emit(s, e);
      return;
    }
    if (this.mode === Mode.Held) {
      this.hold(s, e);
      return;
    }
    this.mode = Mode.Read;
    this.emit(s, e);
  }

  /** Any held record is read; the line that follows is read too. */
  private startRead(): void {
    this.close(false);
    this.mode = Mode.Read;
  }

  private hold(s: number, e: number): void {
    const h = this.held;
    this.no += 1;
    h.lines += 1;
    h.bytes += e - s;
    if (h.sipe && !h.dumps) h.dumps = new DumpWatch(h.countDumps);
    if ((h.dumps && !h.dumps.line(this.buf, s, e, this.bufAscii)) || h.lines > MAX_HELD_LINES || h.bytes > MAX_HELD_BYTES) this.release();
  }

  /**
   * `(HH:MM:SS) category: ` in the redactor's and the tokenizer's terms (category of at most 60
   * characters, then `: `), on a line without NUL, ESC or a second record inside: the bytes can
   * vouch that a new record starts here and that it closes every secret span before it.
   * Sets catEnd, textStart and time.
   */
  private isFirstLine(s: number, e: number): boolean {
    const j = recordCategoryEnd(this.buf, s, e);
    if (j < 0 || this.irregular(s, e)) return false;
    const b = this.buf;
    this.catEnd = j;
    this.textStart = j + 2;
    this.time = ((b[s + 1] as number) - 48) * 100000 + ((b[s + 2] as number) - 48) * 10000 + ((b[s + 4] as number) - 48) * 1000
      + ((b[s + 5] as number) - 48) * 100 + ((b[s + 7] as number) - 48) * 10 + ((b[s + 8] as number) - 48);
    return true;
  }

  /** NUL (stripped when decoding), ESC (colour codes) or a record starting inside the line: `(` 9 or 20 bytes before `) `. */
  private irregular(s: number, e: number): boolean {
    const b = this.buf;
    if (this.nul.within(b, s, e) || this.esc.within(b, s, e)) return true;
    for (let from = s; this.paren.within(b, from, e); from = this.paren.position + 1) {
      if (closesInnerPrefix(b, s, this.paren.position)) return true;
    }
    return false;
  }

  /**
   * Could the tokenizer take this line for a record start (another prefix: a date, `[date]`,
   * `(date time)`, colour codes…), or is it otherwise one to read as text? (conservative)
   */
  private mayStartRecord(s: number, e: number): boolean {
    if (this.irregular(s, e)) return true;
    const b = this.buf;
    let i = s;
    while (i < e && isSpace(b[i] as number)) i += 1;
    const c = b[i];
    if (c === undefined || i >= e) return false;
    if (c >= 0x80) return true;
    if (c === 0x28 || c === 0x5b) return isDigit(b[i + 1]);
    return isDigit(c) && isDigit(b[i + 1]) && isDigit(b[i + 2]) && isDigit(b[i + 3]) && b[i + 4] === 0x2d;
  }

  /** A new record starts at [s, e) (isFirstLine said so). */
  private open(s: number, e: number): void {
    const buf = this.buf;
    const ci = this.interest.category(buf, s + 11, this.catEnd);
    const sipe = this.interest.isSipe(ci);
    let interest = Interest.Skip;
    if (ci) {
      interest = this.interest.interest(ci, buf, this.textStart, e);
      if (sipe) {
        // a family waits for this record, whatever it says; and it may itself make one wait for the next
        if (this.nextSipe && interest === Interest.Skip) interest = Interest.Read;
        this.nextSipe = interest === Interest.ReadThenNextSipe;
      }
    }
    if (interest !== Interest.Skip) {
      this.mode = Mode.Read;
      this.emit(s, e);
      return;
    }
    this.mode = Mode.Held;
    this.no += 1;
    const h = this.held;
    h.start = s;
    h.no = this.no;
    h.lines = 1;
    h.bytes = e - s;
    h.sipe = sipe;
    h.time = this.time;
    h.dumps = undefined;
    h.countDumps = this.countDumps;
    // a dump marker can only start `MESSAGE `, `sending - `, `received - `: other texts need no watch until a continuation line comes
    const c = buf[this.textStart];
    if (sipe && (c === 0x4d || c === 0x73 || c === 0x72)) {
      h.dumps = new DumpWatch(h.countDumps);
      if (!h.dumps.line(buf, this.textStart, e, this.bufAscii)) this.release();
    }
  }

  /** The open record ends: a held one is skipped when `safe` (see the file comment), else read. */
  private close(safe: boolean): void {
    if (this.mode === Mode.Held) {
      const h = this.held;
      if (safe && (!h.dumps || h.dumps.complete)) this.skip(h);
      else this.release();
    }
    this.mode = Mode.Idle;
  }

  private skip(h: Held): void {
    const sum = this.summary;
    sum.lines += h.lines;
    sum.records += 1;
    if (h.sipe) {
      sum.sipeLines += h.lines;
      sum.sipeRecords += 1;
    }
    if (h.dumps) {
      sum.messages += h.dumps.messages;
      for (const st of h.dumps.styles) sum.styles |= STYLE_BITS[st];
    }
    sum.lastTime = h.time;
    // the decoder's view of the file's encoding still follows every line
    if (!this.bufAscii && !this.decoder.settled) this.eachHeldLine(h, (a, b) => this.decoder.observe(this.buf.subarray(a, b)));
  }

  /** The held record turns out to be read: its lines so far go out. */
  private release(): void {
    const h = this.held;
    this.mode = Mode.Read;
    let no = h.no;
    this.flushSummary();
    this.eachHeldLine(h, (a, b) => this.sink.line(no++, this.text(a, b), false));
  }

  /** Call `f` for each line of the held record (the last one may end the input without a line end). */
  private eachHeldLine(h: Held, f: (s: number, e: number) => void): void {
    const b = this.buf;
    let s = h.start;
    for (let n = 0; n < h.lines; n += 1) {
      let e = b.indexOf(LF, s);
      if (e === -1) e = b.length;
      const cr = b.indexOf(CR, s);
      if (cr !== -1 && cr < e) e = cr;
      f(s, e);
      s = b[e] === CR && b[e + 1] === LF ? e + 2 : e + 1;
    }
  }

  private emit(s: number, e: number): void {
    this.flushSummary();
    this.sink.line(++this.no, this.text(s, e), false);
  }

  /** The decoded line [s, e): an ASCII buffer without NUL needs no decoder. */
  private text(s: number, e: number): string {
    return this.bufAscii && !this.bufNul ? this.buf.toString('latin1', s, e) : this.decoder.decode(this.buf.subarray(s, e));
  }

  private flushSummary(): void {
    const sum = this.summary;
    if (sum.records === 0) return;
    this.sink.skipped(sum);
    sum.lines = 0;
    sum.records = 0;
    sum.sipeLines = 0;
    sum.sipeRecords = 0;
    sum.messages = 0;
    sum.styles = 0;
    sum.lastTime = -1;
  }
}
