import type { EvidenceBundle, ParseStats } from '../evidence/bundle.js';
import type { Kind } from '../evidence/kinds.js';
import type { EvidenceSet } from '../evidence/set.js';
import type { RuleRun } from '../rules/engine.js';
import { accountOf } from '../evidence/derive/account.js';
import type { Finding, TimelineEntry, Verdict } from '../verdict/types.js';
import type { Report } from './types.js';
import { REPORT_SCHEMA_VERSION } from './types.js';

export interface BuildOptions {
  version: string;
  mode: Report['run']['mode'];
  startedAt: string;
  durationMs: number;
  inputs?: readonly string[];
  partial?: boolean;
}

/** What the pipeline has decided, for the report to carry. */
export interface ReportInput {
  bundle: EvidenceBundle;
  ev: EvidenceSet;
  runs: readonly RuleRun[];
  verdict: Verdict;
  findings: readonly Finding[];
  timeline: readonly TimelineEntry[];
}

/**
 * The one object every formatter reads. It carries the verdict and findings it is given (it does
 * not decide anything) plus the account seen, evidence counts, rule errors and warnings.
 */
export function buildReport(input: ReportInput, opts: BuildOptions): Report {
  const { bundle, ev, runs, verdict, findings, timeline } = input;
  const accounts = ev.all('client.account');
  const av = accountOf(ev);
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
  for (const f of bundle.parseStats?.fragments ?? []) {
    warnings.push(f.kind === 'messages'
      ? `${f.file} holds SIP/HTTP message(s) pasted without the debug log: they prove the server's answer; a debug log of the whole sign-in (PURPLE_UNSAFE_DEBUG=1 pidgin --debug) would show the account settings and what SIPE did before and after.`
      : `${f.file} is a fragment of a log (no sign-in starts in it): the verdict rests on the lines it has; a log from the start of the sign-in would show the account, the server found and every step before.`);
  }
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

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toLocaleString('en', { maximumFractionDigits: 1 })} MB`;
}

/** What the log analyzer left out of a long log to keep memory bounded, in a sentence. */
function summarisedWarning(s: NonNullable<ParseStats['summarised']>): string {
  const parts: string[] = [];
  if (s.attempts > 0) {
    const light = s.lightlyRead && s.lightlyRead.attempts > 0
      ? ` (${s.lightlyRead.attempts.toLocaleString('en')} of them, ${megabytes(s.lightlyRead.bytes)}, were only skimmed for who signed in: their messages were counted, not read)`
      : '';
    parts.push(`the ${s.attempts.toLocaleString('en')} oldest sign-in attempt${s.attempts === 1 ? ' was' : 's were'} left out${light}`);
  }
  const omitted = s.observations.reduce((n, o) => n + o.omitted, 0);
  const top = [...s.observations].sort((a, b) => b.omitted - a.omitted)[0];
  if (top && omitted > 0) {
    parts.push(`${omitted.toLocaleString('en')} observations from the middle of long attempts were summarised, the first and last of each kind kept `
      + `(e.g. ${top.kept.toLocaleString('en')} of ${(top.kept + top.omitted).toLocaleString('en')} ${top.kind} in ${top.attempt ? `attempt ${top.attempt}` : 'the lines before the first attempt'})`);
  }
  return `The log is long: ${parts.join('; ')}. Counts in the findings cover what was kept.`;
}
