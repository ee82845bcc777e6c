import type { EvidenceBundle, ParseStats } from '../evidence/bundle.js';
import type { Kind, Observation } from '../evidence/kinds.js';
import type { EvidenceSet } from '../evidence/set.js';
import type { RuleRun } from '../rules/engine.js';
import { ROOT_CAUSES } from '../rules/root-causes.js';
import { accountView } from '../rules/shared/account.js';
import { englishOf } from '../rules/shared/client-error.js';
import { fill } from '../rules/shared/template.js';
import type { Problem, Remediation, Rule } from '../rules/types.js';
import { decideVerdict } from '../verdict/decide.js';
import type { DraftFinding } from '../verdict/decide.js';
import { describeObservation } from '../verdict/describe.js';
import { buildTimeline } from '../verdict/timeline.js';
import type { EvidenceRef, Report } from './types.js';
import { REPORT_SCHEMA_VERSION } from './types.js';

export interface BuildOptions {
  version: string;
  mode: Report['run']['mode'];
  startedAt: string;
  durationMs: number;
  inputs?: readonly string[];
  partial?: boolean;
}

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

/** What a reader would need to decide, for an 'unknown' verdict. */
function missingEvidence(ev: EvidenceSet): string[] {
  const missing: string[] = [];
  const has = (k: Kind): boolean => ev.has(k);
  if (!has('client.account')) missing.push('the account settings');
  if (!has('dns.lookup') && !has('discovery.event')) missing.push('server discovery');
  if (!has('tcp.connect') && !has('transport.event')) missing.push('the connection to the server');
  if (!has('sip.register')) missing.push('the REGISTER exchange (message dumps need PURPLE_UNSAFE_DEBUG=1)');
  else if (!ev.all('sip.register').some((r) => r.data.status !== undefined)) missing.push('an answer to REGISTER');
  if (!has('client.error')) missing.push('a connection error');
  return missing;
}

export function buildReport(bundle: EvidenceBundle, ev: EvidenceSet, runs: readonly RuleRun[], opts: BuildOptions): Report {
  const drafts = runs.flatMap((run) => run.problems.map((p) => findingFrom(run.rule, p, run.attempt)));
  const last = ev.lastAttempt();
  const lastSet = ev.forAttempt(last);
  const signedIn = lastSet.list().some((o) => (o.kind === 'sip.register' && o.data.outcome === 'registered' && !o.data.uaProbe) || (o.kind === 'auth.event' && o.data.event === 'completed'));
  const lastError = lastSet.all('client.error').at(-1);
  const { verdict, findings } = decideVerdict(drafts, {
    ...(last !== undefined ? { lastAttempt: last } : {}),
    signedIn,
    ...(lastError ? { clientError: (englishOf(lastError) ?? lastError.data.description).replace(/\s*\n\s*/g, ' ') } : {}),
    missing: missingEvidence(lastSet),
  });

  const cited = new Set(findings.filter((f) => f.role !== 'earlier-attempt').flatMap((f) => f.evidence.map((e) => e.id)));
  const timeline = buildTimeline(lastSet.list(), cited);

  const accounts = ev.all('client.account');
  const av = accountView(accounts);
  const sentUa = ev.all('sip.register').map((r) => r.data.userAgent).filter(Boolean).at(-1);
  const account: Report['account'] = accounts.length
    ? {
        ...(av.signinName !== undefined ? { signinName: av.signinName } : {}),
        ...(av.login !== undefined ? { login: av.login } : {}),
        ...(av.server !== undefined ? { server: av.server } : {}),
        ...(av.sipeVersion !== undefined ? { sipeVersion: av.sipeVersion } : {}),
        ...((av.userAgent || av.userAgentSent || sentUa) ? { userAgent: (av.userAgent || av.userAgentSent || sentUa) as string } : {}),
      }
    : undefined;

  const counts: Partial<Record<Kind, number>> = {};
  for (const o of bundle.observations) counts[o.kind] = (counts[o.kind] ?? 0) + 1;

  const ruleErrors: { ruleId: string; message: string }[] = [];
  for (const r of runs) {
    if (r.status === 'error' && !ruleErrors.some((e) => e.ruleId === r.ruleId && e.message === r.reason)) ruleErrors.push({ ruleId: r.ruleId, message: r.reason ?? 'rule threw' });
  }

  const warnings: string[] = [];
  if (bundle.observations.length === 0) warnings.push('No evidence was found: the input holds no SIPE connection attempt.');
  if (bundle.parseStats && bundle.parseStats.sipeLines === 0 && bundle.mode === 'log') warnings.push('The log contains no SIPE lines: was the account a SIPE (Office Communicator) account, and was debug logging on?');
  if (bundle.parseStats && bundle.parseStats.messages === 0 && bundle.parseStats.sipeLines > 0) warnings.push('The log has no SIP message dumps; run Pidgin with PURPLE_UNSAFE_DEBUG=1 for a confirmed diagnosis.');
  for (const w of bundle.parseStats?.incompleteInputs ?? []) warnings.push(`The input is incomplete: ${w}.`);
  const summarised = bundle.parseStats?.summarised;
  if (summarised) warnings.push(summarisedWarning(summarised));
  for (const p of bundle.probeErrors) warnings.push(`Probe ${p.probe} crashed: ${p.message}`);
  for (const n of bundle.notes ?? []) warnings.push(n);

  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'sipe-doctor', version: opts.version },
    run: {
      mode: opts.mode,
      ...(bundle.target !== undefined ? { target: bundle.target } : {}),
      ...(opts.inputs ? { inputs: opts.inputs } : {}),
      startedAt: opts.startedAt,
      durationMs: opts.durationMs,
      ...(opts.partial ? { partial: true } : {}),
    },
    verdict,
    findings,
    timeline,
    ...(account ? { account } : {}),
    evidence: {
      counts,
      attempts: ev.attempts().length,
      ...(bundle.parseStats ? { parseStats: bundle.parseStats } : {}),
      probeErrors: bundle.probeErrors.map((p) => ({ probe: p.probe, message: p.message })),
    },
    ruleErrors,
    warnings,
  };
}

/** What the log analyzer left out of a long log to keep memory bounded, in a sentence. */
function summarisedWarning(s: NonNullable<ParseStats['summarised']>): string {
  const parts: string[] = [];
  if (s.attempts > 0) parts.push(`the ${s.attempts.toLocaleString('en')} oldest sign-in attempt${s.attempts === 1 ? ' was' : 's were'} left out`);
  const omitted = s.observations.reduce((n, o) => n + o.omitted, 0);
  const top = [...s.observations].sort((a, b) => b.omitted - a.omitted)[0];
  if (top && omitted > 0) {
    parts.push(`${omitted.toLocaleString('en')} observations from the middle of long attempts were summarised, the first and last of each kind kept `
      + `(e.g. ${top.kept.toLocaleString('en')} of ${(top.kept + top.omitted).toLocaleString('en')} ${top.kind} in ${top.attempt ? `attempt ${top.attempt}` : 'the lines before the first attempt'})`);
  }
  return `The log is long: ${parts.join('; ')}. Counts in the findings cover what was kept.`;
}
