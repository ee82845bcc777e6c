import type { Step } from '../evidence/steps.js';
import type { RootCauseId } from '../rules/root-causes.js';
import type { Report } from '../report/types.js';

/** Why a file in the batch was not diagnosed. */
export type SkipReason = 'not-a-debug-log' | 'empty' | 'binary' | 'unreadable' | 'not-a-file' | 'not-accounts-xml' | 'invalid-bundle' | 'internal-error';

export const SKIP_LABELS: Readonly<Record<SkipReason, string>> = {
  'not-a-debug-log': 'not a debug log',
  empty: 'empty',
  binary: 'binary file',
  unreadable: 'unreadable',
  'not-a-file': 'not a regular file',
  'not-accounts-xml': 'not a valid accounts.xml',
  'invalid-bundle': 'not a valid collect bundle',
  'internal-error': 'internal error',
};

/** A file found under the inputs. */
export interface TriageInput {
  /** where to read it */
  path: string;
  /** how to show it: relative to the working directory when inside it */
  display: string;
  kind: 'log' | 'accounts';
  /** found but cannot be listed/read (a missing input, a permission error on a directory) */
  error?: string;
  /** found but never opened: a device, FIFO, socket, kernel file (/proc, /sys) or symbolic link loop */
  skip?: { reason: SkipReason; message: string };
}

/** problem = exit 1, ok = exit 0, skipped = not diagnosed, error = a crash while diagnosing (exit 3). */
export type FileStatus = 'problem' | 'ok' | 'skipped' | 'error';

/** The outcome for one file; the report is dropped as soon as the file's output is written. */
export interface FileResult {
  file: string;
  kind: TriageInput['kind'];
  status: FileStatus;
  /** pseudonymized when the run redacts personal data */
  report?: Report;
  skip?: { reason: SkipReason; message: string };
}

/** What the summary (and the json/html file lists) keep per file: a few short strings. */
export interface FileSummary {
  file: string;
  kind: TriageInput['kind'];
  status: FileStatus;
  rootCause: RootCauseId | null;
  outcome?: Report['verdict']['outcome'];
  step?: Step | null;
  confidence?: Report['verdict']['confidence'];
  user?: string;
  title?: string;
  summary?: string;
  reason?: SkipReason;
  message?: string;
}

export interface TriageGroup {
  /** a root cause id, `signed-in`, `no-root-cause`, or a skip reason */
  key: string;
  rootCause: RootCauseId | null;
  title: string;
  step?: Step | undefined;
  count: number;
  examples: string[];
  users: string[];
  /** distinct users seen (users[] lists at most USERS_KEPT) */
  usersTotal: number;
}

export interface TriageTotals {
  files: number;
  diagnosed: number;
  problems: number;
  ok: number;
  skipped: number;
  errors: number;
  /** diagnosed files grouped by verdict, biggest first */
  groups: TriageGroup[];
  /** skipped files grouped by reason */
  skippedGroups: TriageGroup[];
}
