/**
 * Splits a byte stream into lines at LF, CRLF or lone CR, with a per-line cap so that one huge
 * line (a base64 blob, a binary paste) cannot grow memory. Pure and incremental.
 */
export interface RawLine {
  bytes: Buffer;
  /** the line was longer than the cap; only its first `cap` bytes are kept */
  truncated: boolean;
}

export const DEFAULT_LINE_CAP = 64 * 1024;

export class ByteLineSplitter {
  private parts: Buffer[] = [];
  private partLength = 0;
  private overflow = false;
  private pendingCR = false;

  constructor(private readonly cap = DEFAULT_LINE_CAP) {}

  *push(chunk: Buffer): Generator<RawLine> {
    let i = 0;
    if (this.pendingCR) {
      this.pendingCR = false;
      if (chunk[0] === 0x0a) i = 1;
    }
    let nextLF = chunk.indexOf(0x0a, i);
    let nextCR = chunk.indexOf(0x0d, i);
    while (i < chunk.length) {
      if (nextLF !== -1 && nextLF < i) nextLF = chunk.indexOf(0x0a, i);
      if (nextCR !== -1 && nextCR < i) nextCR = chunk.indexOf(0x0d, i);
      const end = nextLF === -1 ? nextCR : nextCR === -1 ? nextLF : Math.min(nextLF, nextCR);
      if (end === -1) {
        this.append(chunk.subarray(i));
        return;
      }
      this.append(chunk.subarray(i, end));
      yield this.take();
      if (chunk[end] === 0x0d) {
        if (end + 1 >= chunk.length) {
          this.pendingCR = true;
          return;
        }
        i = chunk[end + 1] === 0x0a ? end + 2 : end + 1;
      } else {
        i = end + 1;
      }
    }
  }

  /** the last line when the input does not end with a line break */
  *end(): Generator<RawLine> {
    if (this.partLength > 0 || this.overflow) yield this.take();
  }

  private append(bytes: Buffer): void {
    if (bytes.length === 0) return;
    const room = this.cap - this.partLength;
    if (room <= 0) {
      this.overflow = true;
      return;
    }
    // copy: the chunk buffer may be reused by the stream
    const kept = bytes.length > room ? bytes.subarray(0, room) : bytes;
    if (bytes.length > room) this.overflow = true;
    this.parts.push(Buffer.from(kept));
    this.partLength += kept.length;
  }

  private take(): RawLine {
    const bytes = this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts, this.partLength);
    const line = { bytes, truncated: this.overflow };
    this.parts = [];
    this.partLength = 0;
    this.overflow = false;
    return line;
  }
}

/** The same for already-decoded text (UTF-16 input). */
export class TextLineSplitter {
  private buffer = '';
  private overflow = false;
  private pendingCR = false;

  constructor(private readonly cap = DEFAULT_LINE_CAP) {}

  *push(text: string): Generator<{ text: string; truncated: boolean }> {
    let i = 0;
    if (this.pendingCR) {
      this.pendingCR = false;
      if (text[0] === '\n') i = 1;
    }
    while (i < text.length) {
      const m = /[\r\n]/g;
      m.lastIndex = i;
      const hit = m.exec(text);
      if (!hit) {
        this.append(text.slice(i));
        return;
      }
      this.append(text.slice(i, hit.index));
      yield this.take();
      if (hit[0] === '\r') {
        if (hit.index + 1 >= text.length) {
          this.pendingCR = true;
          return;
        }
        i = text[hit.index + 1] === '\n' ? hit.index + 2 : hit.index + 1;
      } else {
        i = hit.index + 1;
      }
    }
  }

  *end(): Generator<{ text: string; truncated: boolean }> {
    if (this.buffer.length > 0 || this.overflow) yield this.take();
  }

  private append(text: string): void {
    const room = this.cap - this.buffer.length;
    if (text.length > room) {
      this.overflow = true;
      this.buffer += text.slice(0, Math.max(0, room));
    } else {
      this.buffer += text;
    }
  }

  private take(): { text: string; truncated: boolean } {
    const line = { text: this.buffer, truncated: this.overflow };
    this.buffer = '';
    this.overflow = false;
    return line;
  }
}
