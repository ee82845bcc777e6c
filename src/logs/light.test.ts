import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutAtPlan, LoginFinder, WARM_UP, type LightPlan } from './light.js';

const LOGIN = "(10:00:01) sipe: sipe_purple_login: username 'alice@corp.example,CORP\\alice'";
const LEGACY = "(10:00:01) sipe: sipe_login: username 'bob@corp.example'";

function chunked(input: string | Buffer, sizes: readonly number[]): Uint8Array[] {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const out: Uint8Array[] = [];
  let at = 0;
  for (let i = 0; at < bytes.length; i += 1) {
    const n = Math.max(1, sizes.length ? (sizes[i % sizes.length] as number) : bytes.length);
    out.push(new Uint8Array(bytes.subarray(at, at + n)));
    at += n;
  }
  return out;
}

/** login-line offsets the finder reports (first, then the last `keep`), and how many it found */
function find(text: string, keep: number, sizes: readonly number[] = []): { first: number; last: number[]; count: number } {
  const f = new LoginFinder(keep);
  for (const c of chunked(text, sizes)) f.push(c);
  f.end();
  const internal = f as unknown as { first: number; last: number[]; count: number };
  return { first: internal.first, last: [...internal.last], count: internal.count };
}

/** offsets of the lines that are exactly one of the login lines */
function expectedOffsets(text: string, logins: readonly string[]): number[] {
  const out: number[] = [];
  let at = 0;
  for (const line of text.split('\n')) {
    if (logins.includes(line.replace(/[ \t]+$/, ''))) out.push(Buffer.byteLength(text.slice(0, at), 'utf8'));
    at += line.length + 1;
  }
  return out;
}

describe('LoginFinder', () => {
  it('finds each SIPE login line (≥1.11 and ≤1.10) at its byte offset, whatever the chunking', () => {
    const filler = fc.constantFrom(
      '(10:00:00) sipe: sipe_core_allocate: SIPE version 1.25.0',
      'MESSAGE START >>>>>>>>>> SIP - 2024-01-05T10:00:00.000000Z',
      '(10:00:02) account: Connecting to account alice@corp.example,CORP\\alice.',
      'Ünïcödé body line with login: username \'x\' inside',
      '(10:00:03) connection: Connecting. gc = 0x55d0',
      '',
    );
    fc.assert(fc.property(
      fc.array(fc.oneof(filler, fc.constantFrom(LOGIN, LEGACY, `${LOGIN}  `)), { maxLength: 60 }),
      fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 5 }),
      (lines, sizes) => {
        const text = `${lines.join('\n')}\n`;
        const want = expectedOffsets(text, [LOGIN, LEGACY]);
        const got = find(text, 1000, sizes);
        expect(got.count).toBe(want.length);
        expect(got.last).toEqual(want);
        expect(got.first).toBe(want[0] ?? -1);
      },
    ), { numRuns: 200 });
  });

  it('finds a login line that ends the input without a line end', () => {
    expect(find(`(10:00:00) sipe: x\n${LOGIN}`, 5, [7]).last).toEqual([19]);
  });

  it('takes no line that the scanner, the tokenizer or the account family would take differently', () => {
    const notLogins = [
      `  ${LOGIN}`, // indented: not a record start
      LOGIN.replace('sipe: ', 'jabber: '), // another category
      LOGIN.replace(/'$/, ''), // no closing quote (the LOGIN pattern fails)
      `${LOGIN} trailing`, // text after the quote
      `${LOGIN}\r`, // CR line end: the scanner ends the line elsewhere
      `\x1b[1m${LOGIN}`, // colour codes
      `${LOGIN} (10:00:02) sipe: another record inside`, // a second record inside the line
      LOGIN.replace('(10:00:01)', '(2024-01-05 10:00:01)'), // a dated prefix: the plain search does not vouch for it
      LOGIN.replace('sipe_purple_login', 'sipe_other_login'),
      `${LOGIN.slice(0, 40)}\0${LOGIN.slice(40)}`, // NUL
    ];
    expect(find(`${notLogins.join('\n')}\n`, 10).count).toBe(0);
  });

  it('keeps only the first and the last `keep` offsets, and plans light reading only when enough attempts are left out', () => {
    const session = (i: number) => `(10:00:00) sipe: session ${i}\n${LOGIN}\n(10:00:02) sipe: after ${i}\n`;
    const few = Array.from({ length: 25 + WARM_UP + 7 }, (_, i) => session(i)).join('');
    const f1 = new LoginFinder(25 + WARM_UP);
    f1.push(Buffer.from(few));
    f1.end();
    expect(f1.plan()).toBeUndefined();
    const many = Array.from({ length: 100 }, (_, i) => session(i)).join('');
    const f2 = new LoginFinder(25 + WARM_UP);
    f2.push(Buffer.from(many));
    f2.end();
    const offsets = expectedOffsets(many, [LOGIN]);
    expect(f2.plan()).toEqual({ lightFrom: offsets[0], fullFrom: offsets[100 - 25 - WARM_UP], lightAttempts: 100 - 25 - WARM_UP, attempts: 100 });
  });
});

describe('cutAtPlan', () => {
  it('yields every byte once, in order, switching exactly at the two offsets', async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 2, max: 400 }).chain((size) => fc.tuple(
        fc.constant(size),
        fc.integer({ min: 0, max: size - 2 }).chain((a) => fc.tuple(fc.constant(a), fc.integer({ min: a + 1, max: size - 1 }))),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 4 }),
      )),
      async ([size, [lightFrom, fullFrom], sizes]) => {
        const data = Buffer.from(Array.from({ length: size }, (_, i) => i % 251));
        const plan: LightPlan = { lightFrom, fullFrom, lightAttempts: 1, attempts: 1 };
        async function* source() {
          yield* chunked(data, sizes);
        }
        const pieces: { at: number; light: boolean; bytes: Buffer }[] = [];
        let light = false;
        let at = 0;
        for await (const p of cutAtPlan(source(), plan, (on) => { light = on; })) {
          pieces.push({ at, light, bytes: Buffer.from(p) });
          at += p.length;
        }
        expect(Buffer.concat(pieces.map((p) => p.bytes))).toEqual(data);
        for (const p of pieces) {
          const inLight = p.at >= lightFrom && p.at < fullFrom;
          expect(p.light, `piece at ${p.at}`).toBe(inLight);
          // a piece never spans a switch
          expect(p.at < lightFrom && p.at + p.bytes.length > lightFrom).toBe(false);
          expect(p.at < fullFrom && p.at + p.bytes.length > fullFrom).toBe(false);
        }
      },
    ), { numRuns: 200 });
  });
});
