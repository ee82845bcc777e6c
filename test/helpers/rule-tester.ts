/**
 * RuleTester (modelled on ESLint's): runs one rule over pass / fail / inconclusive cases and checks
 * the catalog's invariants on every case:
 * - the evidence is deep-frozen (createEvidenceSet freezes it in place),
 * - the rule reads only the kinds it `requires` (the narrowed set throws otherwise),
 * - problems cite observations that were supplied, carry a confidence, use a known messageId and
 *   supply every placeholder of their message (and of meta.remediation when they don't override it),
 * - every messageId in meta.messages is exercised by a fail case,
 * - with no evidence of its kinds (and with only its kinds absent) the rule never passes.
 */
import { describe, expect, it } from 'vitest';
import type { Observation } from '../../src/evidence/kinds.js';
import { createEvidenceSet, UndeclaredKindError } from '../../src/evidence/set.js';
import type { SettingChange } from '../../src/protocol/account-settings.js';
import type { Confidence, Outcome, Problem, Remediation, Rule, RuleContext, Severity } from '../../src/rules/types.js';
import { placeholders } from '../../src/rules/common/template.js';

export interface BaseCase {
  name: string;
  evidence: readonly Observation[];
  now?: Date;
  options?: Record<string, unknown>;
}

export interface ExpectedProblem {
  messageId: string;
  /** subset match on problem.data */
  data?: Record<string, string | number | RegExp>;
  severity?: Severity;
  confidence?: Confidence;
  /** ids of observations the problem must cite (subset) */
  evidence?: readonly string[];
  /** settings the remediation must contain (subset match per entry) */
  settings?: readonly Partial<SettingChange>[];
  /** free-form check of the effective remediation */
  remediation?: (r: Remediation) => void;
  /** attempt the problem belongs to */
  attempt?: string;
}

export interface FailCase extends BaseCase {
  problems: readonly ExpectedProblem[];
}

export interface InconclusiveCase extends BaseCase {
  /** defaults to either inconclusive or not-applicable */
  status?: 'inconclusive' | 'not-applicable';
}

export interface RuleTests {
  pass: readonly BaseCase[];
  fail: readonly FailCase[];
  inconclusive?: readonly InconclusiveCase[];
}

const DEFAULT_NOW = new Date('2026-06-01T12:00:00Z');

export function runRule(rule: Rule, evidence: readonly Observation[], c: Partial<BaseCase> = {}): Outcome {
  const set = createEvidenceSet(evidence).narrow(rule.meta.requires);
  const ctx: RuleContext = { now: c.now ?? DEFAULT_NOW, options: c.options ?? {} };
  try {
    return rule.check(set, ctx);
  } catch (err) {
    if (err instanceof UndeclaredKindError) {
      throw new Error(`rule ${rule.meta.id} read a kind it does not declare in requires: ${err.message}`);
    }
    throw err;
  }
}

function checkProblem(rule: Rule, p: Problem, supplied: readonly Observation[]): void {
  const { meta } = rule;
  expect(Object.keys(meta.messages), `messageId '${p.messageId}' is not in meta.messages`).toContain(p.messageId);
  expect(['confirmed', 'inferred']).toContain(p.confidence);
  expect(p.evidence.length, 'a problem must cite evidence').toBeGreaterThan(0);
  for (const o of p.evidence) {
    expect(supplied.some((s) => s === o || s.id === o.id), `problem cites observation ${o.id} that was not supplied`).toBe(true);
  }
  const data = p.data ?? {};
  const message = meta.messages[p.messageId] ?? '';
  for (const name of placeholders(message)) {
    expect(data, `message '${p.messageId}' needs {${name}}`).toHaveProperty(name);
  }
  const rem = p.remediation ?? meta.remediation;
  const texts = [rem.summary, ...rem.steps, ...(rem.adminActions ?? []), ...(rem.settings ?? []).map((s) => s.value)];
  if (!p.remediation) {
    for (const name of texts.flatMap(placeholders)) expect(data, `meta.remediation needs {${name}}`).toHaveProperty(name);
  } else {
    for (const t of texts) expect(placeholders(t), `problem remediation must be fully resolved: ${t}`).toEqual([]);
  }
  expect(rem.summary.length).toBeGreaterThan(0);
}

function matchProblem(rule: Rule, p: Problem, e: ExpectedProblem): void {
  expect(p.messageId).toBe(e.messageId);
  if (e.data) {
    for (const [k, v] of Object.entries(e.data)) {
      const actual = p.data?.[k];
      if (v instanceof RegExp) expect(String(actual), `data.${k}`).toMatch(v);
      else expect(actual, `data.${k}`).toBe(v);
    }
  }
  if (e.severity) expect(p.severity ?? rule.meta.severity, 'severity').toBe(e.severity);
  if (e.confidence) expect(p.confidence, 'confidence').toBe(e.confidence);
  if (e.evidence) expect(p.evidence.map((o) => o.id)).toEqual(expect.arrayContaining([...e.evidence]));
  if (e.attempt) expect(p.attempt ?? p.evidence.find((o) => o.attempt)?.attempt).toBe(e.attempt);
  const rem = p.remediation ?? rule.meta.remediation;
  if (e.settings) {
    for (const s of e.settings) expect(rem.settings ?? [], 'remediation settings').toContainEqual(expect.objectContaining(s));
  }
  e.remediation?.(rem);
}

export const ruleTester = {
  run(rule: Rule, tests: RuleTests): void {
    const { meta } = rule;
    describe(meta.id, () => {
      const all = [...tests.pass, ...tests.fail, ...(tests.inconclusive ?? [])];
      it('has unique case names', () => {
        const names = all.map((c) => c.name);
        expect(new Set(names).size).toBe(names.length);
      });

      it('exercises every messageId with a fail case', () => {
        const used = new Set(tests.fail.flatMap((c) => c.problems.map((p) => p.messageId)));
        for (const id of Object.keys(meta.messages)) expect(used.has(id), `messageId '${id}' has no fail case`).toBe(true);
        for (const id of used) expect(Object.keys(meta.messages)).toContain(id);
      });

      it('never passes without evidence of its kinds', () => {
        expect(runRule(rule, []).status).not.toBe('pass');
        for (const c of all) {
          const without = c.evidence.filter((o) => !meta.requires.includes(o.kind));
          expect(runRule(rule, without, c).status, c.name).not.toBe('pass');
        }
      });

      for (const c of tests.pass) {
        it(`passes: ${c.name}`, () => {
          const out = runRule(rule, c.evidence, c);
          expect(c.evidence.every((o) => Object.isFrozen(o) && Object.isFrozen(o.data))).toBe(true);
          expect(out, JSON.stringify(out)).toEqual({ status: 'pass' });
        });
      }

      for (const c of tests.fail) {
        it(`fails: ${c.name}`, () => {
          const out = runRule(rule, c.evidence, c);
          expect(c.evidence.every((o) => Object.isFrozen(o) && Object.isFrozen(o.data))).toBe(true);
          expect(out.status, JSON.stringify(out)).toBe('fail');
          if (out.status !== 'fail') return;
          expect(out.problems.length, JSON.stringify(out.problems.map((p) => p.messageId))).toBe(c.problems.length);
          out.problems.forEach((p, i) => {
            checkProblem(rule, p, c.evidence);
            matchProblem(rule, p, c.problems[i]!);
          });
        });
      }

      for (const c of tests.inconclusive ?? []) {
        it(`is inconclusive: ${c.name}`, () => {
          const out = runRule(rule, c.evidence, c);
          if (c.status) expect(out.status, JSON.stringify(out)).toBe(c.status);
          else expect(['inconclusive', 'not-applicable'], JSON.stringify(out)).toContain(out.status);
          if (out.status === 'inconclusive' || out.status === 'not-applicable') expect(out.reason.length).toBeGreaterThan(0);
        });
      }
    });
  },
};
