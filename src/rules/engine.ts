import type { Kind } from '../evidence/kinds.js';
import type { EvidenceSet } from '../evidence/set.js';
import type { Problem, Rule, RuleContext } from './types.js';

export type RuleStatus = 'pass' | 'fail' | 'not-applicable' | 'inconclusive' | 'error';

/** The result of running one rule on one (attempt's) evidence set. */
export interface RuleRun {
  rule: Rule;
  ruleId: string;
  status: RuleStatus;
  problems: readonly Problem[];
  /** inconclusive / not-applicable reason, or the thrown message for status 'error' */
  reason?: string;
  /** the attempt the evidence set was restricted to (set by runRulesByAttempt) */
  attempt?: string;
}

export interface RunOptions {
  /** rule ids or categories (`dns`) to run exclusively */
  only?: readonly string[];
  /** rule ids or categories to leave out */
  skip?: readonly string[];
}

const selects = (ids: readonly string[], rule: Rule): boolean =>
  ids.some((id) => id === rule.meta.id || id === rule.meta.category || rule.meta.id.startsWith(`${id}/`));

export function selectRules(rules: readonly Rule[], opts: RunOptions = {}): Rule[] {
  return rules.filter((r) => (!opts.only?.length || selects(opts.only, r)) && !(opts.skip && selects(opts.skip, r)));
}

/** `--only-rules` / `--skip-rules` values that name no rule and no category (a usage error for the CLI). */
export function unknownRuleSelectors(ids: readonly string[], rules: readonly Rule[]): string[] {
  return ids.filter((id) => !rules.some((r) => selects([id], r)));
}

/**
 * Run rules over one evidence set. Each rule sees only its declared kinds (a view that throws on
 * others), a rule that throws becomes status 'error' and the run goes on, and a rule none of whose
 * kinds were observed is 'inconclusive' without being called.
 */
export function runRules(ev: EvidenceSet, rules: readonly Rule[], ctx: RuleContext, opts: RunOptions = {}): RuleRun[] {
  return selectRules(rules, opts).map((rule) => runOne(ev, rule, ctx));
}

/** a rule's "no … evidence" reason, made once per rule (rules run once per attempt of every file) */
const noEvidence = new WeakMap<Rule, string>();

function runOne(ev: EvidenceSet, rule: Rule, ctx: RuleContext): RuleRun {
  // object literals, not spreads of a shared base: this runs once per rule and attempt of every file
  const ruleId = rule.meta.id;
  const requires = rule.meta.requires;
  let present = false;
  for (let i = 0; i < requires.length && !present; i += 1) present = ev.has(requires[i] as Kind);
  if (!present) {
    let reason = noEvidence.get(rule);
    if (reason === undefined) noEvidence.set(rule, (reason = `no ${requires.join(' / ')} evidence`));
    return { rule, ruleId, status: 'inconclusive', problems: [], reason };
  }
  try {
    const outcome = rule.check(ev.narrow(requires), ctx);
    if (outcome.status === 'fail') {
      if (outcome.problems.length === 0) return { rule, ruleId, status: 'pass', problems: [] };
      return { rule, ruleId, status: 'fail', problems: outcome.problems };
    }
    if (outcome.status === 'pass') return { rule, ruleId, status: 'pass', problems: [] };
    return { rule, ruleId, status: outcome.status, problems: [], reason: outcome.reason };
  } catch (err) {
    return { rule, ruleId, status: 'error', problems: [], reason: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Run the rules once per connection attempt (rules reason about one attempt; observations without
 * an attempt are context shared by all). A problem resting only on attempt-less evidence would be
 * found once per attempt: it is kept once, on the last attempt that found it.
 */
export function runRulesByAttempt(ev: EvidenceSet, rules: readonly Rule[], ctx: RuleContext, opts: RunOptions = {}): RuleRun[] {
  const attempts = ev.attempts();
  const ids: (string | undefined)[] = attempts.length ? [...attempts] : [undefined];
  // the selection is made once, not per attempt
  const selected = selectRules(rules, opts);
  const runs: RuleRun[] = [];
  for (const attempt of ids) {
    const set = ev.forAttempt(attempt);
    for (const rule of selected) {
      const run = runOne(set, rule, ctx);
      if (run.problems.length > 0 && attempt !== undefined) {
        run.problems = run.problems.map((p) => (p.attempt !== undefined ? p : { ...p, attempt: attemptOf(p) ?? attempt }));
      }
      if (attempt !== undefined) run.attempt = attempt;
      runs.push(run);
    }
  }
  // keep the last occurrence of problems that cite identical evidence
  const seen = new Set<string>();
  const deduped: RuleRun[] = [];
  // walked from the end, collected back to front (push + reverse: unshift is quadratic in the runs)
  for (let i = runs.length - 1; i >= 0; i -= 1) {
    const run = runs[i] as RuleRun;
    // most runs found nothing: nothing to deduplicate, the run as it is (the same fields and values)
    if (run.problems.length === 0) {
      deduped.push(run);
      continue;
    }
    const problems = run.problems.filter((p) => {
      const key = `${run.ruleId}|${p.messageId}|${p.evidence.map((o) => o.id).sort().join(',')}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    deduped.push({ ...run, problems, status: run.status === 'fail' && problems.length === 0 ? 'pass' : run.status });
  }
  return deduped.reverse();
}

const attemptOf = (p: Problem): string | undefined => p.evidence.find((o) => o.attempt !== undefined)?.attempt;
