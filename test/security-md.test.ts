import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** SECURITY.md names, for each promise, the test that keeps it: those tests must exist. */
const text = readFileSync('SECURITY.md', 'utf8');
const named = [...new Set([...text.matchAll(/`((?:src|test)\/[\w./-]+\.test\.ts)`/g)].map((m) => m[1] as string))];

describe('SECURITY.md', () => {
  it('names the tests that keep its promises', () => {
    expect(named.length).toBeGreaterThanOrEqual(10);
    for (const section of ['## Credentials', '## Secrets in output', '## Personal data', '## Hostile servers and files', '## Your files', '## Reporting a problem']) {
      expect(text).toContain(section);
    }
  });

  it.each(named)('%s exists', (file) => {
    expect(existsSync(file), `${file} is named in SECURITY.md`).toBe(true);
  });

  it('every promise section names at least one test', () => {
    const sections = text.split(/^## /m).slice(1).filter((s) => !s.startsWith('Reporting'));
    for (const s of sections) expect(s, s.split('\n')[0]).toMatch(/Kept by `(?:src|test)\//);
  });
});
