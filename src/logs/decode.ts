/**
 * Byte → text helpers for debug logs (pure; read.ts does the I/O). Logs come from Linux (UTF-8),
 * Windows Pidgin (often Windows-1252 when saved from the Debug window) and editors (UTF-16 with BOM).
 */
import { isAscii, isUtf8 } from 'node:buffer';

/** Windows-1252 0x80–0x9F (the only range where it differs from Latin-1); undefined slots stay as is. */
const CP1252_HIGH: readonly number[] = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 1) {
    const b = bytes[i] as number;
    out += String.fromCharCode(b >= 0x80 && b <= 0x9f ? (CP1252_HIGH[b - 0x80] as number) : b);
  }
  return out;
}

export type TextEncodingGuess = 'utf-8' | 'utf-16le' | 'utf-16be';

/** BOM sniffing; returns the encoding and how many bytes the BOM takes. */
export function sniffBom(head: Uint8Array): { encoding: TextEncodingGuess; bomLength: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  // UTF-16 without BOM: every other byte NUL in ASCII text
  if (head.length >= 8) {
    let evenNul = 0;
    let oddNul = 0;
    const n = Math.min(head.length, 512) & ~1;
    for (let i = 0; i < n; i += 2) {
      if (head[i] === 0) evenNul += 1;
      if (head[i + 1] === 0) oddNul += 1;
    }
    const pairs = n / 2;
    if (oddNul > pairs * 0.6 && evenNul < pairs * 0.1) return { encoding: 'utf-16le', bomLength: 0 };
    if (evenNul > pairs * 0.6 && oddNul < pairs * 0.1) return { encoding: 'utf-16be', bomLength: 0 };
  }
  return { encoding: 'utf-8', bomLength: 0 };
}

/** True when the head of a (non-UTF-16) file looks like binary data rather than text. */
export function looksBinary(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  let bad = 0;
  const n = Math.min(head.length, 4096);
  for (let i = 0; i < n; i += 1) {
    const b = head[i] as number;
    // NUL and C0 controls other than TAB, LF, VT, FF, CR, ESC (colour codes)
    if (b === 0 || (b < 0x20 && b !== 9 && b !== 10 && b !== 11 && b !== 12 && b !== 13 && b !== 27)) bad += 1;
  }
  return bad > n * 0.1;
}

/**
 * Decodes one line's bytes. UTF-8 first; a line that is not valid UTF-8 is taken as Windows-1252
 * unless the file has already shown real multi-byte UTF-8 (then invalid bytes become U+FFFD).
 */
export class LineDecoder {
  private sawUtf8 = false;
  private cp1252 = false;

  get mode(): 'utf-8' | 'windows-1252' {
    return this.cp1252 ? 'windows-1252' : 'utf-8';
  }

  /** The file's encoding is decided: lines no longer change what decode() does. */
  get settled(): boolean {
    return this.sawUtf8 || this.cp1252;
  }

  /**
   * What decode() would learn about the file's encoding from a line that is not decoded (the byte
   * scanner skips it): valid multi-byte UTF-8 or not, from the bytes alone.
   */
  observe(bytes: Buffer): void {
    if (this.settled || isAscii(bytes)) return;
    if (!isUtf8(bytes)) this.cp1252 = true;
    // a literal U+FFFD (EF BF BD) in valid UTF-8 teaches decode() nothing either
    else if (bytes.indexOf(REPLACEMENT) < 0) this.sawUtf8 = true;
  }

  decode(bytes: Buffer): string {
    const text = bytes.toString('utf8');
    if (!this.sawUtf8 && !this.cp1252 && !text.includes('\uFFFD') && hasHighByte(bytes)) this.sawUtf8 = true;
    if (this.cp1252) return stripNul(hasHighByte(bytes) ? decodeWindows1252(bytes) : text);
    if (!text.includes('\uFFFD') || isUtf8(bytes)) return stripNul(text);
    if (this.sawUtf8) return stripNul(text);
    this.cp1252 = true;
    return stripNul(decodeWindows1252(bytes));
  }
}

const REPLACEMENT = Buffer.from([0xef, 0xbf, 0xbd]);

function hasHighByte(bytes: Buffer): boolean {
  return !isAscii(bytes);
}

function stripNul(text: string): string {
  return text.includes('\0') ? text.replace(/\0/g, '') : text;
}
