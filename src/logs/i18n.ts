/**
 * Maps a (possibly translated) connection-error description back to its English msgid using the
 * message catalogs SIPE and Pidgin ship (loaded by i18n-load.ts). No translations live in our code.
 * Templates with `%s` (e.g. "You have been rejected by the server: %s") also yield the argument.
 */
import { matchSipeErrorText } from '../protocol/sipe-error-texts.js';

export interface CatalogEntry {
  /** `pidgin-sipe` or `pidgin` */
  domain: string;
  /** catalog language, e.g. `de`, `pt_BR` */
  language: string;
  msgid: string;
  msgstr: string;
}

export interface TranslationCatalogs {
  entries: readonly CatalogEntry[];
  /**
   * Entries whose msgids are the English texts of `entries` (one catalog per domain: every
   * language's catalog has the same msgids). When present, the English-first lookup reads only
   * these, so an English description never loads the other languages.
   */
  english?: readonly CatalogEntry[];
  /**
   * Loads further catalogs (e.g. libpurple's large pidgin.mo) only when a description did not
   * match the ones already loaded. Supplied by the I/O loader; the pure code just awaits it.
   */
  extend?: () => Promise<TranslationCatalogs>;
}

export interface Translation {
  /** the full English sentence: the msgid with its placeholders filled by the captured arguments */
  english: string;
  /** the English msgid itself when it is a template (e.g. `Web ticket request to %s failed`) */
  template?: string;
  detail?: string;
  translated: boolean;
  language?: string;
}

interface Template {
  /** the template cut at its placeholders: literal texts and argument slots, in text order */
  parts: Part[];
  /** argument number (0-based) each slot holds, in slot order */
  args: number[];
  english: string;
  language?: string;
  translated: boolean;
  /** literal characters: more literal text = more specific match */
  weight: number;
  domain: string;
}

/** A literal piece of a template, or a slot: `s` = any text (at least one character), `d` = an integer. */
type Part = string | { slot: 's' | 'd' };

interface Index {
  exact: Map<string, { english: string; language?: string; translated: boolean; domain: string }>;
  templates: Template[];
}

const indexCache = new WeakMap<TranslationCatalogs, Index>();
const englishCache = new WeakMap<TranslationCatalogs, Index>();

const PLACEHOLDER = /%(?:\d+\$)?(?:l{0,2}|z|h)?([sdiuc])/g;

/** Whitespace-insensitive key: mail clients re-wrap lines, SIPE's own texts contain `\n`. */
function norm(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Argument number of each placeholder, in text order (`%2$s` is argument 1; plain ones count up). */
function placeholderArgs(text: string): number[] {
  let next = 0;
  return [...text.matchAll(PLACEHOLDER)].map((m) => {
    const pos = /^%(\d+)\$/.exec(m[0]);
    return pos ? Number(pos[1]) - 1 : next++;
  });
}

function templateOf(text: string): { parts: Part[]; weight: number; args: number[] } | undefined {
  if (!PLACEHOLDER.test(text)) return undefined;
  PLACEHOLDER.lastIndex = 0;
  const parts: Part[] = [];
  let last = 0;
  let weight = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    const lit = text.slice(last, m.index);
    weight += lit.length;
    if (lit) parts.push(lit);
    parts.push({ slot: m[1] === 's' || m[1] === 'c' ? 's' : 'd' });
    last = (m.index ?? 0) + m[0].length;
  }
  const tail = text.slice(last);
  weight += tail.length;
  if (tail) parts.push(tail);
  if (weight < 6) return undefined; // "%s" alone or "%s: %s" would match anything
  return { parts, weight, args: placeholderArgs(text) };
}

/** Steps taken by template matching since start-up (tests check it stays linear in the input). */
let matchSteps = 0;
export function templateMatchSteps(): number {
  return matchSteps;
}

function digitsEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    i += 1;
  }
  return i;
}

/**
 * Match a whole text against a template's parts, without regular expressions: literal pieces are
 * found with startsWith/indexOf in order. Same answer as the regex `^lit(.+?)lit(-?\d+)lit$` would
 * give (text slots take the shortest text that lets the rest match, integer slots the longest),
 * but failed (part, position) pairs are remembered, so a long text that almost matches costs
 * work proportional to its length, never the exponential backtracking of nested lazy groups.
 */
const intAfterCache = new WeakMap<readonly Part[], boolean[]>();

function matchTemplate(parts: readonly Part[], text: string): string[] | undefined {
  const n = text.length;
  // cheap rejections first: fixed start and end
  const first = parts[0];
  if (typeof first === 'string' && !text.startsWith(first)) return undefined;
  const lastPart = parts[parts.length - 1];
  if (typeof lastPart === 'string' && (!text.endsWith(lastPart) || n < lastPart.length)) return undefined;
  let intAfter = intAfterCache.get(parts);
  if (!intAfter) {
    intAfter = parts.map((_, k) => parts.slice(k + 1).some((p) => typeof p !== 'string' && p.slot === 'd'));
    intAfterCache.set(parts, intAfter);
  }
  const failed = new Set<number>();
  const groups: string[] = [];
  const stride = n + 1;
  // a hard bound on the work one text may cost one template (linear in its length); past it the
  // text counts as not matching this template (only contrived texts that repeat the template's
  // own separators thousands of times get near it)
  let budget = 64 * n + 4096;
  const go = (k: number, pos: number): boolean => {
    matchSteps += 1;
    if (--budget < 0) return false;
    if (k === parts.length) return pos === n;
    const key = k * stride + pos;
    if (failed.has(key)) return false;
    const part = parts[k] as Part;
    let ok = false;
    if (typeof part === 'string') {
      ok = text.startsWith(part, pos) && go(k + 1, pos + part.length);
    } else if (part.slot === 's') {
      const next = parts[k + 1];
      if (next === undefined || (typeof next === 'string' && k + 2 === parts.length)) {
        // the argument runs to the end, or up to the last literal, which is anchored at the end
        const at = n - (next === undefined ? 0 : next.length);
        if (at > pos) {
          groups.push(text.slice(pos, at));
          if (go(k + 1, at)) return true;
          groups.pop();
        }
      } else if (typeof next === 'string') {
        // shortest argument first: each later occurrence of the next literal, in order
        for (let at = text.indexOf(next, pos + 1); at >= 0; at = text.indexOf(next, at + 1)) {
          matchSteps += 1;
          if (--budget < 0) return false;
          groups.push(text.slice(pos, at));
          if (go(k + 1, at)) return true;
          groups.pop();
          // with only text slots left, the earliest place of each literal is the only one worth
          // trying: a later one leaves less room for the rest (no integer slot to line up)
          if (!(intAfter as boolean[])[k]) break;
        }
      } else if (n > pos) {
        // a slot right after this one: if the rest fails after one character it fails after more,
        // unless the next slot is an integer, which needs its digits where they are
        for (let at = pos + 1; at < n; at += 1) {
          matchSteps += 1;
          if (--budget < 0) return false;
          groups.push(text.slice(pos, at));
          if (go(k + 1, at)) return true;
          groups.pop();
          if (next.slot === 's') break;
        }
      }
    } else {
      const start = text.charCodeAt(pos) === 45 /* - */ ? pos + 1 : pos;
      const end = digitsEnd(text, start);
      for (let at = end; at > start; at -= 1) { // longest integer first
        matchSteps += 1;
        if (--budget < 0) return false;
        groups.push(text.slice(pos, at));
        if (go(k + 1, at)) return true;
        groups.pop();
      }
    }
    if (!ok) failed.add(key);
    return ok;
  };
  return go(0, 0) ? groups : undefined;
}

/** The English template with the arguments a (possibly translated) description supplied. */
function fillTemplate(english: string, values: ReadonlyMap<number, string>): string {
  const args = placeholderArgs(english);
  let i = 0;
  return english.replace(PLACEHOLDER, (ph) => values.get(args[i++] as number) ?? ph);
}

/**
 * The index of the catalogs: English msgids only (`english`: a few thousand texts, what nearly
 * every log needs), or English and every translation (tens of thousands, built only when a
 * description is not English).
 */
function buildIndex(c: TranslationCatalogs, english = false): Index {
  const cache = english ? englishCache : indexCache;
  const cached = cache.get(c);
  if (cached) return cached;
  const exact: Index['exact'] = new Map();
  const templates: Template[] = [];
  const seenEnglish = new Set<string>();
  const add = (text: string, english: string, translated: boolean, domain: string, language?: string): void => {
    const key = norm(text);
    if (key === '') return;
    const t = templateOf(key);
    if (t) {
      templates.push({ parts: t.parts, args: t.args, weight: t.weight, english, translated, domain, ...(language ? { language } : {}) });
      return;
    }
    const prev = exact.get(key);
    // SIPE's own catalog wins over libpurple's for the same text
    if (!prev || (prev.domain !== 'pidgin-sipe' && domain === 'pidgin-sipe')) {
      exact.set(key, { english, translated, domain, ...(language ? { language } : {}) });
    }
  };
  for (const e of english ? (c.english ?? c.entries) : c.entries) {
    if (!seenEnglish.has(`${e.domain}\0${e.msgid}`)) {
      seenEnglish.add(`${e.domain}\0${e.msgid}`);
      add(e.msgid, e.msgid, false, e.domain);
    }
  }
  if (!english) for (const e of c.entries) if (e.msgstr && e.msgstr !== e.msgid) add(e.msgstr, e.msgid, true, e.domain, e.language);
  // English first, then SIPE's domain, then the most specific template
  templates.sort((a, b) => Number(a.translated) - Number(b.translated)
    || Number(b.domain === 'pidgin-sipe') - Number(a.domain === 'pidgin-sipe')
    || b.weight - a.weight);
  const index = { exact, templates };
  cache.set(c, index);
  return index;
}

function lookup(raw: string, index: Index): Translation | undefined {
  const text = norm(raw);
  const hit = index.exact.get(text);
  if (hit) return { english: hit.english, translated: hit.translated, ...(hit.language ? { language: hit.language } : {}) };
  for (const t of index.templates) {
    const m = matchTemplate(t.parts, text);
    if (m) {
      const detail = m[0];
      const values = new Map<number, string>();
      m.forEach((g, i) => values.set(t.args[i] as number, g));
      return {
        english: fillTemplate(t.english, values),
        template: t.english,
        translated: t.translated,
        ...(detail !== undefined ? { detail } : {}),
        ...(t.language ? { language: t.language } : {}),
      };
    }
  }
  return undefined;
}

/**
 * Translate a description; undefined when no catalog knows it. Multi-line descriptions (SIPE
 * appends `\n(<server text>)` to web-ticket failures) are also tried by their first line.
 */
export function translateDescription(description: string, catalogs: TranslationCatalogs): Translation | undefined {
  const text = description.trim();
  const nl = text.indexOf('\n');
  const find = (index: Index): Translation | undefined => lookup(text, index) ?? (nl > 0 ? lookup(text.slice(0, nl).trim(), index) : undefined);
  // English first (SIPE's own texts in an English log): the small index of msgids
  return find(buildIndex(catalogs, true)) ?? find(buildIndex(catalogs));
}

/** The extra text after the first line (e.g. the server's fault in parentheses), if any. */
export function descriptionSuffix(description: string): string | undefined {
  const nl = description.indexOf('\n');
  if (nl < 0) return undefined;
  const rest = description.slice(nl + 1).trim();
  const m = /^\((.*)\)$/s.exec(rest);
  return (m ? (m[1] as string) : rest) || undefined;
}

/**
 * English for a description: SIPE's own English texts first (no catalog needs reading for them:
 * an English log is the common case), then the loaded catalogs, then the larger on-demand ones;
 * unknown text is kept as is.
 */
export async function resolveDescription(description: string, catalogs: TranslationCatalogs | undefined): Promise<Translation> {
  // also what a helpdesk PC without Pidgin's catalogs knows
  const known = matchSipeErrorText(description);
  if (known?.detail !== undefined) return { english: known.english.replace('%s', known.detail), template: known.english, detail: known.detail, translated: false };
  if (known) return { english: known.english, translated: false };
  let c = catalogs;
  if (c) {
    const hit = translateDescription(description, c);
    if (hit) return hit;
    if (c.extend) {
      c = await c.extend();
      const more = translateDescription(description, c);
      if (more) return more;
    }
  }
  return { english: description, translated: false };
}
