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
  const hit = rule.anchors
    ? rule.anchors.some((a) => text.startsWith(a))
    : rule.contains !== undefined ? text.includes(rule.contains) && (!rule.test || rule.test(text)) : rule.test ? rule.test(text) : false;
  return hit && (rule.alsoContains === undefined || includesAnyCase(text, rule.alsoContains));
}

/** Run the first rule that applies and matches; false when none did. */
export function runRules<F>(rules: readonly LineRule<F>[] | undefined, family: F, r: LogRecord): boolean {
  if (!rules) return false;
  for (const rule of rules) {
    if (!applies(rule as LineRule<unknown>, r.text)) continue;
    const m = rule.re.exec(rule.input ? rule.input(r) : r.text);
    if (!m) continue;
    rule.on(family, m, r);
    return true;
  }
  return false;
}
