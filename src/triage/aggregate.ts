import { ROOT_CAUSES } from '../rules/root-causes.js';
import type { Pseudonymizer } from '../report/pii.js';
import { verdictTitle } from '../report/formatters/shared.js';
import { SKIP_LABELS, type FileResult, type FileSummary, type TriageGroup, type TriageTotals } from './types.js';

/** Example files shown per group. */
export const EXAMPLES_KEPT = 3;
/** Distinct users remembered per group (counted beyond that only while under the cap). */
export const USERS_KEPT = 1000;

/** The few strings the summary needs from a file's result (users pseudonymized when `p` is given). */
export function summarize(r: FileResult, p?: Pseudonymizer): FileSummary {
  const base = { file: r.file, kind: r.kind, status: r.status };
  if (!r.report) {
    return { ...base, rootCause: null, ...(r.skip ? { reason: r.skip.reason, message: r.skip.message } : {}) };
  }
  const v = r.report.verdict;
  const signin = r.report.account?.signinName;
  const user = signin ? (p ? p.pseudonymize(signin) : signin) : undefined;
  return {
    ...base,
    rootCause: v.rootCause,
    outcome: v.outcome,
    step: v.step,
    confidence: v.confidence,
    ...(user ? { user } : {}),
    title: verdictTitle(r.report),
    summary: v.summary,
  };
}

/** The group a file belongs to: its root cause, `signed-in`, `no-root-cause`, or its skip reason. */
export function groupKey(s: FileSummary): string {
  if (s.status === 'skipped' || (s.status === 'error' && s.reason)) return s.reason ?? 'unreadable';
  if (s.rootCause) return s.rootCause;
  return s.outcome === 'signed-in' ? 'signed-in' : s.status === 'problem' ? 'other-problem' : 'no-root-cause';
}

function groupTitle(key: string, s: FileSummary): string {
  if (s.rootCause) return ROOT_CAUSES[s.rootCause]?.title ?? key;
  if (key === 'signed-in') return 'Signed in: no problem found';
  if (key === 'no-root-cause') return 'No root cause found (no failed sign-in in the log)';
  if (key === 'other-problem') return 'Problems without a single root cause';
  return SKIP_LABELS[key as keyof typeof SKIP_LABELS] ?? key;
}

interface MutableGroup extends TriageGroup {
  userSet: Set<string>;
}

/** Per-group counters for a batch of any size: never holds reports, only counts and a few names. */
export class TriageAggregator {
  private readonly groups = new Map<string, MutableGroup>();
  private readonly skippedGroups = new Map<string, MutableGroup>();
  private counts = { files: 0, diagnosed: 0, problems: 0, ok: 0, skipped: 0, errors: 0 };

  add(s: FileSummary): void {
    this.counts.files += 1;
    if (s.status === 'problem') this.counts.problems += 1;
    if (s.status === 'ok') this.counts.ok += 1;
    if (s.status === 'error') this.counts.errors += 1;
    const diagnosed = s.outcome !== undefined;
    if (diagnosed) this.counts.diagnosed += 1;
    else if (s.status === 'skipped') this.counts.skipped += 1;
    const key = groupKey(s);
    const table = diagnosed ? this.groups : this.skippedGroups;
    let g = table.get(key);
    if (!g) {
      g = { key, rootCause: s.rootCause, title: groupTitle(key, s), step: s.step ?? undefined, count: 0, examples: [], users: [], usersTotal: 0, userSet: new Set() };
      table.set(key, g);
    }
    g.count += 1;
    if (g.examples.length < EXAMPLES_KEPT) g.examples.push(s.file);
    if (s.user && !g.userSet.has(s.user) && g.userSet.size < USERS_KEPT) {
      g.userSet.add(s.user);
      g.usersTotal += 1;
    }
  }

  totals(): TriageTotals {
    const done = (m: Map<string, MutableGroup>): TriageGroup[] =>
      [...m.values()]
        .map(({ userSet, ...g }) => ({ ...g, users: [...userSet] }))
        .sort((a, b) => rank(a) - rank(b) || b.count - a.count || a.key.localeCompare(b.key));
    return { ...this.counts, groups: done(this.groups), skippedGroups: done(this.skippedGroups) };
  }
}

/** Root causes first, then the rest; signed-in last. */
function rank(g: TriageGroup): number {
  if (g.rootCause) return 0;
  return ['other-problem', 'no-root-cause', 'signed-in'].indexOf(g.key) + 1;
}
