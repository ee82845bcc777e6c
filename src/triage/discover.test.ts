import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverInputs, isAccountsXml } from './discover.js';
import { LineSpool } from './spool.js';

const dir = mkdtempSync(join(tmpdir(), 'sipe-doctor-discover-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('discoverInputs', () => {
  it('recurses sorted, skips hidden entries, follows a symlink loop once, reports missing inputs', async () => {
    mkdirSync(join(dir, 'b/c'), { recursive: true });
    mkdirSync(join(dir, '.hidden'));
    writeFileSync(join(dir, 'b/z.log'), 'x');
    writeFileSync(join(dir, 'b/a.log.gz'), 'x');
    writeFileSync(join(dir, 'b/c/accounts.xml'), 'x');
    writeFileSync(join(dir, '.hidden/h.log'), 'x');
    writeFileSync(join(dir, 'b/.swp'), 'x');
    symlinkSync(join(dir, 'b'), join(dir, 'b/c/loop'));
    const found = await discoverInputs(['b', 'nope.log', 'b/z.log'], dir);
    expect(found.map((f) => [f.display, f.kind, f.error])).toEqual([
      ['b/a.log.gz', 'log', undefined],
      ['b/c/accounts.xml', 'accounts', undefined],
      ['b/z.log', 'log', undefined],
      ['nope.log', 'log', 'no such file or directory'],
    ]);
  });

  it('recognises accounts.xml by name', () => {
    expect(isAccountsXml('/home/u/.purple/accounts.xml')).toBe(true);
    expect(isAccountsXml('ticket-42.accounts.xml')).toBe(true);
    expect(isAccountsXml('accounts.xml.log')).toBe(false);
  });
});

describe('LineSpool', () => {
  it('returns everything in order, in memory or spilled to disk, multi-byte characters intact', async () => {
    const spool = new LineSpool();
    const line = 'ü✖ line of text that is long enough to matter\n';
    let expected = '';
    for (let i = 0; i < 40_000; i++) {
      await spool.write(`${i} ${line}`);
      expected += `${i} ${line}`;
    }
    let got = '';
    for await (const chunk of spool.drain()) got += chunk;
    await spool.close();
    expect(got.length).toBe(expected.length);
    expect(got === expected).toBe(true);
  });
});
