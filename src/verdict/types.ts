/**
 * What the verdict produces from the rules' results: findings with their role, the verdict, the
 * timeline of the decisive attempt. The report carries them as they are (src/report/types.ts).
 */
import type { Kind } from '../evidence/kinds.js';
import type { Step } from '../evidence/steps.js';
import type { RootCauseId } from '../rules/root-causes.js';
import type { Confidence, Remediation, Severity } from '../rules/types.js';

/** Evidence citation: the observation and where it came from, for a human to look up. */
export interface EvidenceRef {
  id: string;
  kind: Kind;
  /** `file:first-last`, or `probe:<id>`, or `config:<file>` */
  where: string;
  file?: string;
  lines?: readonly [number, number];
  probe?: string;
  /** a one-line, redacted summary of what was observed */
  summary: string;
}

export interface Finding {
  rootCause: RootCauseId;
  ruleId: string;
  severity: Severity;
  step: Step;
  confidence: Confidence;
  title: string;
  /** plain words, citing the evidence */
  explanation: string;
  remediation: Remediation;
  evidence: readonly EvidenceRef[];
  attempt?: string;
  /** set by the verdict: 'primary', a consequence of the primary, or from an earlier attempt */
  role: 'primary' | 'consequence' | 'earlier-attempt' | 'warning' | 'other';
  docsUrl: string;
}

export interface Verdict {
  /** the primary root cause, or null when nothing is wrong */
  rootCause: RootCauseId | null;
  step: Step | null;
  confidence: Confidence | null;
  /** one sentence */
  summary: string;
  /** the attempt the verdict is about */
  attempt?: string;
  /** 'signed-in' when the last attempt registered, 'failed' when a primary cause was found,
   *  'unknown' when the evidence shows neither */
  outcome: 'signed-in' | 'failed' | 'unknown';
}

export interface TimelineEntry {
  /** `2024-05-01T23:38:56` when the log has dates, else the time of day `23:38:56`; probes: ISO */
  at?: string;
  /** the observation's kind: the ladder draws messages (DNS, TCP, TLS, HTTP, SIP) as arrows, the rest as notes */
  kind?: Kind;
  step: Step;
  /** e.g. `DNS SRV _sipinternaltls._tcp.corp.example → NXDOMAIN`, `REGISTER → 403 Forbidden` */
  label: string;
  status: 'ok' | 'fail' | 'info';
  /** peer for the ladder diagram: `dns`, `host:port` */
  peer?: string;
  evidence: readonly string[];
  attempt?: string;
}

/** A finding before the verdict gives it a role. */
export type DraftFinding = Omit<Finding, 'role'>;
