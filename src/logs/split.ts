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
