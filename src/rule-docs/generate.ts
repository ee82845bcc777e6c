import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { RULES } from '../rules/index.js';
import type { Rule } from '../rules/types.js';
import { fixtureExamples } from './fixture-examples.js';
import { renderRuleDoc, renderRulesIndex } from './markdown.js';
import { ruleDocModel } from './model.js';

/** `sip/blocked-client-version` → `docs/rules/sip/blocked-client-version.md` */
export function ruleDocPath(id: string): string {
  return `docs/rules/${id}.md`;
}

/** Colocated test of a rule: `src/rules/<id>.test.ts`. */
export function ruleTestPath(id: string): string {
  return `src/rules/${id}.test.ts`;
}

/** Every rule doc and the index, as repository-relative path → content (nothing written). */
export async function generateRuleDocs(root: string, rules: readonly Rule[] = RULES): Promise<Map<string, string>> {
  const examples = await fixtureExamples(root, rules);
  const out = new Map<string, string>();
  for (const rule of rules) out.set(ruleDocPath(rule.meta.id), renderRuleDoc(ruleDocModel(rule, examples.get(rule.meta.id))));
  out.set('docs/rules/README.md', renderRulesIndex(rules));
  return out;
}

/** Rules whose colocated test file is missing. */
export async function rulesWithoutTests(root: string, rules: readonly Rule[] = RULES): Promise<string[]> {
  const missing: string[] = [];
  for (const r of rules) {
    try {
      await access(join(root, ruleTestPath(r.meta.id)));
    } catch {
      missing.push(r.meta.id);
    }
  }
  return missing;
}
