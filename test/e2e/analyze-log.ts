/**
 * Runs sipe-doctor's analyzer (parseLogSources + diagnose) on a client log, when both exist in this checkout.
 * Loaded by path at run time so the e2e suite compiles before the analyzer does.
 */
import type { LogLine } from '../../src/logs/types.js';

interface AnalyzerModules {
  parseLogSources(sources: { name: string; lines: AsyncIterable<LogLine> }[]): Promise<{ bundle: unknown }>;
  diagnose(bundle: unknown, opts: Record<string, unknown>): { verdict: { rootCause: string | null; outcome: string }; findings: { rootCause: string }[] };
}

async function load(): Promise<AnalyzerModules | string> {
  const logs = '../../src/logs/index.js';
  const diag = '../../src/diagnose.js';
  try {
    const l = (await import(/* @vite-ignore */ logs)) as Partial<AnalyzerModules>;
    const d = (await import(/* @vite-ignore */ diag)) as Partial<AnalyzerModules>;
    if (typeof l.parseLogSources !== 'function' || typeof d.diagnose !== 'function') return 'parseLogSources/diagnose not exported yet';
    return { parseLogSources: l.parseLogSources, diagnose: d.diagnose };
  } catch (e) {
    return `analyzer not loadable yet (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`;
  }
}

async function* linesOf(text: string): AsyncIterable<LogLine> {
  let no = 0;
  for (const t of text.split(/\r?\n/)) yield { no: ++no, text: t };
}

/** the verdict's root cause (null = signed in / nothing wrong), or a string saying why it could not run */
export async function analyzeLog(name: string, log: string): Promise<{ rootCause: string | null; all: string[] } | { unavailable: string }> {
  const m = await load();
  if (typeof m === 'string') return { unavailable: m };
  const { bundle } = await m.parseLogSources([{ name, lines: linesOf(log) }]);
  const report = m.diagnose(bundle, {
    now: new Date(), startedAt: new Date().toISOString(), durationMs: 0, version: '0.0.0-e2e', mode: 'analyze', inputs: [name],
  });
  return { rootCause: report.verdict.rootCause, all: report.findings.map((f) => f.rootCause) };
}
