import { splitAccountName } from '../protocol/account-settings.js';
import { parseAccountsXml, type SipeAccount } from './parse.js';
import { settingKeyInfo } from './settings-keys.js';
import type { XmlNode } from './xml-scan.js';

/**
 * Pure in-place edits of one account in accounts.xml: each change rewrites only the text span of
 * one element (or inserts one `<setting>` line); every other character stays as it was.
 */

export interface KeyValue {
  /** a key of SETTING_KEYS (`useragent`, `login` …), already validated */
  key: string;
  /** the stored form (normalised), '' = clear */
  value: string;
}

export interface TextEdit {
  start: number;
  end: number;
  replacement: string;
}

export interface EditPlan {
  edits: TextEdit[];
  /** changes that needed no edit (value already set) */
  unchanged: string[];
}

export function escapeXmlText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeXmlAttr(value: string): string {
  return escapeXmlText(value).replace(/'/g, '&apos;').replace(/"/g, '&quot;');
}

/** The whitespace that starts the line `pos` is on, when only whitespace precedes `pos` on it. */
function indentBefore(text: string, pos: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const lead = text.slice(lineStart, pos);
  return /^[ \t]*$/.test(lead) ? lead : undefined;
}

/** One level of indentation, learned from a node and its parent (tab when it cannot be told). */
function indentUnit(inner: string | undefined, outer: string | undefined): string {
  if (inner !== undefined && outer !== undefined && inner.length > outer.length && inner.startsWith(outer)) return inner.slice(outer.length);
  return '\t';
}

/** Replace the content of an element (or expand a self-closing one) with `escaped`. */
function setElementText(text: string, node: XmlNode, escaped: string): TextEdit {
  if (!node.selfClosing) return { start: node.openEnd, end: node.closeStart, replacement: escaped };
  const tag = text.slice(node.start, node.end).replace(/\s*\/>$/, '>');
  return { start: node.start, end: node.end, replacement: `${tag}${escaped}</${node.name}>` };
}

function newSettingElement(key: string, type: 'string' | 'bool', value: string): string {
  return `<setting name='${escapeXmlAttr(key)}' type='${type}'>${escapeXmlText(value)}</setting>`;
}

/** Insert new `<setting>` elements into the account's protocol `<settings>` (the one without `ui=`). */
function insertSettings(text: string, account: SipeAccount, elements: string[], eol: string): TextEdit {
  const block = account.spans.protocolSettings[0];
  const accountNode = account.spans.account;
  if (block) {
    const last = block.children[block.children.length - 1];
    if (last) {
      const indent = indentBefore(text, block.children[0]?.start ?? last.start) ?? '';
      return { start: last.end, end: last.end, replacement: elements.map((e) => `${eol}${indent}${e}`).join('') };
    }
    const blockIndent = indentBefore(text, block.start) ?? '';
    const inner = blockIndent + indentUnit(blockIndent, indentBefore(text, accountNode.start));
    const body = elements.map((e) => `${eol}${inner}${e}`).join('') + `${eol}${blockIndent}`;
    if (block.selfClosing) {
      const tag = text.slice(block.start, block.end).replace(/\s*\/>$/, '>');
      return { start: block.start, end: block.end, replacement: `${tag}${body}</settings>` };
    }
    return { start: block.openEnd, end: block.closeStart, replacement: body };
  }
  // no protocol <settings> at all: add one before the UI settings / error / end of the account
  const anchor = accountNode.children.find((c) => c.name === 'settings' || c.name === 'current_error');
  const sibling = anchor ?? accountNode.children[accountNode.children.length - 1];
  const accountIndent = indentBefore(text, accountNode.start) ?? '';
  const unit = indentUnit(sibling && indentBefore(text, sibling.start), accountIndent);
  const indent = (sibling && indentBefore(text, sibling.start)) ?? accountIndent + unit;
  const inner = indent + unit;
  const block2 = `<settings>${elements.map((e) => `${eol}${inner}${e}`).join('')}${eol}${indent}</settings>`;
  if (anchor) return { start: anchor.start, end: anchor.start, replacement: `${block2}${eol}${indent}` };
  if (accountNode.selfClosing) {
    const tag = text.slice(accountNode.start, accountNode.end).replace(/\s*\/>$/, '>');
    return { start: accountNode.start, end: accountNode.end, replacement: `${tag}${eol}${indent}${block2}${eol}${accountIndent}</account>` };
  }
  const at = sibling ? sibling.end : accountNode.openEnd;
  return { start: at, end: at, replacement: `${eol}${indent}${block2}` };
}

/** Plan the edits that set `changes` on `account`. Throws on a key it cannot store. */
export function planAccountEdits(text: string, account: SipeAccount, changes: readonly KeyValue[], eol: '\n' | '\r\n'): EditPlan {
  const edits: TextEdit[] = [];
  const unchanged: string[] = [];
  const toInsert: string[] = [];

  // username / login share one element: <name>Username[,Login]</name>
  const nameChanges = changes.filter((c) => c.key === 'username' || c.key === 'login');
  if (nameChanges.length > 0) {
    let { username, login } = splitAccountName(account.name);
    const hadComma = account.name.includes(',');
    for (const c of nameChanges) {
      if (c.key === 'username') username = c.value;
      else login = c.value;
    }
    // libpurple writes the split character even for an empty Login (`alice@corp.example,`)
    const newName = login !== '' || hadComma ? `${username},${login}` : username;
    if (newName === account.name) unchanged.push(...nameChanges.map((c) => c.key));
    else if (account.spans.name) edits.push(setElementText(text, account.spans.name, escapeXmlText(newName)));
    else throw new Error('the account has no <name> element to edit');
  }

  for (const c of changes) {
    if (c.key === 'username' || c.key === 'login') continue;
    const info = settingKeyInfo(c.key);
    if (!info || info.storage === 'name') throw new Error(`unknown setting '${c.key}'`);
    const node = account.spans.settings.get(info.key);
    if (node) {
      if (node.text === c.value) unchanged.push(info.key);
      else edits.push(setElementText(text, node, escapeXmlText(c.value)));
    } else {
      toInsert.push(newSettingElement(info.key, info.storage === 'bool' ? 'bool' : 'string', c.value));
    }
  }
  if (toInsert.length > 0) edits.push(insertSettings(text, account, toInsert, eol));
  return { edits, unchanged };
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  for (let i = 1; i < sorted.length; i++) {
    const later = sorted[i - 1];
    const earlier = sorted[i];
    if (later && earlier && earlier.end > later.start) throw new Error('overlapping edits');
  }
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.replacement + out.slice(e.end);
  return out;
}

/**
 * Read the edited text back and confirm that exactly the intended values changed for that account
 * and that the file still holds the same accounts. Returns a problem description, or undefined.
 */
export function verifyEdited(before: readonly SipeAccount[], afterText: string, accountIndex: number, changes: readonly KeyValue[]): string | undefined {
  const parsed = parseAccountsXml(afterText);
  if (!parsed.ok) return `edited file is not well-formed: ${parsed.error.message}`;
  if (parsed.accounts.length !== before.length) return 'edited file has a different number of SIPE accounts';
  const after = parsed.accounts.find((a) => a.index === accountIndex);
  if (!after) return 'edited account not found after the edit';
  for (const c of changes) {
    const got = c.key === 'username' ? after.username : c.key === 'login' ? after.login : after.settings[c.key];
    if (got !== c.value) return `'${c.key}' reads back as ${JSON.stringify(got)} instead of ${JSON.stringify(c.value)}`;
  }
  for (const b of before) {
    if (b.index === accountIndex) continue;
    const a = parsed.accounts.find((x) => x.index === b.index);
    if (!a || a.name !== b.name || JSON.stringify(a.settings) !== JSON.stringify(b.settings)) return `account ${b.username} changed unexpectedly`;
  }
  return undefined;
}
