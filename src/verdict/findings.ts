/**
 * Rules' problems → findings: the message and remediation templates filled from the problem's data,
 * the evidence cited by id and place, the step and the attempt. The verdict then gives each its role.
 */
import type { Observation } from '../evidence/kinds.js';
import type { RuleRun } from '../rules/engine.js';
import { ROOT_CAUSES } from '../rules/root-causes.js';
import { fill } from '../rules/common/template.js';
import type { Problem, Remediation, Rule } from '../rules/types.js';
import { describeObservation } from './describe.js';
import type { DraftFinding, EvidenceRef } from './types.js';

export function evidenceRef(o: Observation): EvidenceRef {
  const base = { id: o.id, kind: o.kind, summary: describeObservation(o) };
  switch (o.source.type) {
    case 'log':
      return { ...base, where: `${o.source.file}:${o.source.lines[0]}-${o.source.lines[1]}`, file: o.source.file, lines: o.source.lines };
    case 'probe':
      return { ...base, where: `probe:${o.source.probe}`, probe: o.source.probe };
    case 'config':
      return { ...base, where: `config:${o.source.file}`, file: o.source.file };
  }
}

const fillRemediation = (r: Remediation, data: Problem['data']): Remediation => ({
  ...r,
  summary: fill(r.summary, data),
  steps: r.steps.map((s) => fill(s, data)),
  ...(r.adminActions ? { adminActions: r.adminActions.map((s) => fill(s, data)) } : {}),
  ...(r.settings ? { settings: r.settings.map((s) => ({ ...s, value: fill(s.value, data) })) } : {}),
});

export function findingFrom(rule: Rule, p: Problem, attempt: string | undefined): DraftFinding {
  const { meta } = rule;
  const a = p.attempt ?? p.evidence.find((o) => o.attempt !== undefined)?.attempt ?? attempt;
  return {
    rootCause: meta.rootCause,
    ruleId: meta.id,
    severity: p.severity ?? meta.severity,
    step: meta.step ?? ROOT_CAUSES[meta.rootCause].step,
    confidence: p.confidence,
    title: meta.failureTitle,
    explanation: fill(meta.messages[p.messageId] ?? p.messageId, p.data),
    remediation: p.remediation ?? fillRemediation(meta.remediation, p.data),
    evidence: p.evidence.map(evidenceRef),
    ...(a !== undefined ? { attempt: a } : {}),
    docsUrl: `docs/rules/${meta.id}.md`,
  };
}

/** Every problem of every run, as a finding without a role yet. */
export function draftFindings(runs: readonly RuleRun[]): DraftFinding[] {
  return runs.flatMap((run) => run.problems.map((p) => findingFrom(run.rule, p, run.attempt)));
}
