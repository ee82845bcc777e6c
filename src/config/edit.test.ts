import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './diff.js';
import { applyEdits, planAccountEdits, verifyEdited, type KeyValue } from './edit.js';
import { decodeAccountsBytes } from './evidence.js';
import { parseAccountsXml, type SipeAccount } from './parse.js';

const fixture = (name: string): string => decodeAccountsBytes(readFileSync(new URL(`../../fixtures/accounts/${name}`, import.meta.url)));

function edit(text: string, changes: KeyValue[], index = 0): { out: string; before: SipeAccount[] } {
  const r = parseAccountsXml(text);
  if (!r.ok) throw new Error(r.error.message);
  const account = r.accounts[index];
  if (!account) throw new Error('no account');
  const plan = planAccountEdits(text, account, changes, r.lineEnding);
  const out = applyEdits(text, plan.edits);
  expect(verifyEdited(r.accounts, out, account.index, changes)).toBeUndefined();
  return { out, before: r.accounts };
}

/** The one changed region: [start, endBefore) in `a` became [start, endAfter) in `b`. */
function changedRegion(a: string, b: string): { start: number; removed: string; added: string } {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let tail = 0;
  while (tail < a.length - start && tail < b.length - start && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return { start, removed: a.slice(start, a.length - tail), added: b.slice(start, b.length - tail) };
}

describe('planAccountEdits', () => {
  it('replaces only the text of an existing setting', () => {
    const text = fixture('ua-blocked-403.accounts.xml');
    const { out } = edit(text, [{ key: 'transport', value: 'tcp' }]);
    const region = changedRegion(text, out);
    expect(text.slice(0, region.start).endsWith("<setting name='transport' type='string'>t")).toBe(true);
    expect(region.removed + '|' + region.added).toBe('ls|cp'); // tls → tcp: only the value's bytes differ
  });

  it('inserts a missing useragent into the first <settings> with the same indentation', () => {
    const text = fixture('ua-blocked-403.accounts.xml');
    const { out } = edit(text, [{ key: 'useragent', value: 'UCCAPI/16.0.4266.1001 OC/16.0.4266.1001 (Skype for Business)' }]);
    expect(out).toContain(
      "\t\t\t<setting name='transport' type='string'>tls</setting>\n\t\t\t<setting name='useragent' type='string'>UCCAPI/16.0.4266.1001 OC/16.0.4266.1001 (Skype for Business)</setting>\n\t\t</settings>\n\t\t<settings ui='gnt-purple'>",
    );
    const inserted = "\n\t\t\t<setting name='useragent' type='string'>UCCAPI/16.0.4266.1001 OC/16.0.4266.1001 (Skype for Business)</setting>";
    expect(changedRegion(text, out).removed).toBe('');
    expect(out.replace(inserted, '')).toBe(text);
  });

  it('fills an empty Login and keeps the comma form', () => {
    const text = fixture('ua-blocked-403.accounts.xml');
    const { out } = edit(text, [{ key: 'login', value: 'CORP\\alice' }]);
    expect(changedRegion(text, out).added).toBe('CORP\\alice');
    expect(out).toContain('<name>alice@corp.example,CORP\\alice</name>');
  });

  it('clears a Login', () => {
    const text = fixture('recorded-connect-refused.accounts.xml');
    const { out } = edit(text, [{ key: 'login', value: '' }]);
    expect(out).toContain('<name>bob@lab.example,</name>');
  });

  it('escapes XML in values', () => {
    const text = fixture('ua-blocked-403.accounts.xml');
    const { out } = edit(text, [{ key: 'useragent', value: 'A<b>&"c\'' }]);
    expect(out).toContain(`<setting name='useragent' type='string'>A&lt;b&gt;&amp;"c'</setting>`);
    const r = parseAccountsXml(out);
    expect(r.ok && r.accounts[0]?.userAgent).toBe('A<b>&"c\'');
  });

  it('edits the chosen account only in a multi-account file', () => {
    const text = fixture('multi-account.accounts.xml');
    const { out } = edit(text, [{ key: 'authentication', value: 'tls-dsk' }, { key: 'sso', value: '0' }], 1);
    const r = parseAccountsXml(out);
    if (!r.ok) throw new Error('bad');
    expect(r.accounts.map((a) => a.authenticationSetting)).toEqual(['ntlm', 'tls-dsk']);
    expect(changedRegion(text, out).removed).toBe('krb5');
  });

  it('uses CRLF when inserting into a CRLF file and keeps the BOM', () => {
    const text = fixture('windows-crlf.accounts.xml');
    const { out } = edit(text, [{ key: 'useragent', value: 'UA/1' }]);
    expect(out.charCodeAt(0)).toBe(0xfeff);
    expect(out.replace("\r\n\t\t\t<setting name='useragent' type='string'>UA/1</setting>", '')).toBe(text);
  });

  it('creates a protocol <settings> block when the account has none', () => {
    const text = "<?xml version='1.0' encoding='UTF-8' ?>\n\n<account version='1.0'>\n\t<account>\n\t\t<protocol>prpl-sipe</protocol>\n\t\t<name>a@b.example</name>\n\t\t<settings ui='gtk-gaim'>\n\t\t\t<setting name='auto-login' type='bool'>1</setting>\n\t\t</settings>\n\t</account>\n</account>\n";
    const { out } = edit(text, [{ key: 'server', value: 'pool:5061' }]);
    expect(out).toContain("\t\t<settings>\n\t\t\t<setting name='server' type='string'>pool:5061</setting>\n\t\t</settings>\n\t\t<settings ui='gtk-gaim'>");
  });

  it('expands a self-closing <settings/> and a self-closing <setting/>', () => {
    const text = "<account version='1.0'>\n  <account>\n    <protocol>prpl-sipe</protocol>\n    <name>a@b.example</name>\n    <settings/>\n  </account>\n  <account>\n    <protocol>prpl-sipe</protocol>\n    <name>c@b.example</name>\n    <settings>\n      <setting name='useragent' type='string'/>\n    </settings>\n  </account>\n</account>\n";
    const first = edit(text, [{ key: 'useragent', value: 'UA' }], 0).out;
    expect(first).toContain("    <settings>\n      <setting name='useragent' type='string'>UA</setting>\n    </settings>\n");
    const second = edit(text, [{ key: 'useragent', value: 'UA' }], 1).out;
    expect(second).toContain("      <setting name='useragent' type='string'>UA</setting>\n");
  });

  it('reports unchanged values without an edit', () => {
    const text = fixture('ua-blocked-403.accounts.xml');
    const r = parseAccountsXml(text);
    if (!r.ok || !r.accounts[0]) throw new Error('bad');
    const plan = planAccountEdits(text, r.accounts[0], [{ key: 'transport', value: 'tls' }], '\n');
    expect(plan).toEqual({ edits: [], unchanged: ['transport'] });
  });
});

describe('unifiedDiff', () => {
  it('shows the change with context and masks the password', () => {
    const text = fixture('ua-blocked-403.accounts.xml');
    const { out } = edit(text, [{ key: 'login', value: 'CORP\\alice' }]);
    const d = unifiedDiff(text, out, 'home/alice/.purple/accounts.xml');
    expect(d).toContain('--- a/home/alice/.purple/accounts.xml\n+++ b/home/alice/.purple/accounts.xml\n@@ -3,7 +3,7 @@\n');
    expect(d).toContain('-\t\t<name>alice@corp.example,</name>\n+\t\t<name>alice@corp.example,CORP\\alice</name>\n \t\t<password><redacted></password>\n');
    expect(d).not.toContain('Passw0rd!');
  });

  it('is empty for equal texts and counts an insertion', () => {
    expect(unifiedDiff('a\n', 'a\n', 'f')).toBe('');
    expect(unifiedDiff('a\nb\n', 'a\nx\nb\n', 'f')).toBe('--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@\n a\n+x\n b\n');
  });
});
