import { SaxesParser } from 'saxes';

/**
 * A light element tree with the exact string offsets of every tag, so that `--fix` can edit one
 * element's text in place and leave every other byte of accounts.xml as it was. Offsets index the
 * JavaScript string that was scanned (saxes reports plain string indices when fed one chunk).
 */
export interface XmlNode {
  name: string;
  attrs: Readonly<Record<string, string>>;
  /** index of the `<` of the open tag */
  start: number;
  /** index just past the `>` of the open tag */
  openEnd: number;
  /** index of the `</` of the close tag (= openEnd for a self-closing element) */
  closeStart: number;
  /** index just past the `>` of the close tag */
  end: number;
  selfClosing: boolean;
  /** the element's own text content, entities decoded (text of children not included) */
  text: string;
  children: XmlNode[];
}

export type XmlScanResult =
  | { ok: true; root: XmlNode }
  | { ok: false; error: { message: string; line: number; column: number } };

/** Larger than any real accounts.xml by orders of magnitude; keeps memory bounded on garbage input. */
export const MAX_XML_CHARS = 32 * 1024 * 1024;

const STOP = Symbol('stop at the first error');

/** Parse well-formed XML into position-annotated nodes; report the first well-formedness error. */
export function scanXml(text: string): XmlScanResult {
  if (text.length > MAX_XML_CHARS) {
    return { ok: false, error: { message: `file is larger than ${MAX_XML_CHARS} characters`, line: 1, column: 1 } };
  }
  // A byte-order mark is not markup; saxes would reject it as text before the root.
  const offset = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = offset ? text.slice(1) : text;
  const parser = new SaxesParser({ position: true });
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  let failure: { message: string; line: number; column: number } | undefined;

  parser.on('error', (err) => {
    if (!failure) failure = { message: err.message.replace(/^[^:]*:\d+:\d+: /, ''), line: parser.line, column: parser.column };
    // only the first error is reported: stop here (garbage would otherwise raise one error per character)
    throw STOP;
  });
  parser.on('opentag', (tag) => {
    const openEnd = parser.position;
    const start = body.lastIndexOf('<', openEnd - 1);
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(tag.attributes)) attrs[k] = typeof v === 'string' ? v : v.value;
    const node: XmlNode = {
      name: tag.name, attrs, start: start + offset, openEnd: openEnd + offset,
      closeStart: openEnd + offset, end: openEnd + offset, selfClosing: tag.isSelfClosing, text: '', children: [],
    };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(node);
    else root ??= node;
    stack.push(node);
  });
  parser.on('closetag', (tag) => {
    const node = stack.pop();
    if (!node) return;
    const end = parser.position;
    if (!tag.isSelfClosing) {
      node.closeStart = body.lastIndexOf('</', end - 1) + offset;
      node.end = end + offset;
    }
  });
  const addText = (t: string): void => {
    const node = stack[stack.length - 1];
    if (node) node.text += t;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);

  try {
    parser.write(body).close();
  } catch (err) {
    // STOP after the first error; anything else is unexpected, but reported the same way
    if (err !== STOP) failure ??= { message: err instanceof Error ? err.message : String(err), line: parser.line, column: parser.column };
  }
  if (failure) return { ok: false, error: failure };
  if (!root) return { ok: false, error: { message: 'no root element', line: 1, column: 1 } };
  return { ok: true, root };
}

export function childrenNamed(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((c) => c.name === name);
}

export function firstChild(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}
