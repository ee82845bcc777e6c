import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { readLogLines } from '../logs/read.js';
import { collectLogs } from '../pipeline/collect.js';
import { diagnoseCollection } from '../pipeline/diagnose.js';
import { redactLine } from '../redact/index.js';
import type { Kind } from '../evidence/kinds.js';
import type { Report } from '../report/types.js';
import type { Rule } from '../rules/types.js';
import type { RuleExample } from './model.js';

interface ManifestEntry {
  file: string;
  expectedRootCause: string | null;
  language?: string;
  synthetic?: boolean;
}

/** Which kinds' log lines show a failure best (lower first); a typed table, so a new kind needs a place. */
const PREFERENCE: Readonly<Record<Kind, number>> = {
  'sip.register': 0, 'client.error': 1, 'tls.handshake': 2, 'tls.certificate': 3, 'tcp.connect': 4, 'dns.lookup': 5,
  'http.exchange': 6, 'webticket.result': 7, 'auth.event': 8, 'session.ended': 9, 'sip.transaction': 9, 'transport.event': 10, 'discovery.event': 11,
  // never cited from a log line worth showing
  'client.account': 12, 'proxy.event': 12, 'autodiscover.response': 12, 'sip.user-agent-test': 12, 'client.environment': 12, 'check.stopped': 12,
};
const MAX_RANGES = 3;
const LINES_PER_RANGE = 12;
const MAX_LINE = 180;
/** a fixed clock: docs must not change from one run to the next */
const DOC_CLOCK = new Date('2025-01-01T00:00:00.000Z');

export async function readManifest(root: string): Promise<ManifestEntry[]> {
  try {
    return JSON.parse(await readFile(join(root, 'fixtures/logs/manifest.json'), 'utf8')) as ManifestEntry[];
  } catch {
    return [];
  }
}

async function fixtureLines(path: string): Promise<string[]> {
  const out: string[] = [];
  for await (const l of readLogLines(path, { stdin: Readable.from([]) })) out.push(l.text);
  return out;
}

async function diagnoseFixture(root: string, file: string, rules: readonly Rule[]): Promise<Report> {
  const path = join(root, 'fixtures/logs', file);
  const c = await collectLogs([{ name: file, lines: readLogLines(path, { stdin: Readable.from([]) }) }]);
  return diagnoseCollection(c, { startedAt: DOC_CLOCK, now: DOC_CLOCK, version: 'docs', rules });
}

/**
 * An excerpt of a recorded log for each rule that fires on one: the lines its finding cites
 * (the failing SIP response, the client error …), a few per citation, secrets redacted. Fixtures
 * whose expected root cause is the rule's come first, real recordings before synthetic ones.
 */
export async function fixtureExamples(root: string, rules: readonly Rule[]): Promise<Map<string, RuleExample>> {
  const manifest = await readManifest(root);
  const order = [...manifest].sort((a, b) => Number(a.synthetic ?? false) - Number(b.synthetic ?? false) || Number(a.language !== 'en') - Number(b.language !== 'en'));
  const reports = new Map<string, Report>();
  for (const entry of order) {
    try {
      reports.set(entry.file, await diagnoseFixture(root, entry.file, rules));
    } catch {
      // a missing or broken fixture just gives no example
    }
  }
  const out = new Map<string, RuleExample>();
  for (const rule of rules) {
    const candidates = [...order.filter((e) => e.expectedRootCause === rule.meta.rootCause), ...order.filter((e) => e.expectedRootCause !== rule.meta.rootCause)];
    for (const entry of candidates) {
      const finding = reports.get(entry.file)?.findings.find((f) => f.ruleId === rule.meta.id && f.evidence.some((e) => e.lines));
      if (!finding) continue;
      const refs = finding.evidence
        .filter((e) => e.lines && (e.file === undefined || e.file === entry.file))
        .sort((a, b) => rank(a.kind) - rank(b.kind))
        .slice(0, MAX_RANGES)
        .sort((a, b) => a.lines![0] - b.lines![0]);
      if (refs.length === 0) continue;
      const lines = await fixtureLines(join(root, 'fixtures/logs', entry.file));
      const ranges = merge(refs.map((e) => window(lines, e.lines![0], e.lines![1])));
      const text: string[] = [];
      ranges.forEach(([a, b], i) => {
        if (i > 0) text.push('…');
        for (let n = a; n <= b && n <= lines.length; n++) text.push(clip(redactLine(lines[n - 1] ?? '').text));
      });
      const where = ranges.map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`)).join(', ');
      out.set(rule.meta.id, { excerpt: text.join('\n'), source: `\`fixtures/logs/${entry.file}\`, lines ${where}` });
      break;
    }
  }
  return out;
}

/** a failure response first, else an error line */
const OUTCOME_LINES = [/^SIP\/2\.0 [3-6]\d\d /, /Connection error|error|failed|giving up/i];

/**
 * The part of a cited range worth reading: short ranges whole (with the line before); in a long
 * one (a REGISTER dump with its responses) the last failure response or error line and what follows.
 */
function window(lines: readonly string[], first: number, last: number): [number, number] {
  if (last - first + 1 <= LINES_PER_RANGE) return [Math.max(1, first - 1), last];
  for (const re of OUTCOME_LINES) {
    for (let n = last; n >= first; n--) {
      if (re.test(lines[n - 1] ?? '')) {
        const start = Math.max(first, n - 2);
        return [start, Math.min(last, start + LINES_PER_RANGE - 1)];
      }
    }
  }
  return [Math.max(first, last - LINES_PER_RANGE + 1), last];
}

function rank(kind: Kind): number {
  return PREFERENCE[kind];
}

function merge(ranges: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const r of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else out.push([...r]);
  }
  return out;
}

function clip(line: string): string {
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line;
}
