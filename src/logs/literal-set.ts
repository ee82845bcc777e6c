/**
 * Does a byte range contain any of a few ASCII literals? Horspool's search for a set of strings:
 * the window is as long as the shortest literal and moves by what its last byte allows, so a line
 * without any literal costs a fraction of a byte-by-byte pass (the scanner asks this of most record
 * first lines and of every SIP header line it skips). With `foldCase` the literals match in any
 * ASCII case; bytes ≥ 0x80 are plain bytes here (callers that must treat them otherwise check the
 * range is ASCII first).
 */
const FOLD = new Uint8Array(256).map((_, c) => (c >= 65 && c <= 90 ? c | 0x20 : c));
const SAME = new Uint8Array(256).map((_, c) => c);

export class LiteralSet {
  private readonly literals: Uint8Array[];
  /** window length: the shortest literal */
  private readonly window: number;
  /** how far the window may move when its last byte is c */
  private readonly shift = new Uint8Array(256);
  /** the literals whose byte at window - 1 is c */
  private readonly endingIn: (Uint8Array[] | undefined)[] = new Array(256);
  private readonly fold: Uint8Array;

  constructor(literals: readonly string[], foldCase = false) {
    if (literals.length === 0 || literals.some((l) => l.length === 0 || /[^\x20-\x7e]/.test(l))) {
      throw new Error('LiteralSet takes non-empty printable ASCII literals');
    }
    this.fold = foldCase ? FOLD : SAME;
    this.literals = literals.map((l) => Uint8Array.from(l, (ch) => this.fold[ch.charCodeAt(0)] as number));
    this.window = Math.min(255, ...this.literals.map((l) => l.length));
    const m = this.window;
    this.shift.fill(m);
    for (const lit of this.literals) {
      for (let j = 0; j < m - 1; j += 1) {
        const c = lit[j] as number;
        this.shift[c] = Math.min(this.shift[c] as number, m - 1 - j);
        if (foldCase && c >= 97 && c <= 122) this.shift[c - 32] = this.shift[c] as number;
      }
      const last = lit[m - 1] as number;
      const forms = foldCase && last >= 97 && last <= 122 ? [last, last - 32] : [last];
      for (const c of forms) (this.endingIn[c] ??= []).push(lit);
    }
  }

  /** does [s, e) of buf contain one of the literals? */
  includes(buf: Uint8Array, s: number, e: number): boolean {
    const m = this.window;
    const fold = this.fold;
    for (let i = s; i + m <= e;) {
      const c = buf[i + m - 1] as number;
      const candidates = this.endingIn[c];
      if (candidates !== undefined) {
        for (const lit of candidates) {
          if (i + lit.length > e) continue;
          let k = 0;
          while (k < lit.length && fold[buf[i + k] as number] === lit[k]) k += 1;
          if (k === lit.length) return true;
        }
      }
      i += this.shift[c] as number;
    }
    return false;
  }
}
