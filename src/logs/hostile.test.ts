/**
 * Arbitrary input through the log reader, the tokenizer, the dump assembler and the byte scanner:
 * no uncaught throw (only InputError from the reader), bounded time, and bounded output.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { dumpsInRecord } from './assemble.js';
import { parseLogSources } from './index.js';
import { LineInterest } from './interest.js';
import { InputError, readLogBytes, readLogLines } from './read.js';
import { ByteScanner } from './scan.js';
import { Tokenizer } from './tokenize.js';
import type { LogRecord } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'sd-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bytes that look a bit like a log: prefixes, markers, line ends, BOMs, gzip magic, high bytes. */
const piece = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc.constantFrom('(10:11:12) sipe: ', '(10:11:12) nss: ', 'MESSAGE START >>>>>>>>>> SIP(0x1) - t', 'MESSAGE END <<<<<<<<<< HTTP - t',
    'MESSAGE >>>>>>>>>> SIP(0x1)', 'sending - Mon Jan  1 10:11:12 2024', '######', 'REGISTER sip:x SIP/2.0', 'CSeq: 1 REGISTER', '\r\n', '\n', '\r',
    '\u001b[0m', '\u0000', '[2024-01-05 10:11:12] ', '<saml:Assertion>', 'gssapi-data="', 'é', '\uFEFF').map((s) => new TextEncoder().encode(s)),
  fc.constantFrom(Uint8Array.from([0x1f, 0x8b]), Uint8Array.from([0xff, 0xfe]), Uint8Array.from([0xfe, 0xff]), Uint8Array.from([0xef, 0xbb, 0xbf]), Uint8Array.from([0x80, 0xff, 0xc3])),
);
const logBytes = fc.array(piece, { maxLength: 60 }).map((parts) => Buffer.concat(parts.map((p) => Buffer.from(p))));

describe('hostile input', () => {
  it('the reader yields or throws InputError, nothing else, in bounded time (plain and gzipped)', async () => {
    let n = 0;
    await fc.assert(fc.asyncProperty(logBytes, fc.boolean(), fc.nat(40), async (data, gzip, cut) => {
      const body = gzip ? gzipSync(data) : data;
      const p = join(dir, `in-${n++}`);
      writeFileSync(p, gzip && cut > 0 ? body.subarray(0, Math.max(10, body.length - cut)) : body);
      const t0 = performance.now();
      try {
        let lines = 0;
        for await (const l of readLogLines(p, { stdin: Readable.from([]) }, { lineCap: 256 })) {
          lines += 1;
          expect(l.text.length).toBeLessThanOrEqual(256);
        }
        expect(lines).toBeLessThanOrEqual(data.length + 1);
      } catch (err) {
        expect(err).toBeInstanceOf(InputError);
      }
      expect(performance.now() - t0).toBeLessThan(5_000);
    }), { numRuns: 150 });
  });

  it('the scanner never throws, numbers every line once, and reads what it cannot vouch for', () => {
    fc.assert(fc.property(logBytes, fc.integer({ min: 1, max: 97 }), (data, size) => {
      const seen: number[] = [];
      let skipped = 0;
      const s = new ByteScanner(new LineInterest(), {
        line: (no) => seen.push(no),
        skipped: (sum) => { skipped += sum.lines; },
      }, 128);
      for (let i = 0; i < data.length; i += size) s.push(data.subarray(i, i + size));
      s.end();
      expect(seen.length + skipped).toBe(s.lines);
      expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    }), { numRuns: 300 });
  });

  it('the whole analysis of arbitrary bytes never throws and is the same whether lines are skipped or read', async () => {
    await fc.assert(fc.asyncProperty(logBytes, async (data) => {
      const parse = (readEveryLine: boolean) => parseLogSources([{ name: 'x', bytes: Readable.from([data]) }], { readEveryLine });
      const a = await parse(false);
      const b = await parse(true);
      expect(a.bundle.observations).toEqual(b.bundle.observations);
    }), { numRuns: 150 });
  });

  it('the tokenizer and the dump assembler take any lines, and dumps stay inside their record', () => {
    const line = fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('(10:11:12) sipe: ', 'MESSAGE START <<<<<<<<<< SIP(0x1) - t', 'MESSAGE END <<<<<<<<<< SIP(0x1) - t',
      'received - Mon Jan  1 10:11:12 2024', '#######', 'SIP/2.0 401 Unauthorized', 'MESSAGE <<<<<<<<<< HTTP(0x2)', 'HTTP/1.1 200 OK', ''));
    fc.assert(fc.property(fc.array(line, { maxLength: 80 }), (lines) => {
      const t = new Tokenizer('f');
      const records: LogRecord[] = [];
      lines.forEach((text, i) => t.pushText(i + 1, text, (r) => records.push(r)));
      records.push(...t.end());
      for (const r of records) {
        expect(r.lines[0]).toBeLessThanOrEqual(r.lines[1]);
        for (const d of dumpsInRecord(r)) {
          expect(d.lines[0]).toBeGreaterThanOrEqual(r.lines[0]);
          expect(d.lines[1]).toBeLessThanOrEqual(r.lines[1]);
        }
      }
    }), { numRuns: 300 });
  });

  it('one huge line without a line end costs the cap, not its size', async () => {
    const huge = Buffer.alloc(64 * 1024 * 1024, 0x61);
    const p = join(dir, 'one-line.log');
    writeFileSync(p, Buffer.concat([Buffer.from('(10:11:12) sipe: '), huge]));
    const r = await parseLogSources([{ name: p, bytes: readLogBytes(p, { stdin: Readable.from([]) }) }]);
    expect(r.bundle.parseStats).toMatchObject({ lines: 1, truncatedLines: 1 });
  }, 30_000);
});
