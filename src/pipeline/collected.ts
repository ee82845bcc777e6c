/**
 * A collect bundle → one Report: the live check and the real client's log are diagnosed each
 * with the shared context (environment, account), their verdicts combined (src/verdict/combine.ts),
 * and the report of the side that decides carries the three columns side by side (`collected`).
 * The same function serves `collect` on the user's machine and `analyze` / `replay` / `triage` at
 * the helpdesk, so both see the same verdict from the same evidence.
 */
import type { EvidenceBundle } from '../evidence/bundle.js';
import type { Observation } from '../evidence/kinds.js';
import type { EnvironmentData } from '../env/interpret.js';
import { parseLogSources, type TranslationCatalogs } from '../logs/index.js';
import type { CollectedSide, CollectedView, Report } from '../report/types.js';
import { combineVerdicts, type CombinedVerdict } from '../verdict/combine.js';
import type { Verdict } from '../verdict/types.js';
import type { CaseBundle } from './case-bundle.js';
import { diagnoseCollection, type DiagnoseSettings } from './diagnose.js';
import type { Collection } from './types.js';

/** Two bundles' observations in one, ids stamped afresh in order (context first: what the settings are). */
export function mergeEvidence(first: EvidenceBundle, second: EvidenceBundle, mode: EvidenceBundle['mode'] = second.mode): EvidenceBundle {
  const observations = [...first.observations, ...second.observations].map((o, i) => ({ ...o, id: `o${i + 1}` }) as Observation);
  return {
    ...second,
    mode,
    observations,
    probeErrors: [...first.probeErrors, ...second.probeErrors],
    notes: [...(first.notes ?? []), ...(second.notes ?? [])],
  };
}

export interface CaseDiagnosis {
  /** the combined report (of the deciding side, with `collected`) */
  report: Report;
  /** the evidence the deciding side was diagnosed from (for --save-evidence / --include-evidence) */
  evidence: EvidenceBundle;
  live?: Report;
  client?: Report;
  combined: CombinedVerdict;
}

export interface CaseDiagnoseOptions {
  catalogs?: TranslationCatalogs | undefined;
  /** how the report names its input (the bundle's file name) */
  name: string;
  mode: Collection['mode'];
}

/** The client's log → evidence (the log analyzer over the text the bundle carries). */
async function clientEvidence(log: string, name: string, catalogs: TranslationCatalogs | undefined): Promise<EvidenceBundle> {
  const bytes = (async function* () {
    yield new TextEncoder().encode(log);
  })();
  const parsed = await parseLogSources([{ name, bytes }], { ...(catalogs ? { catalogs } : {}), parallel: false });
  return parsed.bundle;
}

function verdictFacts(v: Verdict | undefined): string[] {
  return v ? [`${v.outcome}${v.rootCause ? `: ${v.rootCause}` : ''}${v.step ? ` (step ${v.step})` : ''}`] : [];
}

function environmentSide(b: CaseBundle): CollectedSide {
  const env = b.environment.report?.environment as EnvironmentData | undefined;
  if (!env) return { status: 'skipped', reason: b.environment.unavailable ?? 'not collected', facts: [] };
  const ver = (c: { installed: boolean; version?: string } | undefined, label: string): string | undefined =>
    c ? `${label} ${c.installed ? (c.version ?? 'version unknown') : 'not installed'}` : undefined;
  const facts = [
    env.os?.name ?? env.platform,
    ver(env.pidgin, 'Pidgin'), ver(env.finch, 'Finch'), ver(env.libpurple, 'libpurple'), ver(env.sipe, 'pidgin-sipe'), ver(env.libxml2, 'libxml2'),
    env.vpnInterfaces && env.vpnInterfaces.length > 0 ? `VPN-looking interfaces: ${env.vpnInterfaces.join(', ')}` : undefined,
    env.proxyVariables && Object.keys(env.proxyVariables).length > 0 ? `proxy variables: ${Object.keys(env.proxyVariables).join(', ')}` : undefined,
    env.locale ? `locale ${env.locale.messages}` : undefined,
    env.clock?.offsetMs !== undefined ? `clock offset ${Math.round(env.clock.offsetMs / 1000)} s` : undefined,
    ...(b.environment.report?.findings ?? []).map((f) => `problem: ${f.rootCause}`),
    ...b.account.lint.map((f) => `account lint: ${f.rootCause} (${f.severity})`),
  ].filter((x): x is string => typeof x === 'string' && x !== '');
  return { status: 'ran', facts };
}

/** Diagnose a (validated) collect bundle. */
export async function diagnoseCaseBundle(b: CaseBundle, s: DiagnoseSettings, o: CaseDiagnoseOptions): Promise<CaseDiagnosis> {
  const diag = (bundle: EvidenceBundle, partial = false): Report =>
    diagnoseCollection({ bundle, mode: o.mode, inputs: [o.name], ...(partial ? { partial } : {}) }, s);

  let live: Report | undefined;
  let liveEvidence: EvidenceBundle | undefined;
  if (b.check.status !== 'skipped' && b.check.evidence) {
    liveEvidence = mergeEvidence(b.context, b.check.evidence, 'live');
    live = diag(liveEvidence, b.check.status === 'partial');
  }
  let client: Report | undefined;
  let clientEv: EvidenceBundle | undefined;
  if (b.client.status === 'captured') {
    clientEv = mergeEvidence(b.context, await clientEvidence(b.client.log, `${o.name}#client.log`, o.catalogs), 'log');
    client = diag(clientEv);
  }
  const clientReason = b.client.status === 'skipped'
    ? b.client.reason
    : b.client.ended === 'deadline'
      ? 'the time budget ended first'
      : b.client.ended === 'certificate-prompt'
        ? 'stopped where libpurple asks the user to accept a certificate it could not verify'
        : undefined;
  const combined = combineVerdicts({ verdict: live?.verdict, reason: b.check.reason }, { verdict: client?.verdict, reason: clientReason });

  const base = combined.decidedBy === 'real-client' || (combined.decidedBy === 'both' && client) ? client : live;
  const evidence = (base === client ? clientEv : liveEvidence) ?? b.context;
  const baseReport = base ?? diag(b.context);

  const view: CollectedView = {
    bundle: { version: b.version, createdAt: b.createdAt },
    environment: environmentSide(b),
    live: live
      ? { status: b.check.status === 'partial' ? 'partial' : 'ran', ...(b.check.reason ? { reason: b.check.reason } : {}), verdict: live.verdict, facts: verdictFacts(live.verdict) }
      : { status: 'skipped', reason: b.check.reason ?? 'not run', facts: [] },
    client: client && b.client.status === 'captured'
      ? {
          status: b.client.ended === 'deadline' ? 'partial' : 'ran',
          ...(clientReason ? { reason: clientReason } : {}),
          verdict: client.verdict,
          facts: [...verdictFacts(client.verdict), `ended: ${b.client.ended}`, ...(b.client.client ? [b.client.client] : []), `${Math.round(b.client.durationMs / 100) / 10} s`],
        }
      : { status: 'skipped', reason: clientReason ?? 'not run', facts: [] },
    combined,
  };
  const verdict: Verdict = {
    ...baseReport.verdict,
    rootCause: combined.rootCause,
    outcome: combined.outcome,
    confidence: combined.confidence,
    summary: combined.summary,
  };
  const warnings = combined.agreement === 'disagree' ? [...baseReport.warnings, `The real client and the live check disagree. ${combined.explanation}`] : baseReport.warnings;
  const report: Report = { ...baseReport, verdict, warnings, collected: view, run: { ...baseReport.run, target: b.target } };
  return { report, evidence, ...(live ? { live } : {}), ...(client ? { client } : {}), combined };
}
