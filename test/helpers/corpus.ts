/**
 * The recorded corpus (fixtures/corpus, made by scripts/record-corpus.ts) and how a log of it is analysed:
 * `sipe-doctor analyze --json` in-process, with the message catalogs hidden (SIPE_DOCTOR_CATALOGS=none), as on a
 * helpdesk machine without Pidgin.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { createFakeIo } from './fake-io.js';

/** the repository root: the nearest directory with a package.json (this file also runs compiled, from dist/) */
function repoRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export const CORPUS_DIR = process.env['CORPUS_DIR'] ?? join(repoRoot(import.meta.dirname), 'fixtures', 'corpus');

export interface CorpusEntry {
  file: string;
  scenario: string;
  language: string;
  locale: string;
  encoding: string;
  bodies: boolean;
  tail?: number;
  expectedRootCause: string | null;
  /** reviewed: why this log cannot show the expected root cause; the analyzer must then give exceptionRootCause */
  exception?: string;
  exceptionRootCause?: string | null;
  /** the analyzer does not get this log right yet: the verdict must be gapVerdict (as recorded) or the right one */
  knownGap?: string;
  gapVerdict?: string | null;
}

export function readCorpusManifest(): CorpusEntry[] {
  return JSON.parse(readFileSync(join(CORPUS_DIR, 'manifest.json'), 'utf8')) as CorpusEntry[];
}

export interface CorpusVerdict {
  exit: number;
  rootCause: string | null;
  outcome: string;
  confidence: string | undefined;
  /** every finding's root cause */
  all: string[];
  /** stderr when analyze refused the input */
  error?: string;
}

/** `sipe-doctor analyze --json <file>` with catalogs hidden. */
export async function analyzeCorpusFile(file: string): Promise<CorpusVerdict> {
  const io = createFakeIo({ env: { SIPE_DOCTOR_CATALOGS: 'none' } });
  const exit = await main(['analyze', '--json', join(CORPUS_DIR, file)], io);
  const out = io.out();
  if (!out.trim()) return { exit, rootCause: null, outcome: 'refused', confidence: undefined, all: [], error: io.err().trim().split('\n')[0] ?? '' };
  const r = JSON.parse(out) as { verdict: { rootCause: string | null; outcome: string; confidence?: string }; findings: { rootCause: string }[] };
  return { exit, rootCause: r.verdict.rootCause, outcome: r.verdict.outcome, confidence: r.verdict.confidence, all: r.findings.map((f) => f.rootCause) };
}

/**
 * Does the verdict name the scenario's root cause? A scenario whose fault SIPE signs in despite
 * (the verdict is "signed in") counts when a finding beside it names the fault.
 */
export function namesRootCause(v: CorpusVerdict, expected: string | null): boolean {
  if (v.rootCause === expected) return true;
  return expected !== null && v.outcome === 'signed-in' && v.all.includes(expected);
}

/** What the verdict was, in the form a manifest records it (`gapVerdict`). */
export function verdictLabel(v: CorpusVerdict): string | null {
  return v.outcome === 'refused' ? 'refused' : v.rootCause;
}
