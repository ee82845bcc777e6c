import type { Kind, Observation } from '../evidence/kinds.js';
import type { EvidenceSet } from '../evidence/set.js';
import type { SettingChange } from '../protocol/account-settings.js';
import type { Step } from '../evidence/steps.js';
import type { RootCauseId } from './root-causes.js';

export type Severity = 'error' | 'warning' | 'info';
export type Confidence = 'confirmed' | 'inferred';
export type Category = 'client' | 'dns' | 'network' | 'tls' | 'autodiscover' | 'webticket' | 'sip' | 'auth' | 'session' | 'config';

export interface Remediation {
  /** one imperative sentence */
  summary: string;
  steps: readonly string[];
  audience: 'user' | 'admin' | 'network';
  /** settings the user can change in Pidgin (config --fix can apply them) */
  settings?: readonly SettingChange[];
  /** DNS records, certificate or server settings for an admin, verbatim */
  adminActions?: readonly string[];
}

/** What a failing rule reports: one problem = one finding. `M`: the rule's message ids. */
export interface Problem<M extends string = string> {
  messageId: M;
  data?: Readonly<Record<string, string | number>>;
  evidence: readonly Observation[];
  /** overrides meta.severity: e.g. a fallback that was survived is a warning */
  severity?: Severity;
  confidence: Confidence;
  /** attempt this problem belongs to (defaults to the attempt of its first evidence) */
  attempt?: string;
  /** remediation derived from the evidence (overrides meta.remediation) */
  remediation?: Remediation;
}

export type Outcome<M extends string = string> =
  | { status: 'pass' }
  | { status: 'not-applicable' | 'inconclusive'; reason: string }
  | { status: 'fail'; problems: readonly Problem<M>[] };

export interface RuleContext {
  /** the report's clock (rules never read Date.now()) */
  now: Date;
  options: Readonly<Record<string, unknown>>;
}

export interface RuleMeta<M extends string = string> {
  /** `<category>/<noun phrase in the failing state>`; the file path mirrors it */
  id: string;
  category: Category;
  rootCause: RootCauseId;
  /** defaults to ROOT_CAUSES[rootCause].step */
  step?: Step;
  severity: Severity;
  title: string;
  failureTitle: string;
  /** why it matters, 1–3 sentences */
  description: string;
  /** message templates with `{placeholders}` filled from Problem.data */
  messages: Readonly<Record<M, string>>;
  remediation: Remediation;
  requires: readonly Kind[];
  /** long docs for docs/rules/<id>.md */
  docs?: { evidenceUsed: string; exampleLog?: string };
}

export interface Rule<M extends string = string> {
  meta: RuleMeta<M>;
  /** pure and synchronous: no I/O, no clock, no environment */
  check(ev: EvidenceSet, ctx: RuleContext): Outcome<M>;
}

/**
 * A rule, with its message ids taken from `meta.messages`: a problem naming a message the rule does
 * not define does not compile.
 */
export const defineRule = <const M extends string>(rule: { meta: RuleMeta<M>; check(ev: EvidenceSet, ctx: RuleContext): Outcome<NoInfer<M>> }): Rule<M> => rule;
