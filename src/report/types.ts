import type { ParseStats } from '../evidence/bundle.js';
import type { Kind } from '../evidence/kinds.js';
import type { Finding, TimelineEntry, Verdict } from '../verdict/types.js';

/** Version of the JSON report contract. Bump on any breaking change; document in README. */
export const REPORT_SCHEMA_VERSION = 1 as const;

export type { EvidenceRef, Finding, TimelineEntry, Verdict } from '../verdict/types.js';

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: 'sipe-doctor'; version: string };
  run: { mode: 'log' | 'live' | 'replay' | 'config'; target?: string; inputs?: readonly string[]; startedAt: string; durationMs: number; partial?: boolean };
  verdict: Verdict;
  findings: readonly Finding[];
  timeline: readonly TimelineEntry[];
  /** the account as seen in the evidence (redacted per options) */
  account?: { signinName?: string; login?: string; server?: string; sipeVersion?: string; userAgent?: string };
  evidence: {
    counts: Partial<Record<Kind, number>>;
    attempts: number;
    parseStats?: ParseStats;
    probeErrors: readonly { probe: string; message: string }[];
  };
  /** rules that threw (exit code 3) */
  ruleErrors: readonly { ruleId: string; message: string }[];
  warnings: readonly string[];
}
