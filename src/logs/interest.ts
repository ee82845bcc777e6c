/**
 * Which records the analysis reads, decided on a record's first line as bytes, without decoding it:
 * built from the line rules the recognizer families declare (recognizers/*.ts `rules`), so the
 * reader can skip every other line as bytes. Everything here is ASCII: libpurple's
 * `(HH:MM:SS) category: ` prefix and the literal anchors of SIPE's own texts.
 */
import { FAMILY_RULES } from './recognizers/index.js';
import type { LineRule } from './recognizers/lines.js';
import { LiteralSet } from './literal-set.js';

const encoder = new TextEncoder();

interface Anchor {
  bytes: Uint8Array;
  /** lower-case ASCII word the line must also contain, in any case */
  alsoContains?: Uint8Array;
  /** after such a line the next `sipe:` record is read too, whatever it says */
  thenNextSipe: boolean;
}

interface CategoryInterest {
  name: Uint8Array;
  /** every record of the category is read (a rule tests what no literal names) */
  all: boolean;
  /** anchors by their first three bytes, then the next three (keyOf: small integers, cheap to hash) */
  anchors: Map<number, Map<number, Anchor[]>>;
  /** literals a read line may contain anywhere */
  contains: string[];
  /** the same, searched as one set (built once every rule is in) */
  containsSet: LiteralSet | undefined;
}

/** The answer for one record: skip it, read it, and whether the next `sipe:` record must be read. */
export const enum Interest {
  Skip = 0,
  Read = 1,
  ReadThenNextSipe = 2,
}

/** anchors are found by their first bytes: every anchor is at least this long */
const KEY_BYTES = 6;

/** Three bytes at s as one number (below 2^24). */
function keyOf(buf: Uint8Array, s: number): number {
  return ((buf[s] as number) << 16) | ((buf[s + 1] as number) << 8) | (buf[s + 2] as number);
}

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c | 0x20 : c;
}

/** bytes [s, e) contain `word` (lower-case ASCII) in any case, or any byte ≥ 0x80 (see lines.ts includesAnyCase) */
export function bytesIncludeAnyCase(buf: Uint8Array, s: number, e: number, word: Uint8Array): boolean {
  const first = word[0] as number;
  const last = e - word.length;
  for (let i = s; i < e; i += 1) {
    const c = buf[i] as number;
    if (c >= 0x80) return true;
    if (i > last || lower(c) !== first) continue;
    let k = 1;
    while (k < word.length && lower(buf[i + k] as number) === word[k]) k += 1;
    if (k === word.length) return true;
  }
  return false;
}

/** bytes [s, e) start with `lit` */
export function startsWith(buf: Uint8Array, s: number, e: number, lit: Uint8Array): boolean {
  if (e - s < lit.length) return false;
  for (let k = 0; k < lit.length; k += 1) if (buf[s + k] !== lit[k]) return false;
  return true;
}

export class LineInterest {
  /** categories by their length, then name */
  private readonly byLength = new Map<number, CategoryInterest[]>();
  private readonly sipe: CategoryInterest;
  private readonly everything: CategoryInterest = { name: new Uint8Array(0), all: true, anchors: new Map(), contains: [], containsSet: undefined };

  /** `readAll`: every record is read (nothing is skipped as bytes) */
  constructor(families: readonly Readonly<Record<string, readonly LineRule<never>[]>>[] = FAMILY_RULES, private readonly readAll = false) {
    const byName = new Map<string, CategoryInterest>();
    for (const rules of families) {
      for (const [category, list] of Object.entries(rules)) {
        let ci = byName.get(category);
        if (!ci) {
          ci = { name: encoder.encode(category), all: false, anchors: new Map(), contains: [], containsSet: undefined };
          byName.set(category, ci);
        }
        for (const rule of list) this.addRule(ci, rule);
      }
    }
    // dumps are `sipe:` records whatever their text (scan.ts looks into them)
    if (!byName.has('sipe')) byName.set('sipe', { name: encoder.encode('sipe'), all: false, anchors: new Map(), contains: [], containsSet: undefined });
    for (const ci of byName.values()) {
      if (ci.contains.length > 0) ci.containsSet = new LiteralSet(ci.contains);
      const list = this.byLength.get(ci.name.length) ?? [];
      list.push(ci);
      this.byLength.set(ci.name.length, list);
    }
    this.sipe = byName.get('sipe') as CategoryInterest;
  }

  private addRule(ci: CategoryInterest, rule: LineRule<never>): void {
    if (rule.anchors) {
      for (const a of rule.anchors) {
        const bytes = encoder.encode(a);
        const anchor: Anchor = { bytes, thenNextSipe: rule.thenNextSipe === true };
        if (rule.alsoContains !== undefined) anchor.alsoContains = encoder.encode(rule.alsoContains);
        if (bytes.length < KEY_BYTES) throw new Error(`anchor '${a}' is shorter than ${KEY_BYTES} bytes`);
        let next = ci.anchors.get(keyOf(bytes, 0));
        if (!next) ci.anchors.set(keyOf(bytes, 0), (next = new Map()));
        const list = next.get(keyOf(bytes, 3)) ?? [];
        list.push(anchor);
        next.set(keyOf(bytes, 3), list);
      }
    } else if (rule.contains !== undefined && rule.alsoContains === undefined && !rule.thenNextSipe) {
      if (!ci.contains.includes(rule.contains)) ci.contains.push(rule.contains);
    } else {
      ci.all = true;
    }
  }

  /** The category named by bytes [s, e), if any family reads it (an opaque handle). */
  category(buf: Uint8Array, s: number, e: number): CategoryInterest | undefined {
    if (this.readAll) return startsWith(buf, s, e, this.sipe.name) && e - s === this.sipe.name.length ? this.sipe : this.everything;
    const list = this.byLength.get(e - s);
    if (!list) return undefined;
    for (const ci of list) if (startsWith(buf, s, e, ci.name)) return ci;
    return undefined;
  }

  isSipe(ci: CategoryInterest | undefined): boolean {
    return ci === this.sipe;
  }

  /** Does a family read a record of category `ci` whose first line's text is bytes [s, e)? */
  interest(ci: CategoryInterest, buf: Uint8Array, s: number, e: number): Interest {
    if (ci.all || this.readAll) return Interest.Read;
    if (e - s >= KEY_BYTES) {
      const anchors = ci.anchors.get(keyOf(buf, s))?.get(keyOf(buf, s + 3));
      if (anchors) {
        let found: Interest = Interest.Skip;
        for (const a of anchors) {
          if (!startsWith(buf, s, e, a.bytes)) continue;
          if (a.alsoContains && !bytesIncludeAnyCase(buf, s, e, a.alsoContains)) continue;
          if (a.thenNextSipe) return Interest.ReadThenNextSipe;
          found = Interest.Read;
        }
        if (found !== Interest.Skip) return found;
      }
    }
    return ci.containsSet?.includes(buf, s, e) === true ? Interest.Read : Interest.Skip;
  }
}
