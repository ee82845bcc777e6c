import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, randomAccess, readLogBytes, readLogLines, type ReadOptions } from './read.js';
import type { LogLine } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'sipe-doctor-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const noStdin = { stdin: Readable.from([]) };

function file(name: string, content: Buffer | string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

async function all(input: string, io = noStdin, lineCap?: number): Promise<LogLine[]> {
  const out: LogLine[] = [];
  for await (const l of readLogLines(input, io, lineCap ? { lineCap } : {})) out.push(l);
  return out;
}

const texts = (ls: LogLine[]): string[] => ls.map((l) => l.text);

describe('readLogLines', () => {
  it('splits LF, CRLF and lone CR and numbers lines from 1', async () => {
    const ls = await all(file('mixed.log', 'a\r\nb\nc\rd'));
    expect(ls).toEqual([{ no: 1, text: 'a' }, { no: 2, text: 'b' }, { no: 3, text: 'c' }, { no: 4, text: 'd' }]);
  });

  it('keeps a CRLF split across chunk boundaries as one line break', async () => {
    const stdin = Readable.from([Buffer.from('x\r'), Buffer.from('\ny\r'), Buffer.from('\r\nz')]);
    expect(texts(await all('-', { stdin }))).toEqual(['x', 'y', '', 'z']);
  });

  it('reads stdin with -', async () => {
    const stdin = Readable.from(['(10:11:12) sipe: a\n', '(10:11:13) sipe: b\n']);
    expect(texts(await all('-', { stdin }))).toEqual(['(10:11:12) sipe: a', '(10:11:13) sipe: b']);
  });

  it('decompresses gzip detected by magic bytes, whatever the file name', async () => {
    const p = file('log.txt', gzipSync(Buffer.from('(10:11:12) sipe: one\n(10:11:12) sipe: two\n')));
    expect(texts(await all(p))).toEqual(['(10:11:12) sipe: one', '(10:11:12) sipe: two']);
  });

  it('reads what it can of a truncated gzip file, and says it is truncated', async () => {
    const full = gzipSync(Buffer.from('(10:11:12) sipe: one\n'.repeat(2000)));
    const p = file('cut.gz', full.subarray(0, Math.floor(full.length / 2)));
    const warnings: string[] = [];
    const ls: LogLine[] = [];
    for await (const l of readLogLines(p, noStdin, { onWarning: (w) => warnings.push(w) })) ls.push(l);
    expect(ls.length).toBeGreaterThan(0);
    expect(ls[0]?.text).toBe('(10:11:12) sipe: one');
    expect(warnings).toEqual([expect.stringMatching(/^'.*cut\.gz' is a truncated gzip file .*only the first \d+ MiB/)]);
    // the whole file gives no warning
    const whole: string[] = [];
    for await (const _ of readLogBytes(file('whole.gz', full), noStdin, { onWarning: (w) => whole.push(w) })) { /* read */ }
    expect(whole).toEqual([]);
  });

  it('decodes UTF-16 LE and BE with BOM', async () => {
    const text = '(10:11:12) connection: Fehler ä\r\nzweite\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    be[0] = 0xfe;
    be[1] = 0xff;
    expect(texts(await all(file('le.log', le)))).toEqual(['(10:11:12) connection: Fehler ä', 'zweite']);
    expect(texts(await all(file('be.log', be)))).toEqual(['(10:11:12) connection: Fehler ä', 'zweite']);
  });

  it('strips a UTF-8 BOM', async () => {
    expect(texts(await all(file('bom.log', Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0x0a]))))).toEqual(['a']);
  });

  it('falls back to Windows-1252 for a file that is not UTF-8', async () => {
    const p = file('cp1252.log', Buffer.from([...Buffer.from('C:\\Users\\J'), 0xfc, ...Buffer.from('rgen '), 0x80, 0x0a]));
    expect(texts(await all(p))).toEqual(['C:\\Users\\Jürgen €']);
  });

  it('replaces invalid sequences once the file has shown real UTF-8', async () => {
    const p = file('bad-utf8.log', Buffer.concat([Buffer.from('Jürgen\n'), Buffer.from([0x61, 0xff, 0x62, 0x0a])]));
    expect(texts(await all(p))).toEqual(['Jürgen', 'a\uFFFDb']);
  });

  it('cuts over-long lines at the cap and flags them', async () => {
    const p = file('long.log', `${'x'.repeat(5000)}\nshort\n`);
    const ls = await all(p, noStdin, 1024);
    expect(ls[0]?.text.length).toBe(1024);
    expect(ls[0]?.truncated).toBe(true);
    expect(ls[1]).toEqual({ no: 2, text: 'short' });
  });

  it('rejects binary files, directories and missing files with InputError', async () => {
    const bin = file('core', Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 7)));
    await expect(all(bin)).rejects.toThrow(InputError);
    await expect(all(bin)).rejects.toThrow(/binary/);
    const d = join(dir, 'sub');
    mkdirSync(d);
    await expect(all(d)).rejects.toThrow(/directory/);
    await expect(all(join(dir, 'nope.log'))).rejects.toThrow(/no such file/);
  });

  it('removes stray NUL bytes inside text', async () => {
    const p = file('nul.log', `(10:11:12) sipe: a line of text that is long enough\nab\0c\n`);
    expect(texts(await all(p))[1]).toBe('abc');
  });

  it('streams with bounded memory (32 MiB through stdin)', async () => {
    const line = Buffer.from(`(10:11:12) nss: Cipher - TLS_RSA_WITH_AES_128_CBC_SHA: Enabled ${'x'.repeat(60)}\n`);
    const chunk = Buffer.concat(Array.from({ length: 512 }, () => line));
    const total = 32 * 1024 * 1024;
    async function* gen(): AsyncGenerator<Buffer> {
      for (let sent = 0; sent < total; sent += chunk.length) yield chunk;
    }
    globalThis.gc?.();
    const before = process.memoryUsage().heapUsed;
    let n = 0;
    let peak = 0;
    for await (const l of readLogLines('-', { stdin: Readable.from(gen()) })) {
      n += l.text.length > 0 ? 1 : 0;
      if (n % 100_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - before);
    }
    expect(n).toBeGreaterThan(total / line.length - 2);
    expect(peak).toBeLessThan(48 * 1024 * 1024);
  });
});

async function bytesOf(input: string, opts: ReadOptions = {}): Promise<number> {
  let n = 0;
  for await (const c of readLogBytes(input, noStdin, opts)) n += c.length;
  return n;
}

describe('readLogBytes: hostile gzip', () => {
  // 1 MiB of log-like text compresses to a few KB; repeated gzip members inflate to what the count says
  const member = gzipSync(Buffer.from('(10:11:12) sipe: transport_input_common: new buffer length 4096\n'.repeat(16_384)));

  it('stops a gzip text bomb at the decompression ratio limit with a clear error', async () => {
    const p = file('bomb.log.gz', Buffer.concat(Array.from({ length: 96 }, () => member)));
    const t0 = performance.now();
    await expect(bytesOf(p)).rejects.toThrow(InputError);
    await expect(bytesOf(p)).rejects.toThrow(/inflates more than 250× .*decompression bomb/);
    expect(performance.now() - t0).toBeLessThan(20_000);
  });

  it('stops at the size limit', async () => {
    const p = file('big.log.gz', Buffer.concat(Array.from({ length: 8 }, () => member)));
    await expect(bytesOf(p, { maxInflatedBytes: 4 * 1024 * 1024 })).rejects.toThrow(/inflates to more than 4 MiB/);
    expect(await bytesOf(p)).toBe(8 * 1024 * 1024);
  });

  it('warns about data after the end of the compressed stream, and keeps what came before', async () => {
    const p = file('garbage.log.gz', Buffer.concat([member, Buffer.from('not gzip at all')]));
    const warnings: string[] = [];
    const n = await bytesOf(p, { onWarning: (w) => warnings.push(w) });
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThanOrEqual(1024 * 1024);
    expect(warnings).toEqual([expect.stringMatching(/garbage\.log\.gz' has .* the rest of the file was not read/)]);
  });

  it('refuses a gzip header with nothing behind it', async () => {
    await expect(bytesOf(file('empty.gz', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3])))).rejects.toThrow(/cannot be decompressed/);
  });
});

describe('randomAccess', () => {
  const streamOf = async (p: string): Promise<Buffer> => {
    const parts: Uint8Array[] = [];
    for await (const c of readLogBytes(p, noStdin)) parts.push(c);
    return Buffer.concat(parts);
  };

  it('reads a plain or BOM-prefixed UTF-8 file at the offsets of the stream the analysis reads', async () => {
    const text = '(10:00:00) sipe: é first\n(10:00:01) sipe: second\n';
    for (const p of [file('ra-plain.log', text), file('ra-bom.log', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))]) {
      const stream = await streamOf(p);
      const ra = await randomAccess(p);
      expect(ra?.size).toBe(stream.length);
      expect(Buffer.from((await ra!.readAt(5, 20)) as Uint8Array)).toEqual(stream.subarray(5, 25));
      expect(Buffer.from(await ra!.readAt(stream.length - 3, 100))).toEqual(stream.subarray(stream.length - 3));
    }
  });

  it('offers nothing where stream offsets are not file offsets (gzip, UTF-16), nor for stdin, a FIFO or a missing file', async () => {
    expect(await randomAccess(file('ra.log.gz', gzipSync('(10:00:00) sipe: x\n')))).toBeUndefined();
    expect(await randomAccess(file('ra-16.log', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('(10:00:00) sipe: x\n', 'utf16le')])))).toBeUndefined();
    expect(await randomAccess('-')).toBeUndefined();
    expect(await randomAccess(join(dir, 'missing.log'))).toBeUndefined();
    expect(await randomAccess(dir)).toBeUndefined();
  });
});
