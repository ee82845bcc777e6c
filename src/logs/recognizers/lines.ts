/**
 * How a recognizer family says which lines it reads: per libpurple category, an ordered list of
 * rules. A rule applies to a record whose first line's text starts with one of its literal anchors
 * (or contains its literal); the first applicable rule whose regex matches handles the record.
 * The same declarations tell the reader which lines it may skip as bytes (interest.ts), so a rule
 * can never see a line its anchors do not name.
 */
import type { LogRecord } from '../types.js';

export interface LineRule<F> {
  /** the first line's text starts with one of these */
  readonly anchors?: readonly string[];
  /** …or contains this (and passes `test`, when given) */
  readonly contains?: string;
  /** …or passes this test (without `contains`, every line of the category is read: there is no literal to skip by) */
  readonly test?: (text: string) => boolean;
  /** and, when given, also contains this lower-case ASCII word in any case (a line with other than ASCII is always tried) */
  readonly alsoContains?: string;
  /** the text the regex runs on (default: the first line's text) */
  readonly input?: (r: LogRecord) => string;
  readonly re: RegExp;
  /**
   * After this line the family waits for the next `sipe:` record, whatever it says (SIPE confirms
   * or follows up on its very next line), so that record must be read too.
   */
  readonly thenNextSipe?: boolean;
  readonly on: (family: F, m: RegExpExecArray, r: LogRecord) => void;
}

/** Rules by libpurple category (`sipe`, `proxy`, `nss` …). */
export type LineRules<F> = Readonly<Record<string, readonly LineRule<F>[]>>;

const NOT_ASCII = /[^\x00-\x7f]/;

/**
 * Does `text` contain `lower` (a lower-case ASCII word) in any case? True for any text with
 * non-ASCII characters too: case mapping outside ASCII (`ı`, `ſ` upper-case to ASCII letters)
 * must not make a rule miss a line its regex and `toUpperCase()` would accept.
 */
export function includesAnyCase(text: string, lower: string): boolean {
  return NOT_ASCII.test(text) || text.toLowerCase().includes(lower);
}

function applies(rule: LineRule<unknown>, text: string): boolean {
  let hit = false;
  if (rule.anchors) {
    for (const a of rule.anchors) {
      if (text.startsWith(a)) {
        hit = true;
        break;
      }
    }
  } else if (rule.contains !== undefined) hit = text.includes(rule.contains) && (!rule.test || rule.test(text));
  else if (rule.test) hit = rule.test(text);
  return hit && (rule.alsoContains === undefined || includesAnyCase(text, rule.alsoContains));
}

/**
 * The rules (in order) that can apply to a text, by the text's first `width` characters (the
 * shortest anchor's length): rules without anchors apply to any text.
 */
interface RuleIndex {
  width: number;
  byPrefix: Map<string, readonly LineRule<unknown>[]>;
  unanchored: readonly LineRule<unknown>[];
}
const indexes = new WeakMap<readonly LineRule<unknown>[], RuleIndex>();

function ruleIndex(rules: readonly LineRule<unknown>[]): RuleIndex {
  let index = indexes.get(rules);
  if (index) return index;
  const anchors = rules.flatMap((r) => r.anchors ?? []);
  const width = Math.max(1, Math.min(16, ...anchors.map((a) => a.length)));
  const prefixes = new Set(anchors.map((a) => a.slice(0, width)));
  const byPrefix = new Map<string, readonly LineRule<unknown>[]>();
  for (const p of prefixes) byPrefix.set(p, rules.filter((r) => !r.anchors || r.anchors.some((a) => a.startsWith(p))));
  index = { width, byPrefix, unanchored: rules.filter((r) => !r.anchors) };
  indexes.set(rules, index);
  return index;
}

/** A family's rules for one category, indexed for runRules. */
export interface IndexedRules<F> {
  readonly index: RuleIndex;
  readonly rules: readonly LineRule<F>[];
}

export function indexRules<F>(rules: readonly LineRule<F>[]): IndexedRules<F> {
  return { index: ruleIndex(rules as readonly LineRule<unknown>[]), rules };
}

/** Run the first rule that applies and matches; false when none did. */
export function runRules<F>(rules: readonly LineRule<F>[] | IndexedRules<F> | undefined, family: F, r: LogRecord): boolean {
  if (!rules) return false;
  const index = 'index' in rules ? rules.index : ruleIndex(rules as readonly LineRule<unknown>[]);
  const candidates = (r.text.length >= index.width ? index.byPrefix.get(r.text.slice(0, index.width)) : undefined) ?? index.unanchored;
  for (const rule of candidates as readonly LineRule<F>[]) {
    if (!applies(rule as LineRule<unknown>, r.text)) continue;
    const m = rule.re.exec(rule.input ? rule.input(r) : r.text);
    if (!m) continue;
    rule.on(family, m, r);
    return true;
  }
  return false;
}
