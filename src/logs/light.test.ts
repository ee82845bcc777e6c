import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutAtPlan, LoginFinder, planLightReading, WARM_UP, type LightPlan, type RandomAccess } from './light.js';

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
  return { first: f.first, last: [...f.lastOnes], count: f.found };
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

  it('finds login lines with CRLF line ends (Pidgin for Windows), as the scanner reads them', () => {
    const text = `(10:00:00) sipe: a\r\n${LOGIN}\r\n(10:00:02) sipe: b\r\n${LEGACY}  \r\n`;
    expect(find(text, 5, [3]).last).toEqual([text.indexOf(LOGIN), text.indexOf(LEGACY)]);
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
      `${LOGIN}\r more`, // a CR inside: the scanner ends the line there
      `\x1b[1m${LOGIN}`, // colour codes
      `${LOGIN} (10:00:02) sipe: another record inside`, // a second record inside the line
      LOGIN.replace('(10:00:01)', '(2024-01-05 10:00:01)'), // a dated prefix: the plain search does not vouch for it
      LOGIN.replace('sipe_purple_login', 'sipe_other_login'),
      `${LOGIN.slice(0, 40)}\0${LOGIN.slice(40)}`, // NUL
    ];
    expect(find(`${notLogins.join('\n')}\n`, 10).count).toBe(0);
  });

});

/** a file in memory, counting the bytes read */
function memoryFile(data: Buffer): RandomAccess & { bytesRead: number } {
  const file = {
    size: data.length,
    bytesRead: 0,
    async readAt(position: number, length: number) {
      const b = data.subarray(position, Math.min(data.length, position + length));
      file.bytesRead += b.length;
      return b;
    },
  };
  return file;
}

describe('planLightReading', () => {
  const session = (i: number) => `(10:00:00) sipe: session ${i} ${'x'.repeat(20_000)}\n${i % 3 ? LOGIN : LEGACY}\n(10:00:02) sipe: after ${i}\n`;
  const limits = { fromBytes: 0, minLightBytes: 0, maxTailShare: 0.5, maxTailBytes: Infinity };

  it('finds the first login line from the start and the last kept + WARM_UP ones from the end, reading little of the file', async () => {
    const text = `(10:00:00) util: start\n${Array.from({ length: 300 }, (_, i) => session(i)).join('')}`;
    const offsets = expectedOffsets(text, [LOGIN, LEGACY]);
    const file = memoryFile(Buffer.from(text));
    const plan = await planLightReading(file, 25, limits);
    expect(plan).toEqual({ lightFrom: offsets[0], fullFrom: offsets[300 - 25 - WARM_UP], fullAttempts: 25 + WARM_UP });
    // two blocks at most: the head (up to the first login) and the tail
    expect(file.bytesRead).toBeLessThan(2 * 1024 * 1024 + 1);
  });

  it('plans nothing when the attempts to keep are not a small part of the file, or there are too few', async () => {
    const few = Buffer.from(Array.from({ length: 25 + WARM_UP }, (_, i) => session(i)).join(''));
    expect(await planLightReading(memoryFile(few), 25, limits)).toBeUndefined();
    const many = Buffer.from(Array.from({ length: 60 }, (_, i) => session(i)).join(''));
    expect(await planLightReading(memoryFile(many), 25, { ...limits, maxTailShare: 0.25 })).toBeUndefined();
    expect(await planLightReading(memoryFile(many), 25, { ...limits, maxTailBytes: 200_000 })).toBeUndefined();
    expect(await planLightReading(memoryFile(many), 25, limits)).toBeDefined();
    expect(await planLightReading(memoryFile(many), 25, { ...limits, minLightBytes: many.length })).toBeUndefined();
    expect(await planLightReading(memoryFile(Buffer.from('(10:00:00) sipe: nothing\n'.repeat(1000))), 25, limits)).toBeUndefined();
  });

  it('finds the same lines whatever the block boundaries cut (long sessions)', async () => {
    const long = (i: number) => `${'(10:00:00) sipe: filler line of a long session\n'.repeat(30_000 + i * 997)}${LOGIN}\n`;
    const text = Array.from({ length: 40 }, (_, i) => long(i)).join('');
    const offsets = expectedOffsets(text, [LOGIN]);
    const plan = await planLightReading(memoryFile(Buffer.from(text)), 25, { ...limits, maxTailShare: 0.9 });
    expect(plan).toEqual({ lightFrom: offsets[0], fullFrom: offsets[40 - 25 - WARM_UP], fullAttempts: 25 + WARM_UP });
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
        const plan: LightPlan = { lightFrom, fullFrom, fullAttempts: 1 };
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
