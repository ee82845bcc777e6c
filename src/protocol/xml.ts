/**
 * Defensive XML reading for server answers (SOAP faults, autodiscover documents). Namespace
 * prefixes are dropped, DTDs are removed before parsing and entities are never expanded (only the
 * five predefined ones and numeric references are decoded, after extraction, in bounded time).
 * Never throws: bad XML gives `undefined`.
 */
import { createRequire } from 'node:module';
import type { XMLParser as Parser } from 'fast-xml-parser';

type Fxp = typeof import('fast-xml-parser');
let fxp: Fxp | undefined;
/**
 * The parser library, loaded on first use (its one-file CommonJS build, synchronously): the log
 * recognizers import this module, and most runs never parse a document, so start-up skips the
 * ~35 files of the package's ES module tree.
 */
function lib(): Fxp {
  return (fxp ??= createRequire(import.meta.url)('fast-xml-parser') as Fxp);
}

export type XmlNode = Record<string, unknown>;

/** documents larger than this are not parsed (no server answer we read is near it) */
export const MAX_XML_CHARS = 4 * 1024 * 1024;

let parserInstance: Parser | undefined;
const parser = (): Parser => (parserInstance ??= new (lib().XMLParser)({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  textNodeName: '#text',
}));

/** Remove `<!DOCTYPE …>` (with an internal subset) so no entity definitions reach the parser. */
function stripDoctype(xml: string): string {
  const i = xml.search(/<!DOCTYPE/i);
  if (i < 0) return xml;
  const open = xml.indexOf('[', i);
  const gt = xml.indexOf('>', i);
  if (gt < 0) return xml.slice(0, i);
  if (open >= 0 && open < gt) {
    const close = xml.indexOf(']', open);
    const end = close < 0 ? -1 : xml.indexOf('>', close);
    return end < 0 ? xml.slice(0, i) : xml.slice(0, i) + xml.slice(end + 1);
  }
  return xml.slice(0, i) + xml.slice(gt + 1);
}

/** true when `xml` is well-formed (same size cap; DTD ignored) */
export function isWellFormedXml(xml: string): boolean {
  if (typeof xml !== 'string' || xml.length > MAX_XML_CHARS || xml.trim() === '') return false;
  try {
    return lib().XMLValidator.validate(stripDoctype(xml)) === true;
  } catch {
    return false;
  }
}

export function parseXml(xml: string): XmlNode | undefined {
  if (typeof xml !== 'string' || xml.length > MAX_XML_CHARS || !xml.includes('<')) return undefined;
  try {
    const doc: unknown = parser().parse(stripDoctype(xml));
    return doc !== null && typeof doc === 'object' ? (doc as XmlNode) : undefined;
  } catch {
    return undefined;
  }
}

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decode predefined and numeric character references; anything else stays as written. */
export function decodeXmlText(s: string): string {
  return s.replace(/&(#x[0-9A-Fa-f]{1,6}|#\d{1,7}|[A-Za-z]{2,4});/g, (all, ref: string) => {
    if (ref.startsWith('#')) {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(cp) && cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : all;
    }
    return PREDEFINED[ref] ?? all;
  });
}

export function asArray(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** Children named `name` (case-insensitive, namespace prefix already removed). */
export function children(node: unknown, name: string): unknown[] {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return [];
  const want = name.toLowerCase();
  const out: unknown[] = [];
  for (const [k, v] of Object.entries(node as XmlNode)) {
    if (k.toLowerCase() === want) out.push(...asArray(v));
  }
  return out;
}

export function child(node: unknown, name: string): unknown {
  return children(node, name)[0];
}

/** Text content of an element (string, or `#text` of an element with attributes), decoded and trimmed. */
export function textOf(node: unknown): string | undefined {
  if (typeof node === 'string') return decodeXmlText(node).trim();
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (node && typeof node === 'object' && !Array.isArray(node)) {
    const t = (node as XmlNode)['#text'];
    if (typeof t === 'string' || typeof t === 'number') return decodeXmlText(String(t)).trim();
  }
  return undefined;
}

export function attr(node: unknown, name: string): string | undefined {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const want = `@${name}`.toLowerCase();
  for (const [k, v] of Object.entries(node as XmlNode)) {
    if (k.toLowerCase() === want && (typeof v === 'string' || typeof v === 'number')) return decodeXmlText(String(v));
  }
  return undefined;
}

/** Depth-first search for the first element named `name` anywhere under `node` (bounded depth). */
export function findFirst(node: unknown, name: string, depth = 0): unknown {
  if (depth > 64 || !node || typeof node !== 'object') return undefined;
  if (Array.isArray(node)) {
    for (const item of node) {
      const f = findFirst(item, name, depth + 1);
      if (f !== undefined) return f;
    }
    return undefined;
  }
  const direct = child(node, name);
  if (direct !== undefined) return direct;
  for (const [k, v] of Object.entries(node as XmlNode)) {
    if (k.startsWith('@') || k === '#text') continue;
    const f = findFirst(v, name, depth + 1);
    if (f !== undefined) return f;
  }
  return undefined;
}
