import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LiteralSet } from './literal-set.js';

const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

/** the plain answer: some literal occurs in the range */
function naive(text: string, s: number, e: number, literals: readonly string[], fold: boolean): boolean {
  const t = text.slice(s, e);
  const l = (x: string): string => (fold ? x.replace(/[A-Z]/g, (c) => c.toLowerCase()) : x);
  return literals.some((lit) => l(t).includes(l(lit)));
}

describe('LiteralSet', () => {
  it('finds SIPE error literals of different lengths, only inside the range', () => {
    const set = new LiteralSet(['Server has disconnected', 'Read error', 'Write error']);
    const line = 'sipe_connection_cleanup: Read error on fd 12';
    expect(set.includes(bytes(line), 0, line.length)).toBe(true);
    expect(set.includes(bytes(line), 0, line.indexOf('Read error') + 9)).toBe(false);
    expect(set.includes(bytes(line), line.indexOf('ead error'), line.length)).toBe(false);
    expect(set.includes(bytes('read error'), 0, 10)).toBe(false);
  });

  it('folds ASCII case when asked', () => {
    const set = new LiteralSet(['regist', 'ms-diagnostics'], true);
    for (const line of ['CSeq: 2 REGISTER', 'Event: Registration', 'Ms-Diagnostics: 4140;reason="x"']) {
      expect(set.includes(bytes(line), 0, line.length)).toBe(true);
    }
    for (const line of ['CSeq: 24 NOTIFY', 'ms-diagnostic: 1', 'regis', '']) expect(set.includes(bytes(line), 0, line.length)).toBe(false);
  });

  it('refuses what it cannot search', () => {
    expect(() => new LiteralSet([])).toThrow();
    expect(() => new LiteralSet(['é'])).toThrow();
  });

  it('agrees with a plain search on any text and range', () => {
    const alphabet = fc.constantFrom(...'abAB-: \'\\reEgGiIsStT'.split(''));
    const literal = fc.string({ unit: alphabet, minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(fc.array(literal, { minLength: 1, maxLength: 5 }), fc.string({ unit: alphabet, maxLength: 80 }), fc.boolean(), fc.nat(), fc.nat(), (literals, text, fold, a, b) => {
        const s = text.length ? a % (text.length + 1) : 0;
        const e = s + (text.length - s ? b % (text.length - s + 1) : 0);
        expect(new LiteralSet(literals, fold).includes(bytes(text), s, e)).toBe(naive(text, s, e, literals, fold));
      }),
      { numRuns: 3000 },
    );
  });
});
