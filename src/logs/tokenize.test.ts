import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePrefix, recordText, Tokenizer } from './tokenize.js';
import type { LogRecord } from './types.js';

function tokenize(lines: string[]): LogRecord[] {
  const t = new Tokenizer('f.log');
  const out: LogRecord[] = [];
  lines.forEach((text, i) => out.push(...t.push({ no: i + 1, text })));
  out.push(...t.end());
  return out;
}

describe('parsePrefix', () => {
  it('reads the libpurple prefix and category', () => {
    expect(parsePrefix('(23:38:56) certificate/x509/tls_cached: Starting verify for 127.0.0.1')).toEqual({
      time: '23:38:56', category: 'certificate/x509/tls_cached', text: 'Starting verify for 127.0.0.1',
    });
    expect(parsePrefix('(23:38:56) sipe: ')).toEqual({ time: '23:38:56', category: 'sipe', text: '' });
  });

  it('accepts Windows Debug-window dates and pasted timestamps', () => {
    expect(parsePrefix('(2024-01-05 10:11:12) sipe: x')).toMatchObject({ date: '2024-01-05', time: '10:11:12', category: 'sipe' });
    expect(parsePrefix('[2024-01-05 10:11:12] (10:11:12) sipe: x')).toMatchObject({ date: '2024-01-05', time: '10:11:12', text: 'x' });
    expect(parsePrefix('2024-01-05T10:11:12Z (10:11:12) proxy: y')).toMatchObject({ date: '2024-01-05', category: 'proxy', text: 'y' });
    expect(parsePrefix('(05.01.2024 10:11:12) sipe: x')).toMatchObject({ date: '2024-01-05' });
  });

  it('treats SIP dump lines and plain text as continuation', () => {
    expect(parsePrefix('REGISTER sip:corp.example SIP/2.0')).toBeUndefined();
    expect(parsePrefix('Server Auth: 2048-bit TLS 1.3, Key Exchange: 255-bit TLS 1.3, Compression: NULL')).toBeUndefined();
    expect(parsePrefix('[2024-01-05 10:11:12] just a note')).toBeUndefined();
  });
});

describe('Tokenizer', () => {
  it('attaches continuation lines to their record (real nss record)', () => {
    const rs = tokenize([
      '(23:38:56) proxy: Connected to 127.0.0.1:5062.',
      '(23:38:56) nss: SSL version 3.4 using 256-bit AES-GCM with 128-bit AEAD MAC',
      'Server Auth: 2048-bit TLS 1.3, Key Exchange: 255-bit TLS 1.3, Compression: NULL',
      'Cipher Suite Name: TLS_AES_256_GCM_SHA384',
      '(23:38:56) nss: subject=CN=sip.corp.example issuer=CN=sip.corp.example',
    ]);
    expect(rs).toHaveLength(3);
    expect(rs[1]).toMatchObject({ category: 'nss', lines: [2, 4], continuation: [expect.stringContaining('Server Auth'), 'Cipher Suite Name: TLS_AES_256_GCM_SHA384'] });
    expect(recordText(rs[1] as LogRecord)).toContain('\nCipher Suite Name');
  });

  it('starts a new record where a prefix appears mid-line (cut-and-restarted line)', () => {
    const rs = tokenize(['(23:38:56) mediamanager: Registered Video/Sink device llvmpipe (LLVM(23:38:56) dbus: Failed to get connection']);
    expect(rs.map((r) => r.category)).toEqual(['mediamanager', 'dbus']);
    expect(rs[0]?.text).toBe('Registered Video/Sink device llvmpipe (LLVM');
    expect(rs[1]?.text).toBe('Failed to get connection');
    expect(rs[1]?.lines).toEqual([1, 1]);
  });

  it('keeps the head of a log that starts mid-record as a continuation-only record', () => {
    const rs = tokenize(['Content-Length: 0', '', 'MESSAGE END <<<<<<<<<< SIP(0x1) - 2026-01-01T00:00:00Z', '(10:00:00) sipe: next']);
    expect(rs[0]).toMatchObject({ category: '', text: '', lines: [1, 3] });
    expect(rs[0]?.time).toBeUndefined();
    expect(rs[1]).toMatchObject({ category: 'sipe', text: 'next', time: '10:00:00' });
  });

  it('counts debug lines', () => {
    const t = new Tokenizer('f');
    t.push({ no: 1, text: '(10:00:00) sipe: a' });
    t.push({ no: 2, text: 'cont' });
    t.push({ no: 3, text: '(10:00:01) account: b' });
    expect(t.counters.debugLines).toBe(2);
  });
});

describe('parsePrefix fast path', () => {
  it('reads `(HH:MM:SS) category: text` lines exactly like the general path', () => {
    const CHARS = [...'abcXYZ09_/.+-: ()\t\u001b[m'];
    const cat = fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 70 });
    fc.assert(fc.property(cat, fc.string({ maxLength: 8 }), (c, rest) => {
      const line = `(10:11:12) ${c}${rest}`;
      const fast = parsePrefix(line);
      // the same line behind an extra prefix goes through the general regex path
      const slow = parsePrefix(`[2024-01-05 10:11:12] ${line}`);
      if (!line.includes('\u001b')) expect(fast).toEqual(slow && { time: slow.time, category: slow.category, text: slow.text });
    }), { numRuns: 3000 });
  });
});

describe('Tokenizer fast path', () => {
  it('reads a prefixed line exactly as parsePrefix does', () => {
    const LINE = fc.tuple(fc.string({ unit: fc.constantFrom(...'abcX09_/.+-: ()\t'), maxLength: 70 }), fc.string({ maxLength: 30 }))
      .map(([c, r]) => `(10:11:12) ${c}${r}`);
    fc.assert(fc.property(LINE, (line) => {
      const t = new Tokenizer('f');
      const rs = [...t.push({ no: 1, text: line }), ...t.end()];
      fc.pre(rs.length === 1);
      const p = parsePrefix(line);
      expect(rs[0]).toEqual({ file: 'f', lines: [1, 1], time: p?.time, category: p?.category, text: p?.text, continuation: [] });
    }), { numRuns: 3000 });
  });
});

describe('Tokenizer keep (records nobody reads)', () => {
  const keep = (c: string): boolean => c === 'sipe' || c === '';
  const all = (t: Tokenizer, lines: readonly string[]): LogRecord[] => [...lines.flatMap((text, i) => t.push({ no: i + 1, text })), ...t.end()];

  it('hands out exactly the kept records of the full tokenizer', () => {
    const LINE = fc.oneof(
      fc.constantFrom('(10:11:12) sipe: a', '(10:11:13) nss: Cipher', '(2024-01-05 10:11:12) nss: x', '[2024-01-05 10:11:12] (10:11:12) dbus: y',
        'MESSAGE START >>>>>>>>>> SIP(0x1) - 2019-10-12T08:11:12Z', 'cont', '', 'x (10:11:14) sipe: mid', '(10:11:15) : no category', '\u001b[0m(10:11:16) nss: ansi'),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(fc.property(fc.array(LINE, { maxLength: 20 }), (lines) => {
      const times: string[] = [];
      const kept = all(new Tokenizer('f', { keep, onSkip: (t) => times.push(t) }), lines);
      const full = all(new Tokenizer('f'), lines);
      expect(kept).toEqual(full.filter((r) => keep(r.category)));
      expect(times).toEqual(full.filter((r) => !keep(r.category)).map((r) => r.time));
    }), { numRuns: 2000 });
  });

  it('trySkip before pushText gives the same records as pushText alone', () => {
    const LINE = fc.oneof(
      fc.constantFrom('(10:11:12) sipe: a', '(10:11:13) nss: Cipher', '(10:11:13) nss:x', '(2024-01-05 10:11:12) nss: x', '[2024-01-05 10:11:12] (10:11:12) dbus: y',
        'MESSAGE START >>>>>>>>>> SIP(0x1) - 2019-10-12T08:11:12Z', 'cont', '', 'x (10:11:14) sipe: mid', '(10:11:13) nss: a (10:11:14) sipe: mid',
        '(10:11:15) : no category', '\u001b[0m(10:11:16) nss: ansi', '(10:11:17) nss: \u001b[0m'),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(fc.property(fc.array(LINE, { maxLength: 20 }), (lines) => {
      const a: LogRecord[] = [];
      const b: LogRecord[] = [];
      const ta = new Tokenizer('f', { keep });
      const tb = new Tokenizer('f', { keep });
      lines.forEach((text, i) => {
        if (!ta.trySkip(i + 1, text, (r) => a.push(r))) ta.pushText(i + 1, text, (r) => a.push(r));
        tb.pushText(i + 1, text, (r) => b.push(r));
      });
      a.push(...ta.end());
      b.push(...tb.end());
      expect(a).toEqual(b);
      expect(ta.counters).toEqual(tb.counters);
    }), { numRuns: 3000 });
  });

  it('keeps the size bound: past 20 000 lines a skipped record goes on as a continuation-only record', () => {
    const lines = ['(10:11:12) nss: start', ...Array.from({ length: 20_001 }, (_, i) => `l${i}`)];
    const kept = all(new Tokenizer('f', { keep }), lines);
    const full = all(new Tokenizer('f'), lines);
    expect(kept).toEqual(full.filter((r) => keep(r.category)));
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ category: '', continuation: ['l20000'] });
  });
});
