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
import { EVIDENCE_BOUNDS, ObservationLog, type LogDraft } from './observations.js';
import { Recognizers } from './recognizers/index.js';
import { LineInterest } from './interest.js';
import { createRedactor } from '../redact/index.js';
import { cutAtPlan, LIGHT_LIMITS, lightInterest, planLightReading, type LightLimits, type LightPlan, type RandomAccess } from './light.js';
import { scanInWorker, workerAvailable } from './parallel.js';
import { ByteScanner, dumpStylesOf, timeOfPacked, type SkipSummary } from './scan.js';
import type { RedactedSink } from './scan-batch.js';
import { Tokenizer } from './tokenize.js';
import type { LogLine, LogRecord } from './types.js';

export type { TranslationCatalogs } from './i18n.js';

/**
 * One input of an analysis: its bytes as readLogBytes (read.ts) delivers them (UTF-8), or its lines
 * already decoded (each line's text is one line; its `no` is not used, lines are counted in order).
 */
export type LogSource = (
  | {
    name: string; bytes: AsyncIterable<Uint8Array>; lines?: undefined; sizeHint?: number | undefined;
    /**
     * a plain file: read at any offset, and read again from the start. Lets a large file be read
     * lightly (light.ts): searched for its attempts first, read again if the search was wrong.
     */
    file?: (RandomAccess & { reread(): AsyncIterable<Uint8Array> }) | undefined;
  }
  | { name: string; lines: AsyncIterable<LogLine>; bytes?: undefined; file?: undefined; sizeHint?: undefined }
) & {
  /** what the reader found wrong with the input while it was read (filled by then: ReadOptions.onWarning) */
  warnings?: readonly string[];
};

export interface LogParseOptions {
  catalogs?: TranslationCatalogs;
  /**
   * Read every record as text, skipping none as bytes (slower; the evidence is the same, only
   * `parseStats.redactions` counts the secrets of the skipped lines too): for tests and comparisons.
   */
  readEveryLine?: boolean;
  /**
   * Read `bytes` sources in a worker thread while this one recognizes (parallel.ts): `true` always,
   * `'auto'` for a source whose sizeHint is at least 8 MiB. Only from the built JavaScript.
   */
  parallel?: boolean | 'auto';
  /**
   * A `file` source at least `fromBytes` large is searched for its sign-in attempts first, and the
   * attempts the evidence leaves out are read lightly (light.ts; LIGHT_LIMITS by default).
   */
  light?: Partial<LightLimits>;
}

export interface LogParseResult {
  bundle: EvidenceBundle;
  /** source names that are not libpurple debug logs */
  notDebugLog: string[];
}

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
  /** no account sign-in starts in the file (a tail, a few pasted lines) */
  fragment: boolean;
}

/** the start line of a SIP or HTTP message pasted on its own (no `(HH:MM:SS) category:` prefix) */
const BARE_START = /^(?:SIP\/2\.0 \d{3}\b|(?:REGISTER|INVITE|SUBSCRIBE|NOTIFY|BYE|SERVICE|MESSAGE|OPTIONS|ACK|CANCEL|INFO|PRACK|UPDATE|REFER|PUBLISH) sip:\S+ SIP\/2\.0\s*$|HTTP\/1\.[01] \d{3}\b|(?:GET|POST) \S+ HTTP\/1\.[01]\s*$)/;
/** how much of an input without any debug line is kept to look for pasted messages */
const BARE_KEEP_LINES = 4000;

/**
 * Messages pasted without the debug log around them (what a helpdesk asks for: "send the SIP
 * response"), as the debug lines SIPE would have written for them: one full dump per message,
 * responses received, requests sent. Undefined when the lines hold no message start.
 */
export function bareMessagesAsLog(lines: readonly string[]): string[] | undefined {
  const starts: number[] = [];
  lines.forEach((l, i) => { if (BARE_START.test(l.trimStart())) starts.push(i); });
  if (!starts.length) return undefined;
  const out: string[] = [];
  starts.forEach((start, k) => {
    const end = starts[k + 1] ?? lines.length;
    const body = lines.slice(start, end).map((l, i) => (i === 0 ? l.trimStart() : l));
    while (body.length > 1 && (body[body.length - 1] as string).trim() === '' && (body[body.length - 2] as string).trim() === '') body.pop();
    const first = body[0] as string;
    const type = /^(?:SIP\/|\S+ sip:)/.test(first) ? 'SIP' : 'HTTP';
    const arrow = /^(?:SIP|HTTP)\//.test(first) ? '<<<<<<<<<<' : '>>>>>>>>>>';
    out.push('(00:00:00) sipe: ', `MESSAGE START ${arrow} ${type} - 1970-01-01T00:00:00.000000Z`, ...body, `MESSAGE END ${arrow} ${type} - 1970-01-01T00:00:00.000000Z`);
  });
  return out;
}

async function* linesOf(texts: readonly string[]): AsyncGenerator<LogLine> {
  let no = 0;
  for (const text of texts) yield { no: (no += 1), text };
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

/** The lines of a decoded source as UTF-8 bytes (batched), counting the lines it says were cut. */
async function* linesAsBytes(lines: AsyncIterable<LogLine>, cut: { lines: number }): AsyncGenerator<Uint8Array> {
  let batch: string[] = [];
  let size = 0;
  for await (const line of lines) {
    if (line.truncated) cut.lines += 1;
    batch.push(line.text, '\n');
    size += line.text.length + 1;
    if (size >= 1 << 16) {
      yield Buffer.from(batch.join(''), 'utf8');
      batch = [];
      size = 0;
    }
  }
  if (batch.length) yield Buffer.from(batch.join(''), 'utf8');
}

let sharedInterest: LineInterest | undefined;
/** a category every family reads in full: no record is skipped */
const READ_EVERY_LINE = new LineInterest([], true);

/** a file at least this large is read by a worker thread when parallel is 'auto' */
const PARALLEL_FROM_BYTES = 8 * 1024 * 1024;
/**
 * What one file's light reading covered, and how it ended: `matched` (the analysis counted the
 * attempts the search found), `ended-light` (the input ended before full reading resumed:
 * interrupted, or the file shrank), `mismatch` (read it again in full).
 */
interface LightOutcome {
  attempts: number;
  bytes: number;
  end: 'matched' | 'ended-light' | 'mismatch';
}

async function lightPlanFor(source: LogSource, opts: LogParseOptions): Promise<LightPlan | undefined> {
  const limits = { ...LIGHT_LIMITS, ...opts.light };
  if (!source.file || opts.readEveryLine || source.file.size < limits.fromBytes) return undefined;
  // a file that cannot be searched is read in full; the reading itself reports what is wrong with it
  return planLightReading(source.file, EVIDENCE_BOUNDS.attempts, limits).catch(() => undefined);
}

/** Reads one file into `out`: what the file tells about its generation, and whether it is a debug log at all. */
async function parseOne(source: LogSource, out: ObservationLog, attempts: AttemptCounter, stats: Stats, opts: LogParseOptions): Promise<GenerationFacts & { debugLines: number; bareLines?: string[]; light?: LightOutcome }> {
  const plan = await lightPlanFor(source, opts);
  out.beginFile(source.name);
  /** attempts counted when light reading began and when full reading resumed (light.ts) */
  const counted = { light: -1, full: -1 };
  /** the first line read lightly / in full again, and which one is awaited */
  let mark = Infinity;
  let markLight = false;
  let lastRecordTime: string | undefined;
  /** the time of the last records the reader skipped, made text only when asked (HHMMSS, -1 none) */
  let skippedTime = -1;
  const families = new Recognizers(out, attempts, () => {
    if (skippedTime >= 0) lastRecordTime = timeOfPacked(skippedTime);
    skippedTime = -1;
    return lastRecordTime;
  });
  const dumpStyles = new Set<DumpStyle>();
  // records of a category nobody reads at the moment are not even built; their time still counts as "the last line seen"
  const tokenizer = new Tokenizer(source.name, { keep: (category) => families.readsCategory(category), onSkip: (time) => { lastRecordTime = time; skippedTime = -1; } });
  let skippedRecords = 0;
  /** while no debug line has been seen: the input's first lines, in case they are pasted messages */
  let bare: string[] | undefined = [];
  const handle = (r: LogRecord): void => {
    const before = out.count;
    if (r.category === 'sipe') {
      families.sipeLine();
      stats.sipeLines += r.lines[1] - r.lines[0] + 1;
    }
    families.read(r);
    if (r.time !== undefined) {
      lastRecordTime = r.time;
      skippedTime = -1;
    }
    if ((r.category === 'sipe' || r.category === '') && (r.continuation.length > 0 || MAYBE_DUMP.test(r.text))) {
      for (const dump of dumpsInRecord(r)) {
        stats.messages += 1;
        dumpStyles.add(dump.style);
        families.readDump(r, dump);
      }
    }
    if (out.count > before) stats.recognized += r.lines[1] - r.lines[0] + 1;
  };
  const sink: RedactedSink = {
    line(no, redacted, truncated) {
      stats.lines += 1;
      if (bare) {
        if (tokenizer.counters.debugLines > 0 || skippedRecords > 0 || bare.length >= BARE_KEEP_LINES) bare = undefined;
        else bare.push(redacted);
      }
      if (truncated) stats.truncatedLines += 1;
      // a line of a record nobody reads at the moment is dropped here
      if (!tokenizer.trySkip(no, redacted, handle)) tokenizer.pushText(no, redacted, handle);
      if (no >= mark) {
        // the record before this line is handled, the one it starts is not
        if (markLight) counted.light = attempts.count;
        else counted.full = attempts.count;
        mark = Infinity;
      }
    },
    light(on, nextLine) {
      mark = nextLine;
      markLight = on;
    },
    skipped(s: Readonly<SkipSummary>) {
      // the record before them ends; they count as read, produce nothing (interest.ts), and their time is the last seen
      tokenizer.endRecord(handle);
      stats.lines += s.lines;
      stats.sipeLines += s.sipeLines;
      stats.messages += s.messages;
      skippedRecords += s.records;
      if (s.sipeRecords > 0) families.sipeLine();
      for (const st of dumpStylesOf(s.styles)) dumpStyles.add(st);
      if (s.lastTime >= 0) skippedTime = s.lastTime;
    },
  };
  const cut = { lines: 0 };
  const inWorker = source.bytes !== undefined && !opts.readEveryLine && workerAvailable
    && (opts.parallel === true || (opts.parallel === 'auto' && (source.sizeHint ?? 0) >= PARALLEL_FROM_BYTES));
  if (inWorker) stats.redactions += await scanInWorker(source.bytes as AsyncIterable<Uint8Array>, sink, plan);
  else {
    // every line read is redacted before anything else sees it
    const redactor = createRedactor();
    const interest = opts.readEveryLine ? READ_EVERY_LINE : (sharedInterest ??= new LineInterest());
    const scanner = new ByteScanner(interest, {
      line: (no, text, truncated) => sink.line(no, redactor.text(text), truncated),
      skipped: (s) => sink.skipped(s),
    });
    const chunks = source.bytes ?? linesAsBytes(source.lines, cut);
    const light = (on: boolean): void => {
      sink.light?.(on, scanner.lines + 1);
      scanner.switchTo(on ? lightInterest() : interest, on);
    };
    for await (const chunk of plan ? cutAtPlan(chunks, plan, light) : chunks) scanner.push(chunk);
    scanner.end();
    stats.redactions += redactor.total;
  }
  if (source.warnings?.length) stats.incompleteInputs = [...(stats.incompleteInputs ?? []), ...source.warnings];
  stats.truncatedLines += cut.lines;
  for (const r of tokenizer.end()) handle(r);
  families.finish();
  const debugLines = tokenizer.counters.debugLines + skippedRecords;
  stats.debugLines += debugLines;
  // every attempt the search found from fullFrom on, and no other, was read in full (an input that
  // ended before the light part began was read in full as far as it went)
  const light = plan && counted.light >= 0
    ? {
      attempts: (counted.full >= 0 ? counted.full : attempts.count) - counted.light, bytes: plan.fullFrom - plan.lightFrom,
      end: counted.full < 0 ? 'ended-light' as const : attempts.count - counted.full === plan.fullAttempts ? 'matched' as const : 'mismatch' as const,
    }
    : undefined;
  return { ...families.generationFacts, dumpStyles, debugLines, ...(debugLines === 0 && bare?.length ? { bareLines: bare } : {}), ...(light ? { light } : {}) };
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
  const fragments: { file: string; kind: 'tail' | 'messages' }[] = [];
  const lightly = { attempts: 0, bytes: 0 };
  for (const source of sources) {
    const mark = { log: out.checkpoint(), attempts: attempts.count, stats: { ...stats } };
    let facts = await parseOne(source, out, attempts, stats, opts);
    if (facts.light?.end === 'mismatch' && source.file) {
      // the attempts the analysis counted are not the ones the byte search found: read it again, in full
      out.rollback(mark.log);
      attempts.rewind(mark.attempts);
      for (const k of Object.keys(stats) as (keyof Stats)[]) if (!(k in mark.stats)) delete stats[k];
      Object.assign(stats, mark.stats);
      facts = await parseOne({ name: source.name, bytes: source.file.reread(), sizeHint: source.sizeHint }, out, attempts, stats, opts);
    } else if (facts.light) {
      if (facts.light.end === 'ended-light') {
        stats.incompleteInputs = [...(stats.incompleteInputs ?? []),
          `${source.name}: reading stopped in the older sign-in attempts, which are only skimmed (interrupted, or the file shrank): the last attempts read were not read in full`];
      }
      lightly.attempts += facts.light.attempts;
      lightly.bytes += facts.light.bytes;
    }
    const asLog = facts.bareLines ? bareMessagesAsLog(facts.bareLines) : undefined;
    if (asLog) {
      // pasted SIP/HTTP messages without the log around them: read as the dumps SIPE would have logged
      const counted = { lines: stats.lines, debugLines: stats.debugLines };
      facts = { ...(await parseOne({ name: source.name, lines: linesOf(asLog) }, out, attempts, stats, { ...opts, readEveryLine: true })), dumpStyles: new Set() };
      stats.lines = counted.lines;
      fragments.push({ file: source.name, kind: 'messages' });
    } else if (facts.fragment && facts.debugLines > 0) fragments.push({ file: source.name, kind: 'tail' });
    files.push(facts);
    if (facts.debugLines === 0) notDebugLog.push(source.name);
  }
  if (fragments.length) stats.fragments = fragments;
  const generation = generationOf(files);
  if (generation) stats.generation = generation;
  const drafts = await translateErrors(out.drafts(), opts.catalogs);
  const summarised = out.summarised();
  if (summarised) stats.summarised = lightly.attempts > 0 ? { ...summarised, lightlyRead: lightly } : summarised;
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
