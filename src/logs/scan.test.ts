import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLogSources, type LogParseResult } from './index.js';
import { LineInterest } from './interest.js';
import { ByteScanner, dumpMarker, type SkipSummary } from './scan.js';

const ROOT = join(import.meta.dirname, '../..');
const FIXTURES = ['fixtures/logs', 'fixtures/lab'].flatMap((d) =>
  readdirSync(join(ROOT, d)).filter((f) => f.endsWith('.log')).map((f) => join(ROOT, d, f)));

async function* chunks(data: Buffer, size = 4096): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

async function parse(data: Buffer, readEveryLine: boolean, size?: number): Promise<LogParseResult> {
  return parseLogSources([{ name: 'x.log', bytes: chunks(data, size) }], { readEveryLine });
}

/** The bundle without the redaction count (secrets of skipped lines are not read, so not counted). */
function comparable(r: LogParseResult): string {
  const { redactions: _r, ...stats } = r.bundle.parseStats ?? ({} as NonNullable<LogParseResult['bundle']['parseStats']>);
  return JSON.stringify({ ...r, bundle: { ...r.bundle, parseStats: stats } });
}

interface Scanned {
  lines: { no: number; text: string; truncated: boolean }[];
  skipped: number;
  records: number;
}

function scan(data: Buffer, size: number, interest = new LineInterest()): Scanned {
  const out: Scanned = { lines: [], skipped: 0, records: 0 };
  const scanner = new ByteScanner(interest, {
    line: (no, text, truncated) => out.lines.push({ no, text, truncated }),
    skipped: (s: Readonly<SkipSummary>) => {
      out.skipped += s.lines;
      out.records += s.records;
    },
  });
  for (let i = 0; i < data.length; i += size) scanner.push(data.subarray(i, i + size));
  scanner.end();
  return out;
}

describe('byte scanner', () => {
  it('skips most lines of a recorded session as bytes', () => {
    const data = readFileSync(join(ROOT, 'fixtures/lab/healthy.log'));
    const s = scan(data, 1 << 16);
    const total = s.lines.length + s.skipped;
    expect(total).toBe(data.toString('utf8').split('\n').length - 1);
    expect(s.skipped / total).toBeGreaterThan(0.5);
    // what is read comes out decoded and numbered as in the file
    const lines = data.toString('utf8').split('\n');
    for (const l of s.lines) expect(l.text).toBe(lines[l.no - 1]);
  });

  it.each(FIXTURES.map((f) => [f.slice(ROOT.length + 1), f]))('%s: the same evidence whether records are skipped as bytes or read', async (_name, file) => {
    const data = readFileSync(file);
    const skipped = await parse(data, false, 777);
    const read = await parse(data, true, 1 << 20);
    expect(comparable(skipped)).toBe(comparable(read));
  });

  it('reads the same lines whatever the chunk sizes', () => {
    const data = readFileSync(join(ROOT, 'fixtures/logs/windows-crlf-cp1252-short-dumps.log'));
    const whole = scan(data, data.length);
    fc.assert(fc.property(fc.integer({ min: 1, max: 300 }), (size) => {
      expect(scan(data, size)).toEqual(whole);
    }), { numRuns: 40 });
  });

  it('never lets a skipped line reach the evidence', async () => {
    const log = [
      "(10:11:12) account: Connecting to account alice@corp.example,.",
      "(10:11:12) sipe: sipe_purple_login: username 'alice@corp.example,'",
      '(10:11:12) plugins: SENTINEL-ONE password=hunter2',
      '(10:11:12) sipe: NTLM calculated MAC: 01000000DEADBEEF64000000 SENTINEL-TWO',
      '(10:11:12) sipe: <saml:Assertion>',
      'SENTINEL-THREE-assertion-content',
      '</saml:Assertion>',
      '(10:11:12) sipe: ',
      'MESSAGE START <<<<<<<<<< SIP(0x1) - 2026-11-22T01:15:36.036758Z',
      'NOTIFY sip:127.0.0.1:41516;transport=tls SIP/2.0',
      'Event: presence',
      'Authentication-Info: NTLM rspauth="SENTINEL-FOUR", srand="87CD2D68"',
      '',
      '<x>SENTINEL-FIVE</x>',
      'MESSAGE END <<<<<<<<<< SIP(0x1) - 2026-11-22T01:15:36.036758Z',
      '(10:11:13) connection: Connection error on 0x1 (reason: 2 description: Authentication failed)',
      '',
    ].join('\n');
    const r = await parse(Buffer.from(log), false);
    const json = JSON.stringify(r);
    expect(json).not.toMatch(/SENTINEL|hunter2|DEADBEEF/);
    expect(r.bundle.parseStats).toMatchObject({ lines: 16, messages: 1, redactions: 0 });
    expect(r.bundle.observations.map((o) => o.kind)).toEqual(['client.account', 'client.error']);
  });

  it('reads a record whose end it cannot vouch for (the next line is not a plain record start)', () => {
    const log = Buffer.from([
      '(10:11:12) plugins: opens <saml:Assertion>',
      'secret continuation',
      '[2024-01-05 10:11:13] (10:11:13) sipe: a line with another prefix',
      '(10:11:14) plugins: skipped',
      '(10:11:15) sipe: sip_transport_connected: \'h:5061\'(0x1)',
      '',
    ].join('\n'));
    const s = scan(log, 64);
    expect(s.lines.map((l) => l.no)).toEqual([1, 2, 3, 5]);
    expect(s.records).toBe(1);
  });

  it('tells the dump markers as the assembler does', () => {
    const m = (line: string) => dumpMarker(Buffer.from(line), 0, Buffer.byteLength(line));
    expect(m('MESSAGE START >>>>>>>>>> SIP(0x55f) - 2026-11-22T01:15:36.036758Z')).toEqual({ kind: 'start', sip: true, pointer: true });
    expect(m('MESSAGE START <<<<<<<<<< HTTP - 2026-11-22T01:15:36Z  ')).toEqual({ kind: 'start', sip: false, pointer: false });
    expect(m('MESSAGE END <<<<<<<<<< SIP((nil))')).toEqual({ kind: 'end', sip: true, pointer: true });
    expect(m('MESSAGE >>>>>>>>>> SIP(0x556f5e13ac20)')).toEqual({ kind: 'short', sip: true, pointer: true });
    expect(m('MESSAGE START >>>>>>>>> SIP - x')).toMatchObject({ kind: 'none' });
    expect(m('MESSAGE START >>>>>>>>>> SIP - a b')).toMatchObject({ kind: 'none' });
    expect(m('MESSAGE START >>>>>>>>>> SIP - tö')).toBe('unsure');
  });

  it('gives the same evidence on mangled logs, skipping or not (property)', async () => {
    const lines = FIXTURES.slice(0, 30).flatMap((f) => readFileSync(f, 'latin1').split(/\r?\n/));
    const noise = ['', ' ', '\t', 'MESSAGE END >>>>>>>>>> SIP(0x1) - x', 'CSeq: 1 REGISTER', '(10:11:12) nss: ERROR -8172: SEC_ERROR_UNTRUSTED_ISSUER',
      '[2024-01-05 10:11:12] (10:11:12) sipe: x', '\u001b[1m(10:11:12) sipe: x', '(10:11:12) sipe: Read error', '(10:11:12) sipe: lync_autodiscover_cb: got server list',
      '(10:11:12) sipe: sipe_svc_https_response: code 200', 'a\0b', 'regıster', 'x (10:11:12) sipe: mid-line'];
    const line = fc.oneof(fc.constantFrom(...lines), fc.constantFrom(...noise), fc.string({ maxLength: 40 }));
    const eol = fc.constantFrom('\n', '\r\n', '\r');
    const log = fc.array(fc.tuple(line, eol), { minLength: 1, maxLength: 120 });
    await fc.assert(fc.asyncProperty(log, fc.integer({ min: 1, max: 200 }), async (parts, size) => {
      const data = Buffer.from(parts.map(([l, e]) => l + e).join(''), 'latin1');
      expect(comparable(await parse(data, false, size))).toBe(comparable(await parse(data, true)));
    }), { numRuns: 150 });
  });
});
