/**
 * accounts.xml as users attach it: any bytes, truncated or hand-edited files, odd encodings. The
 * reader never throws (a bad file is a result with an error), never lets the password out, and is
 * bounded in time on large or deep files.
 */
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accountsToDrafts, decodeAccountsBytes } from './evidence.js';
import { parseAccountsXml } from './parse.js';

const FIXTURES = readdirSync(new URL('../../fixtures/accounts/', import.meta.url)).filter((f) => f.endsWith('.xml')).sort()
  .map((f) => decodeAccountsBytes(readFileSync(new URL(`../../fixtures/accounts/${f}`, import.meta.url))));

const PARTS = ['<?xml version="1.0" encoding="UTF-8"?>', '<account version="1.0">', '</account>', '<account>', '<protocol>prpl-sipe</protocol>', '<protocol>prpl-jabber</protocol>',
  '<name>alice@corp.example,CORP\\alice</name>', '<password>Pw!</password>', '<settings ui="pidgin">', '<settings>', '</settings>', '<setting name="server" type="string">',
  '<setting name="transport" type="string">', '<setting name="authentication" type="string">', '<setting name="useragent" type="string">', '</setting>', '<current_error>',
  '<type>2</type>', '<description>', '</description>', '</current_error>', 'tls', 'ntlm', 'sip.corp.example:5061', '&amp;', '&#0;', '&bogus;', '<![CDATA[x]]>', '<!DOCTYPE a [<!ENTITY e "x">]>', '\r\n', '\n', ' ', '<', '>', '"'];
const xmlish = fc.array(fc.oneof(fc.constantFrom(...PARTS), fc.string({ maxLength: 5 })), { maxLength: 50 }).map((p) => p.join(''));

function check(text: string): void {
  const r = parseAccountsXml(text);
  if (!r.ok) {
    expect(typeof r.error.message).toBe('string');
    return;
  }
  const drafts = accountsToDrafts(r.accounts, 'accounts.xml', { fileMode: 0o600 });
  expect(JSON.stringify(drafts)).not.toContain('Pw!');
}

describe('accounts.xml parsing', () => {
  it('never throws on arbitrary text or on accounts.xml-like fragments', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 300 }), xmlish), check), { numRuns: 1500 });
  });

  it('never throws on cut or corrupted real files, and the password never reaches the evidence', () => {
    fc.assert(fc.property(fc.constantFrom(...FIXTURES), fc.nat(), fc.array(fc.tuple(fc.nat(), fc.string({ maxLength: 3 })), { maxLength: 4 }), (text, cut, edits) => {
      let t = text.replace(/<password>[^<]*<\/password>/g, '<password>Pw!</password>');
      for (const [at, s] of edits) {
        const i = at % (t.length + 1);
        t = t.slice(0, i) + s + t.slice(i + 1);
      }
      check(t.slice(0, cut % (t.length + 1)));
    }), { numRuns: 1000 });
  });

  it('any bytes: decoded as UTF-8 or refused as an encoding error (which the loader reports), then parsed without a throw', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom([], [0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff]), (bytes, bom) => {
      let text: string;
      try {
        text = decodeAccountsBytes(Uint8Array.from([...bom, ...bytes]));
      } catch (err) {
        expect((err as NodeJS.ErrnoException).code).toBe('ERR_ENCODING_INVALID_ENCODED_DATA');
        return;
      }
      check(text);
    }), { numRuns: 1000 });
  });

  it('stays bounded on large, deep and many-account files', () => {
    const account = '<account><protocol>prpl-sipe</protocol><name>u@corp.example</name><settings><setting name="server" type="string">s.corp.example</setting></settings></account>';
    const inputs = [
      `<account version="1.0">${account.repeat(20_000)}</account>`,
      `<account version="1.0">${'<settings>'.repeat(50_000)}`,
      `<account version="1.0"><account><protocol>prpl-sipe</protocol><name>${'a'.repeat(5_000_000)}</name></account></account>`,
      '<'.repeat(2_000_000),
    ];
    for (const text of inputs) {
      const t0 = performance.now();
      check(text);
      expect(performance.now() - t0).toBeLessThan(10_000);
    }
  }, 90_000);
});
