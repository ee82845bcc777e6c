/**
 * End to end from log lines to the verdict (parseLogSources + diagnose) for what the log analyzer
 * must infer on its own: requests from .scratch/logs-requests.md.
 */
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../pipeline/diagnose.js';
import type { Observation } from '../evidence/kinds.js';
import { loadTranslationCatalogs } from './i18n-load.js';
import type { TranslationCatalogs } from './i18n.js';
import { parseLogSources } from './index.js';
import { readLogLines } from './read.js';

let catalogs: TranslationCatalogs;
beforeAll(async () => {
  catalogs = await loadTranslationCatalogs();
});

async function fromLines(lines: string[]): Promise<Awaited<ReturnType<typeof parseLogSources>>> {
  async function* gen() { let no = 0; for (const text of lines) yield { no: ++no, text }; }
  return parseLogSources([{ name: 't.log', lines: gen() }], { catalogs });
}

function verdictOf(bundle: Awaited<ReturnType<typeof parseLogSources>>['bundle']) {
  return diagnose(bundle, { now: new Date('2026-11-22T12:00:00Z'), startedAt: '2026-11-22T12:00:00Z', durationMs: 1, version: 'test', mode: 'log' }).verdict;
}

const tcp = (obs: readonly Observation[]) => obs.filter((o) => o.kind === 'tcp.connect');

const LOGIN = [
  '(00:58:05) account: Connecting to account alice@corp.example,.',
  '(00:58:05) connection: Connecting. gc = 0x55d0c2b6e7d0',
  "(00:58:05) sipe: sipe_purple_login: username 'alice@corp.example,'",
  '(00:58:05) sipe: sipe_core_allocate: SIPE version 1.25.0 (Kerberos 5 & NTLM)',
  '(00:58:05) sipe: sipe_core_connect: user specified SIP server 127.0.0.1:48961',
];
const DROPPED_SYN = [
  '(00:58:05) sipe: transport_connect - hostname: 127.0.0.1 port: 48961',
  '(00:58:05) sipe: using SSL',
  '(00:58:05) proxy: Attempting connection to 127.0.0.1',
  '(00:58:05) proxy: Connecting to 127.0.0.1:48961 with no proxy',
  '(00:58:05) proxy: Connection in progress',
  '(00:58:10) util: Writing file prefs.xml to directory /tmp/sipe-client.x',
];

describe('a log that ends while SIPE is still connecting (dropped SYN)', () => {
  it('infers one tcp.connect timeout with the waiting time, and the verdict tcp-connect-timeout', async () => {
    const { bundle } = await fromLines([...LOGIN, ...DROPPED_SYN]);
    const t = tcp(bundle.observations);
    expect(t).toHaveLength(1);
    expect(t[0]).toMatchObject({
      attempt: 'a1',
      source: { type: 'log', lines: [6, 9] },
      data: { host: '127.0.0.1', port: 48961, purpose: 'sip', outcome: 'timeout', durationMs: 5000, error: 'the log ends 5 s after SIPE started connecting, with no answer' },
    });
    expect(verdictOf(bundle)).toMatchObject({ rootCause: 'tcp-connect-timeout', confidence: 'inferred' });
  });

  it('closes the pending connect when the next attempt starts, across midnight', async () => {
    const late = DROPPED_SYN.slice(0, 5).map((l) => l.replace('00:58:05', '23:59:58'));
    const { bundle } = await fromLines([...LOGIN.map((l) => l.replace('00:58:05', '23:59:58')), ...late, '(00:00:03) util: x',
      ...LOGIN.map((l) => l.replace('00:58:05', '00:01:00')), '(00:01:01) sipe: y']);
    expect(tcp(bundle.observations).map((o) => [o.attempt, o.data])).toEqual([
      ['a1', expect.objectContaining({ outcome: 'timeout', durationMs: 5000 })],
    ]);
  });

  it('says nothing when the connect was answered, refused or reported, or when it is an HTTP one', async () => {
    const answered = await fromLines([...LOGIN, ...DROPPED_SYN.slice(0, 5), '(00:58:06) proxy: Connected to 127.0.0.1:48961.', '(00:58:09) util: x']);
    expect(tcp(answered.bundle.observations).map((o) => o.data.outcome)).toEqual(['ok']);
    const reported = await fromLines([...LOGIN, ...DROPPED_SYN.slice(0, 5),
      '(00:58:20) connection: Connection error on 0x55d0c2b6e7d0 (reason: 0 description: SSL Connection Failed)']);
    expect(tcp(reported.bundle.observations)).toEqual([]);
    const http = await fromLines([...LOGIN, '(00:58:05) sipe: sipe_http_transport_new: new lyncweb.corp.example:443',
      '(00:58:05) sipe: transport_connect - hostname: lyncweb.corp.example port: 443', '(00:58:05) sipe: using SSL',
      '(00:58:05) proxy: Connecting to lyncweb.corp.example:443 with no proxy', '(00:58:10) util: x']);
    expect(tcp(http.bundle.observations)).toEqual([]);
  });
});

describe('client.error english is the filled sentence', () => {
  const file = 'fixtures/logs/windows-crlf-cp1252-short-dumps.log';
  const parsed = async () => parseLogSources([{ name: file, lines: readLogLines(file, { stdin: Readable.from([]) }) }], { catalogs });

  it('windows-crlf-cp1252-short-dumps.log: the English text and the explanation carry the server text', async () => {
    const { bundle } = await parsed();
    const err = bundle.observations.find((o) => o.kind === 'client.error');
    expect(err?.data).toMatchObject({ english: 'You have been rejected by the server: Check Microsoft Update for the newest version.' });
    const report = diagnose(bundle, { now: new Date('2026-11-22T12:00:00Z'), startedAt: '2026-11-22T12:00:00Z', durationMs: 1, version: 'test', mode: 'log' });
    const explanation = report.findings.find((f) => f.role === 'primary')?.explanation ?? '';
    expect(explanation).toContain('You have been rejected by the server: Check Microsoft Update for the newest version.');
    expect(explanation).not.toMatch(/server: (?:0|%s)\b/);
  });

  it('windows-crlf-cp1252-short-dumps.log → client-version-blocked (inferred)', async () => {
    const { bundle } = await parsed();
    expect(verdictOf(bundle)).toMatchObject({ rootCause: 'client-version-blocked', confidence: 'inferred' });
  });
});
