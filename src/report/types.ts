import type { ParseStats } from '../evidence/bundle.js';
import type { Kind } from '../evidence/kinds.js';
import type { CombinedVerdict } from '../verdict/combine.js';
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
  /** a `collect` bundle: the environment, the live check and the real client side by side */
  collected?: CollectedView;
  /**
   * `check`: the client installed on this machine, summarised (`sipe-doctor env` has it all). A header,
   * not evidence: the check measures the server from here, whatever this machine's client is.
   */
  machine?: MachineSummary;
}

export interface MachineSummary {
  /** short facts: `pidgin-sipe 1.25.0-2.1`, `libxml2 2.9.14+dfsg-1.3~deb12u6`, `Pidgin running` */
  facts: readonly string[];
  /** known-broken combinations on this machine, e.g. `client-xml-parser-broken` */
  knownProblems: readonly string[];
}

/** One column of the side-by-side view of a `collect` bundle. */
export interface CollectedSide {
  status: 'ran' | 'partial' | 'skipped';
  /** why it was skipped or cut short */
  reason?: string;
  verdict?: Verdict;
  /** short facts, one line each (how it ended, versions, settings) */
  facts: readonly string[];
}

export interface CollectedView {
  /** the bundle's format version and when it was collected */
  bundle: { version: number; createdAt: string };
  environment: CollectedSide;
  live: CollectedSide;
  client: CollectedSide;
  combined: CombinedVerdict;
}
