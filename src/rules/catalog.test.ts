import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KINDS } from '../evidence/kinds.js';
import { RULES } from './index.js';
import { ROOT_CAUSE_IDS, ROOT_CAUSES } from './root-causes.js';
import type { Rule } from './types.js';
import { placeholders } from './common/template.js';

const here = dirname(fileURLToPath(import.meta.url));
/** directories under src/rules that hold rules (one rule per file) */
const RULE_DIRS = ['client', 'dns', 'network', 'tls', 'autodiscover', 'webticket', 'sip', 'auth', 'session', 'config'];

function ruleFiles(): { dir: string; name: string; path: string }[] {
  return RULE_DIRS.filter((d) => existsSync(join(here, d))).flatMap((dir) =>
    readdirSync(join(here, dir))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts' && !f.startsWith('_'))
      .map((f) => ({ dir, name: f.slice(0, -3), path: join(here, dir, f) })));
}

describe('rules catalog', () => {
  it('has unique ids of the form <category>/<name>', () => {
    const ids = RULES.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+\/[a-z0-9-]+$/);
  });

  it('has every rule file in RULES, with an id mirroring its path and a test file next to it', async () => {
    const files = ruleFiles();
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const mod = (await import(f.path)) as { default?: Rule };
      if (!mod.default || typeof mod.default.check !== 'function') continue; // helper module, not a rule
      expect(mod.default.meta.id, f.path).toBe(`${f.dir}/${f.name}`);
      expect(RULES, `${f.dir}/${f.name} missing from RULES`).toContain(mod.default);
      expect(existsSync(join(here, f.dir, `${f.name}.test.ts`)), `${f.dir}/${f.name}.test.ts`).toBe(true);
    }
  });

  it('covers every root cause a log can reveal', () => {
    const covered = new Set(RULES.map((r) => r.meta.rootCause));
    const missing = ROOT_CAUSE_IDS.filter((id) => ROOT_CAUSES[id].inLog && !covered.has(id));
    expect(missing).toEqual([]);
  });

  it('has sound metadata', () => {
    for (const { meta } of RULES) {
      expect(meta.title, meta.id).not.toBe(meta.failureTitle);
      expect(meta.id.startsWith(`${meta.category}/`), `${meta.id} category`).toBe(true);
      expect(ROOT_CAUSE_IDS).toContain(meta.rootCause);
      expect(meta.requires.length, meta.id).toBeGreaterThan(0);
      for (const k of meta.requires) expect(KINDS, `${meta.id} requires ${k}`).toContain(k);
      expect(Object.keys(meta.messages).length, meta.id).toBeGreaterThan(0);
      for (const id of Object.keys(meta.messages)) expect(id, meta.id).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect(meta.remediation.summary.length).toBeGreaterThan(0);
      expect(meta.description.length).toBeGreaterThan(20);
      // meta.remediation is shown when a problem does not override it: placeholders must be message data
      const msgNames = new Set(Object.values(meta.messages).flatMap(placeholders));
      for (const t of [meta.remediation.summary, ...meta.remediation.steps]) {
        for (const n of placeholders(t)) expect(msgNames.has(n), `${meta.id} remediation {${n}}`).toBe(true);
      }
    }
  });
});
