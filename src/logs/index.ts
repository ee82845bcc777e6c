/**
 * The log analyzer: libpurple/SIPE `--debug` logs → EvidenceBundle.
 * lines ─► redact ─► tokenize ─► assemble dumps ─► recognizer families (recognizers/index.ts: each
 * owns its state, they hand off through a small typed context) ─► ordered observation log
 * (observations.ts) ─► translate client errors ─► stamp ids.
 * Streaming: memory depends on the number of observations kept, not on the log size.
 */
import type { EvidenceBundle, ParseStats } from '../evidence/bundle.js';
import { stampDrafts } from '../evidence/bundle.js';
import { dumpsInRecord, type DumpStyle } from './assemble.js';
import { AttemptCounter } from './correlate.js';
import { descriptionSuffix, resolveDescription, type TranslationCatalogs } from './i18n.js';
import { ObservationLog, type LogDraft } from './observations.js';
import { Recognizers } from './recognizers/index.js';
import { createRedactor } from './redact.js';
import { Tokenizer } from './tokenize.js';
import type { LogLine, LogRecord } from './types.js';

export type { TranslationCatalogs } from './i18n.js';

export interface LogSource {
  name: string;
  lines: AsyncIterable<LogLine>;
}

export interface LogParseOptions {
  catalogs?: TranslationCatalogs;
}

export interface LogParseResult {
  bundle: EvidenceBundle;
  /** source names that are not libpurple debug logs */
  notDebugLog: string[];
}

/** Older attempts beyond this are dropped (an auto-reconnect loop over days must not grow memory). */
const MAX_ATTEMPTS_KEPT = 25;
const MAX_CONTEXT_DRAFTS = 5000;

const MAYBE_DUMP = /^(?:MESSAGE |sending - |received - )|^$/;

/** `1.25.0` → `1.24+` … */
export function generationOfVersion(version: string): string | undefined {
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (!m) return undefined;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  if (major !== 1) return major > 1 ? '1.24+' : undefined;
  if (minor <= 10) return '1.10';
  if (minor <= 21) return '1.11-1.21';
  if (minor <= 23) return '1.22-1.23';
  return '1.24+';
}

/** What one file tells about the SIPE generation that wrote it. */
interface GenerationFacts {
  sipeVersion: string | undefined;
  legacySipe: boolean;
  dumpStyles: ReadonlySet<DumpStyle>;
}

function generationOf(files: readonly GenerationFacts[]): string | undefined {
  for (const f of files) if (f.sipeVersion) return generationOfVersion(f.sipeVersion);
  const styles = new Set(files.flatMap((f) => [...f.dumpStyles]));
  if (styles.has('short-pointer') || styles.has('full-pointer')) return '1.24+';
  if (styles.has('legacy') || files.some((f) => f.legacySipe)) return '1.10';
  if (styles.has('full')) return '1.11-1.21';
  return undefined;
}

type Stats = { -readonly [K in keyof ParseStats]: ParseStats[K] };

/** Reads one file into `out`: what the file tells about its generation, and whether it is a debug log at all. */
async function parseOne(source: LogSource, out: ObservationLog, attempts: AttemptCounter, stats: Stats): Promise<GenerationFacts & { debugLines: number }> {
  out.beginFile(source.name);
  let lastRecordTime: string | undefined;
  const families = new Recognizers(out, attempts, () => lastRecordTime);
  const dumpStyles = new Set<DumpStyle>();
  // records nobody reads are not even built; their time still counts as "the last line seen"
  const tokenizer = new Tokenizer(source.name, { keep: (category) => families.readsCategory(category), onSkip: (time) => { lastRecordTime = time; } });
  const redactor = createRedactor();
  let attemptsSeen = attempts.count;
  const handle = (r: LogRecord): void => {
    const before = out.count;
    if (r.category === 'sipe') {
      families.sipeLine();
      stats.sipeLines += r.lines[1] - r.lines[0] + 1;
    }
    families.read(r);
    if (r.time !== undefined) lastRecordTime = r.time;
    if ((r.category === 'sipe' || r.category === '') && (r.continuation.length > 0 || MAYBE_DUMP.test(r.text))) {
      for (const dump of dumpsInRecord(r)) {
        stats.messages += 1;
        dumpStyles.add(dump.style);
        families.readDump(r, dump);
      }
    }
    if (out.count > before) stats.recognized += r.lines[1] - r.lines[0] + 1;
    if (attempts.count !== attemptsSeen) {
      attemptsSeen = attempts.count;
      out.prune(attempts.count, MAX_ATTEMPTS_KEPT, MAX_CONTEXT_DRAFTS);
    }
  };
  for await (const line of source.lines) {
    stats.lines += 1;
    if (line.truncated) stats.truncatedLines += 1;
    // a line of a record nobody reads is dropped before it costs a redaction
    if (tokenizer.trySkip(line.no, line.text, handle)) redactor.defer(line.text);
    else tokenizer.pushText(line.no, redactor.text(line.text), handle);
  }
  stats.redactions += redactor.total;
  for (const r of tokenizer.end()) handle(r);
  families.finish();
  stats.debugLines += tokenizer.counters.debugLines;
  return { ...families.generationFacts, dumpStyles, debugLines: tokenizer.counters.debugLines };
}

/** Client errors with their English msgid (and translation) filled in, each followed by the web-ticket result it implies. */
async function translateErrors(drafts: readonly LogDraft[], catalogs: TranslationCatalogs | undefined): Promise<LogDraft[]> {
  const out: LogDraft[] = [];
  for (const d of drafts) {
    if (d.kind !== 'client.error') {
      out.push(d);
      continue;
    }
    const t = await resolveDescription(d.data.description, catalogs);
    const data = {
      ...d.data, english: t.english, translated: t.translated,
      ...(t.detail !== undefined ? { detail: t.detail } : {}), ...(t.language !== undefined ? { language: t.language } : {}),
    };
    out.push({ ...d, data });
    const stage = t.template === 'Web ticket request to %s failed' ? 'webticket'
      : t.template === 'Certificate request to %s failed' ? 'certificate' : undefined;
    if (!stage) continue;
    // the server's text: SIPE's `\n(<text>)` suffix, else the SOAP fault of the attempt's last HTTP exchange
    const lastFault = [...out].reverse().find((o) => o.kind === 'http.exchange' && o.attempt === d.attempt && o.data.fault);
    const fault = descriptionSuffix(data.description) ?? (lastFault && lastFault.kind === 'http.exchange' ? lastFault.data.fault : undefined);
    out.push({
      kind: 'webticket.result',
      ...(d.at ? { at: d.at } : {}),
      ...(d.attempt ? { attempt: d.attempt } : {}),
      source: d.source,
      data: { stage, outcome: 'failed', ...(t.detail ? { url: t.detail } : {}), ...(fault ? { fault } : {}) },
    });
  }
  return out;
}

export async function parseLogSources(sources: readonly LogSource[], opts: LogParseOptions = {}): Promise<LogParseResult> {
  const stats: Stats = {
    lines: 0, recognized: 0, files: sources.map((s) => s.name), debugLines: 0, sipeLines: 0,
    messages: 0, truncatedLines: 0, redactions: 0,
  };
  const attempts = new AttemptCounter();
  const out = new ObservationLog();
  const files: GenerationFacts[] = [];
  const notDebugLog: string[] = [];
  for (const source of sources) {
    const facts = await parseOne(source, out, attempts, stats);
    files.push(facts);
    if (facts.debugLines === 0) notDebugLog.push(source.name);
  }
  const generation = generationOf(files);
  if (generation) stats.generation = generation;
  const drafts = await translateErrors(out.drafts(), opts.catalogs);
  const fallback = { type: 'log' as const, file: sources[0]?.name ?? '-', lines: [1, 1] as const };
  const observations = stampDrafts(drafts, fallback);
  const accounts = observations.filter((o) => o.kind === 'client.account');
  const last = accounts[accounts.length - 1];
  const target = last && last.kind === 'client.account' ? last.data.signinName : undefined;
  return {
    bundle: {
      schemaVersion: 1,
      mode: 'log',
      ...(target ? { target } : {}),
      observations,
      probeErrors: [],
      parseStats: stats,
    },
    notDebugLog,
  };
}
