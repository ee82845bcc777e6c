import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseChallenges, parseMsDiagnostics, parseSipMessage, parseWarning, serializeSipMessage, sipHeaderViews } from './parse.js';

const headerName = fc.constantFrom('Via', 'v', 'From', 'To', 'CSeq', 'Call-ID', 'i', 'Contact', 'm', 'WWW-Authenticate', 'Warning', 'ms-diagnostics', 'ms-diagnostics-public', 'Expires', 'Server', 'Content-Length', 'l');
const headerValueArb = fc.string({ maxLength: 60 }).map((s) => s.replace(/[\r\n]/g, ' ').trim());

describe('SIP decoding never throws and stays bounded', () => {
  it('arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 500 }), (s) => {
      const m = parseSipMessage(s);
      if (m) sipHeaderViews(m);
      parseChallenges(s);
      parseMsDiagnostics(s, true);
      parseWarning(s);
    }), { numRuns: 1000 });
  });

  it('near-SIP messages round-trip through serialize', () => {
    const msg = fc.tuple(
      fc.constantFrom('SIP/2.0 401 Unauthorized', 'SIP/2.0 403 Forbidden', 'REGISTER sip:corp.example SIP/2.0', 'SIP/2.0 301 Moved'),
      fc.array(fc.tuple(headerName, headerValueArb), { maxLength: 12 }),
      fc.constantFrom('\n', '\r\n'),
    );
    fc.assert(fc.property(msg, ([start, headers, eol]) => {
      const text = [start, ...headers.map(([n, v]) => `${n}: ${v}`), '', ''].join(eol);
      const m = parseSipMessage(text);
      expect(m).toBeDefined();
      const v = sipHeaderViews(m!);
      expect(Array.isArray(v.challenges)).toBe(true);
      const again = parseSipMessage(serializeSipMessage(m!));
      expect(again?.headers).toEqual(m!.headers);
    }), { numRuns: 300 });
  });

  it('bounded work on 10 MB inputs', () => {
    const cases = [
      `SIP/2.0 200 OK\nContent-Length: 3\n\n${'x'.repeat(10 * 1024 * 1024)}`,
      `SIP/2.0 401 Unauthorized\nWWW-Authenticate: NTLM ${'realm="a", '.repeat(900_000)}\n\n`,
      `SIP/2.0 403 Forbidden\nWarning: ${'399 a "b", '.repeat(900_000)}\n\n`,
      `SIP/2.0 403 Forbidden\nms-diagnostics: ${'"'.repeat(10 * 1024 * 1024)}\n\n`,
      `SIP/2.0 200 OK\n${'X-H: v\n'.repeat(1_400_000)}\n`,
      'A'.repeat(10 * 1024 * 1024),
    ];
    for (const text of cases) {
      const t0 = performance.now();
      const m = parseSipMessage(text);
      if (m) sipHeaderViews(m);
      expect(performance.now() - t0).toBeLessThan(8000);
    }
    expect(parseSipMessage(cases[0] as string)?.body).toBe('xxx');
  });
});
