/**
 * The log analyzer: libpurple/SIPE `--debug` logs → EvidenceBundle.
 * lines ─► redact (every physical line) ─► tokenize ─► assemble dumps ─► recognizers ─► correlate
 * (attempt ids, other accounts filtered) ─► translate client errors ─► stamp ids.
 * Streaming: memory depends on the number of observations kept, not on the log size.
 */
import type { EvidenceBundle, ParseStats } from '../evidence/bundle.js';
import { stampDrafts } from '../evidence/bundle.js';
import type { ClientError } from '../evidence/kinds.js';
import { dumpsInRecord } from './assemble.js';
import { descriptionSuffix, resolveDescription, type TranslationCatalogs } from './i18n.js';
import { recognizeAccount } from './recognizers/account.js';
import { recognizeAuth } from './recognizers/auth.js';
import { recognizeClientError } from './recognizers/client-error.js';
import { createLogState, emit, type LogState, type MutableDraft } from './recognizers/context.js';
import { recognizeDiscovery } from './recognizers/discovery.js';
import { flushPendingRegister, recognizeSipDump, recognizeSipLines } from './recognizers/sip.js';
import { finishTls, recognizeTls } from './recognizers/tls.js';
import { finishPendingConnect, recognizeTransport } from './recognizers/transport.js';
import { recognizeHttpDump, recognizeWebTicket } from './recognizers/webticket.js';
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

/**
 * Recognizers in the order they run, each with the libpurple categories it reads (a record of any
 * other category cannot produce anything there, so it is not offered: most lines of a long log are
 * `nss:`/`util:`/… noise). Keep the categories in step with the `r.category` tests in each recognizer.
 */
const RECORD_RECOGNIZERS: readonly { recognize: (r: LogRecord, st: LogState) => void; categories: readonly string[] }[] = [
  { recognize: recognizeAccount, categories: ['util', 'account', 'connection', 'sipe'] },
  { recognize: recognizeDiscovery, categories: ['sipe', 'dnssrv', 'dnsquery'] },
  { recognize: recognizeTransport, categories: ['sipe', 'proxy'] },
  { recognize: recognizeTls, categories: ['nss', 'gnutls', 'certificate/x509/tls_cached', 'certificate'] },
  { recognize: recognizeSipLines, categories: ['sipe'] },
  { recognize: recognizeAuth, categories: ['sipe'] },
  { recognize: recognizeWebTicket, categories: ['sipe'] },
  { recognize: recognizeClientError, categories: ['connection'] },
];

const RECOGNIZERS_BY_CATEGORY: ReadonlyMap<string, readonly ((r: LogRecord, st: LogState) => void)[]> = (() => {
  const map = new Map<string, ((r: LogRecord, st: LogState) => void)[]>();
  for (const { recognize, categories } of RECORD_RECOGNIZERS) {
    for (const c of categories) map.set(c, [...(map.get(c) ?? []), recognize]);
  }
  return map;
})();

/**
 * Would a record of this category be read, given what the parse knows now? Recognizers and dumps in
 * `sipe:` / prefix-less records; the SSL plugins' lines only while a SIPE TLS connection is being set
 * up (recognizeTls ignores them otherwise), `util:` only until the platform is known. Asked when the
 * record starts, after every earlier record was handled, so the answer is the one handle() would give.
 */
function isReadCategory(category: string, st: LogState): boolean {
  if (category === 'nss' || category === 'gnutls') return st.tlsPeer !== undefined;
  if (category === 'util') return st.platformHint === undefined;
  return category === 'sipe' || category === '' || RECOGNIZERS_BY_CATEGORY.has(category);
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

function generationOf(states: readonly LogState[]): string | undefined {
  for (const st of states) if (st.sipeVersion) return generationOfVersion(st.sipeVersion);
  const styles = new Set(states.flatMap((s) => [...s.dumpStyles]));
  if (styles.has('short-pointer') || styles.has('full-pointer')) return '1.24+';
  if (styles.has('legacy') || states.some((s) => s.legacySipe)) return '1.10';
  if (styles.has('full')) return '1.11-1.21';
  return undefined;
}

function pruneAttempts(st: LogState): void {
  const n = st.attemptCount.n;
  if (n <= MAX_ATTEMPTS_KEPT && st.drafts.length <= MAX_CONTEXT_DRAFTS * 4) return;
  const oldest = n - MAX_ATTEMPTS_KEPT;
  let context = 0;
  st.drafts = st.drafts.filter((d) => {
    if (d.attempt === undefined) return (context += 1) <= MAX_CONTEXT_DRAFTS;
    return Number(d.attempt.slice(1)) > oldest;
  });
}

async function parseOne(source: LogSource, st: LogState, stats: { -readonly [K in keyof ParseStats]: ParseStats[K] }): Promise<number> {
  // records nobody reads are not even built; their time still counts as "the last line seen"
  const tokenizer = new Tokenizer(source.name, { keep: (category) => isReadCategory(category, st), onSkip: (time) => { st.lastRecordTime = time; } });
  const redactor = createRedactor();
  let attempts = st.attemptCount.n;
  const handle = (r: LogRecord): void => {
    const before = st.drafts.length;
    if (r.category === 'sipe') {
      st.sipeSeen = true;
      stats.sipeLines += r.lines[1] - r.lines[0] + 1;
    }
    const recognizers = RECOGNIZERS_BY_CATEGORY.get(r.category);
    if (recognizers) for (const recognize of recognizers) recognize(r, st);
    if (r.time !== undefined) st.lastRecordTime = r.time;
    if ((r.category === 'sipe' || r.category === '') && (r.continuation.length > 0 || MAYBE_DUMP.test(r.text))) {
      for (const dump of dumpsInRecord(r)) {
        stats.messages += 1;
        st.dumpStyles.add(dump.style);
        recognizeSipDump(r, dump, st);
        recognizeHttpDump(r, dump, st);
      }
    }
    if (st.drafts.length > before) stats.recognized += r.lines[1] - r.lines[0] + 1;
    if (st.attemptCount.n !== attempts) {
      attempts = st.attemptCount.n;
      pruneAttempts(st);
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
  flushPendingRegister(st);
  finishTls(st);
  finishPendingConnect(st);
  stats.debugLines += tokenizer.counters.debugLines;
  return tokenizer.counters.debugLines;
}

/** Fill english/detail/translated/language of client errors; add the web-ticket result they imply. */
async function translateErrors(drafts: MutableDraft[], catalogs: TranslationCatalogs | undefined): Promise<MutableDraft[]> {
  const out: MutableDraft[] = [];
  for (const d of drafts) {
    out.push(d);
    if (d.kind !== 'client.error') continue;
    const data = d.data as ClientError['data'];
    const t = await resolveDescription(data.description, catalogs);
    data.english = t.english;
    data.translated = t.translated;
    if (t.detail !== undefined) data.detail = t.detail;
    if (t.language !== undefined) data.language = t.language;
    const stage = t.template === 'Web ticket request to %s failed' ? 'webticket'
      : t.template === 'Certificate request to %s failed' ? 'certificate' : undefined;
    if (stage) {
      // the server's text: SIPE's `\n(<text>)` suffix, else the SOAP fault of the attempt's last HTTP exchange
      const lastFault = [...out].reverse().find((o) => o.kind === 'http.exchange' && o.attempt === d.attempt && o.data.fault);
      const fault = descriptionSuffix(data.description)
        ?? (lastFault && lastFault.kind === 'http.exchange' ? lastFault.data.fault : undefined);
      const st = { drafts: [] as MutableDraft[], file: '', attempt: d.attempt } as unknown as LogState;
      const at = d.at?.startsWith('T') ? { time: d.at.slice(1) } : d.at ? { date: d.at.slice(0, 10), time: d.at.slice(11) } : {};
      const lines = d.source.type === 'log' ? d.source.lines : ([1, 1] as const);
      const w = emit(st, { ...at, lines }, {
        kind: 'webticket.result',
        data: { stage, outcome: 'failed', ...(t.detail ? { url: t.detail } : {}), ...(fault ? { fault } : {}) },
      });
      w.source = d.source;
      out.push(w);
    }
  }
  return out;
}

export async function parseLogSources(sources: readonly LogSource[], opts: LogParseOptions = {}): Promise<LogParseResult> {
  const stats = {
    lines: 0, recognized: 0, files: sources.map((s) => s.name), debugLines: 0, sipeLines: 0,
    messages: 0, truncatedLines: 0, redactions: 0,
  } as { -readonly [K in keyof ParseStats]: ParseStats[K] };
  const attemptCount = { n: 0 };
  const states: LogState[] = [];
  const notDebugLog: string[] = [];
  for (const source of sources) {
    const st = createLogState(source.name, attemptCount, opts.catalogs);
    states.push(st);
    const debugLines = await parseOne(source, st, stats);
    if (debugLines === 0) notDebugLog.push(source.name);
  }
  const generation = generationOf(states);
  if (generation) stats.generation = generation;
  let drafts = states.flatMap((s) => s.drafts);
  drafts = await translateErrors(drafts, opts.catalogs);
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
