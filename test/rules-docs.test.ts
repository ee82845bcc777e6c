/**
 * docs/rules/** must be exactly what `npm run docs:rules` writes from the rule metadata, every rule
 * needs its doc and its colocated test; `sipe-doctor rules` lists and explains them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { createFakeIo } from './helpers/fake-io.js';
import { RULES } from '../src/rules/index.js';
import { closeMatches } from '../src/rule-docs/close-matches.js';
import { generateRuleDocs, ruleDocPath, rulesWithoutTests } from '../src/rule-docs/generate.js';
import { DOC_HEADINGS } from '../src/rule-docs/model.js';

const ROOT = resolve('.');
const REGENERATE = 'Run `npm run docs:rules` and commit the result.';

function markdownFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? markdownFiles(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : []));
}

describe('rule docs', () => {
  let docs: Map<string, string>;
  beforeAll(async () => {
    docs = await generateRuleDocs(ROOT);
  }, 60_000);

  it('every rule has its doc, with the fixed headings in order', () => {
    for (const r of RULES) {
      const path = ruleDocPath(r.meta.id);
      expect(existsSync(join(ROOT, path)), `${path} is missing. ${REGENERATE}`).toBe(true);
      const headings = readFileSync(join(ROOT, path), 'utf8').split('\n').filter((l) => l.startsWith('## '));
      expect(headings, path).toEqual(DOC_HEADINGS.map((h) => `## ${h}`));
    }
  });

  it('no doc is stale (regenerated in memory and compared)', () => {
    const stale = [...docs].filter(([path, content]) => !existsSync(join(ROOT, path)) || readFileSync(join(ROOT, path), 'utf8') !== content).map(([p]) => p);
    expect(stale, `stale rule docs. ${REGENERATE}`).toEqual([]);
    const orphans = markdownFiles(join(ROOT, 'docs/rules')).map((f) => relative(ROOT, f).split('\\').join('/')).filter((p) => !docs.has(p));
    expect(orphans, `docs of rules that no longer exist. ${REGENERATE}`).toEqual([]);
  });

  it('every rule has a colocated test file', async () => {
    expect(await rulesWithoutTests(ROOT)).toEqual([]);
  });

  it('examples are redacted', () => {
    for (const [path, content] of docs) {
      expect(content, path).not.toMatch(/gssapi-data="(?!<redacted>)[^"]+"/);
      expect(content, path).not.toMatch(/Fixture-Pw/);
    }
  });
});

describe('sipe-doctor rules', () => {
  async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
    const io = createFakeIo();
    const code = await main(args, io);
    return { code, out: io.out(), err: io.err() };
  }

  it('lists every rule; --json has id, root cause, step, severity, title', async () => {
    const text = await run(['rules']);
    expect(text.code).toBe(0);
    for (const r of RULES) expect(text.out).toContain(r.meta.id);
    const json = JSON.parse((await run(['rules', '--json'])).out) as { id: string; rootCause: string; step: string; severity: string; title: string }[];
    expect(json).toHaveLength(RULES.length);
    expect(json.find((r) => r.id === 'sip/blocked-client-version')).toEqual({
      id: 'sip/blocked-client-version', rootCause: 'client-version-blocked', step: 'register', severity: 'error', title: expect.any(String),
    });
  });

  it('explains a rule: checks, why, fix, evidence, example', async () => {
    const { code, out } = await run(['rules', 'explain', 'sip/blocked-client-version']);
    expect(code).toBe(0);
    for (const h of ['What it checks', 'Why it matters', 'How to fix', 'Evidence used', 'Example']) expect(out).toContain(h);
    expect(out).toContain('User Agent');
    const json = JSON.parse((await run(['rules', 'explain', 'auth/rejected-credentials', '--json'])).out) as { example?: { excerpt: string } };
    expect(json.example?.excerpt).toContain('401 Unauthorized');
  });

  it('an unknown id exits 2 with close matches', async () => {
    const { code, err } = await run(['rules', 'explain', 'sip/blocked-client-versions']);
    expect(code).toBe(2);
    expect(err).toContain("unknown rule 'sip/blocked-client-versions'");
    expect(err).toContain('Did you mean: sip/blocked-client-version');
    expect(closeMatches('tls/expired', RULES.map((r) => r.meta.id))[0]).toBe('tls/expired-certificate');
    expect(closeMatches('register-timeout', RULES.map((r) => r.meta.id))).toContain('sip/register-timeout');
  });
});
