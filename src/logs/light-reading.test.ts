/**
 * Light reading (light.ts) must not change what the analysis says: on logs made of many recorded
 * sessions in random orders, the evidence, the statistics and what was summarised are those of a
 * full reading; only `recognized` and `redactions` (which count the lines read) may be smaller.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EvidenceBundle } from '../evidence/bundle.js';
import { parseLogSources, type LogSource } from './index.js';
import { EVIDENCE_BOUNDS } from './observations.js';

const ROOT = join(import.meta.dirname, '../..');
const SESSIONS: Buffer[] = ['fixtures/lab', 'fixtures/logs', 'fixtures/signed-in', 'fixtures/translated', 'fixtures/no-bodies', 'fixtures/partial']
  .flatMap((dir) => readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.log')).sort().map((f) => readFileSync(join(ROOT, dir, f))))
  // one encoding per file: the Windows-1252 capture stays out
  .filter((b) => !b.toString('utf8').includes('\uFFFD'))
  .map((b) => (b[b.length - 1] === 0x0a ? b : Buffer.concat([b, Buffer.from('\n')])));

async function* chunks(data: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
}

/** `data` as a file; `searched`: what the search for attempts reads instead (a file that changed in between) */
function source(data: Buffer, chunk: number, light: boolean, searched = data, onReread = () => undefined as void): LogSource {
  const file = {
    size: searched.length,
    readAt: async (position: number, length: number) => searched.subarray(position, position + length),
    reread: () => {
      onReread();
      return chunks(data, chunk);
    },
  };
  return { name: 'day.log', bytes: chunks(data, chunk), sizeHint: data.length, ...(light ? { file } : {}) };
}

/** light reading on small inputs: no size floor, the kept attempts in up to half of the file */
const LIGHT = { light: { fromBytes: 0, minLightBytes: 0, maxTailShare: 0.75, maxTailBytes: Infinity } };

/** the bundle without the two counts that follow how many lines were read */
function comparable(b: EvidenceBundle): unknown {
  const { recognized: _r, redactions: _x, summarised, ...stats } = b.parseStats ?? ({} as NonNullable<EvidenceBundle['parseStats']>);
  const { lightlyRead: _l, ...rest } = summarised ?? { attempts: 0, observations: [] };
  return { ...b, parseStats: { ...stats, summarised: rest } };
}

async function both(data: Buffer, chunk: number): Promise<{ full: EvidenceBundle; light: EvidenceBundle }> {
  const full = (await parseLogSources([source(data, chunk, false)], LIGHT)).bundle;
  const light = (await parseLogSources([source(data, chunk, true)], LIGHT)).bundle;
  return { full, light };
}

describe('light reading of the attempts a long log leaves out', () => {
  it('gives the evidence and statistics of a full reading (recorded sessions in random orders)', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.integer({ min: 0, max: SESSIONS.length - 1 }), { minLength: 70, maxLength: 110 }),
      fc.integer({ min: 4096, max: 200_000 }),
      async (order, chunk) => {
        const data = Buffer.concat(order.map((i) => SESSIONS[i] as Buffer));
        const { full, light } = await both(data, chunk);
        const lightly = light.parseStats?.summarised?.lightlyRead;
        // the sessions hold enough sign-ins that most of them are read lightly
        expect(lightly?.attempts ?? 0).toBeGreaterThan(20);
        expect(lightly?.attempts).toBeLessThan((light.parseStats?.summarised?.attempts ?? 0) + 1);
        expect(comparable(light)).toEqual(comparable(full));
        expect(light.parseStats?.recognized).toBeLessThan(full.parseStats?.recognized ?? 0);
      },
    ), { numRuns: 5 });
  }, 120_000);

  it('…also when the attempts follow each other in one client run (reconnects: one start-up, then only sign-ins)', async () => {
    // each session from its account's first connect on: what a reconnect of a running client writes
    const reconnects = SESSIONS.map((b) => {
      const at = b.indexOf(') account: Connecting to account ');
      return at < 0 ? b : b.subarray(b.lastIndexOf(0x0a, at) + 1);
    });
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 0, max: SESSIONS.length - 1 }),
      fc.array(fc.integer({ min: 0, max: reconnects.length - 1 }), { minLength: 80, maxLength: 120 }),
      async (first, order) => {
        const data = Buffer.concat([SESSIONS[first] as Buffer, ...order.map((i) => reconnects[i] as Buffer)]);
        const { full, light } = await both(data, 65536);
        expect(light.parseStats?.summarised?.lightlyRead?.attempts ?? 0).toBeGreaterThan(20);
        expect(comparable(light)).toEqual(comparable(full));
      },
    ), { numRuns: 4 });
  }, 120_000);

  it('…also with CRLF line ends (a log saved on Windows)', async () => {
    const data = Buffer.from(Buffer.concat(Array.from({ length: 90 }, (_, i) => SESSIONS[(i * 5) % SESSIONS.length] as Buffer)).toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
    const { full, light } = await both(data, 65536);
    expect(light.parseStats?.summarised?.lightlyRead?.attempts ?? 0).toBeGreaterThan(20);
    expect(comparable(light)).toEqual(comparable(full));
  });

  it('…also on the corpus of the real client: nine locales, logs without message bodies, legacy encodings (one locale per file)', async () => {
    const corpus = join(ROOT, 'fixtures/corpus');
    const locales = readdirSync(corpus, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    const sessions = new Map(locales.map((l) => [l, readdirSync(join(corpus, l)).filter((f) => f.endsWith('.log.gz')).sort()
      .map((f) => gunzipSync(readFileSync(join(corpus, l, f))))
      .map((b) => (b[b.length - 1] === 0x0a ? b : Buffer.concat([b, Buffer.from('\n')])))]));
    // sessions with a sign-in, and fragments (tails, pasted lines) to sprinkle between them (drawn by index: short counterexamples)
    const login = (b: Buffer) => b.includes("_login: username '");
    const signIns = new Map([...sessions].map(([l, all]) => [l, all.filter(login)]));
    const fragments = new Map([...sessions].map(([l, all]) => [l, all.filter((b) => !login(b))]));
    await fc.assert(fc.asyncProperty(
      fc.constantFrom(...locales).chain((l) => fc.tuple(
        fc.constant(l),
        fc.array(fc.nat({ max: (signIns.get(l) as Buffer[]).length - 1 }), { minLength: 80, maxLength: 110 }),
        fc.array(fc.nat({ max: Math.max(0, (fragments.get(l) as Buffer[]).length - 1) }), { maxLength: (fragments.get(l) as Buffer[]).length ? 12 : 0 }),
      )),
      async ([locale, s, f]) => {
        const parts = s.map((i) => (signIns.get(locale) as Buffer[])[i] as Buffer);
        f.forEach((i, k) => parts.splice((k * 7919) % (parts.length + 1), 0, (fragments.get(locale) as Buffer[])[i] as Buffer));
        const data = Buffer.concat(parts);
        const { full, light } = await both(data, 65536);
        expect(light.parseStats?.summarised?.lightlyRead?.attempts ?? 0, locale).toBeGreaterThan(0);
        expect(comparable(light), locale).toEqual(comparable(full));
      },
    ), { numRuns: 15 });
  }, 120_000);

  it('reads a file with too few attempts in full, and says nothing about light reading', async () => {
    const data = Buffer.concat(SESSIONS.slice(0, 10));
    const { full, light } = await both(data, 65536);
    expect(light).toEqual(full);
    expect(light.parseStats?.summarised?.lightlyRead).toBeUndefined();
  });

  it('reads the file again in full when the attempts counted are not the ones the search found (the file changed between the reads)', async () => {
    const data = Buffer.concat(Array.from({ length: 90 }, (_, i) => SESSIONS[i % SESSIONS.length] as Buffer));
    // the first read (the search) sees a longer file with other offsets; the analysis then reads `data`
    const other = Buffer.concat([Buffer.concat(SESSIONS.slice(0, 20)), data]);
    let rereads = 0;
    const changed = source(data, 65536, true, other, () => { rereads += 1; });
    const light = (await parseLogSources([changed], LIGHT)).bundle;
    const full = (await parseLogSources([source(data, 65536, false)], LIGHT)).bundle;
    expect(rereads).toBe(1);
    expect(light).toEqual(full);
    expect(light.parseStats?.summarised?.attempts).toBeGreaterThan(EVIDENCE_BOUNDS.attempts);
  });

  it('says so when the input ends inside the part read lightly (Ctrl-C, a file that shrank), and does not read it again', async () => {
    const data = Buffer.concat(Array.from({ length: 90 }, (_, i) => SESSIONS[i % SESSIONS.length] as Buffer));
    let rereads = 0;
    // the search sees the whole file, the analysis gets only its first half
    const stopped = source(data.subarray(0, data.length >> 1), 65536, true, data, () => { rereads += 1; });
    const light = (await parseLogSources([stopped], LIGHT)).bundle;
    expect(rereads).toBe(0);
    expect(light.parseStats?.incompleteInputs).toEqual([expect.stringMatching(/^day\.log: reading stopped in the older sign-in attempts, which are only skimmed/)]);
    expect(light.parseStats?.summarised?.lightlyRead?.attempts).toBeGreaterThan(0);
  });

  it('reads in full, without a word, an input that ends before the light part would begin, or a file the search cannot read', async () => {
    const data = Buffer.concat(Array.from({ length: 90 }, (_, i) => SESSIONS[i % SESSIONS.length] as Buffer));
    const head = data.subarray(0, data.indexOf("sipe_purple_login: username '") - 20);
    const short = (await parseLogSources([source(head, 65536, true, data)], LIGHT)).bundle;
    expect(short).toEqual((await parseLogSources([source(head, 65536, false)], LIGHT)).bundle);
    expect(short.parseStats?.incompleteInputs).toBeUndefined();
    const broken = source(data, 65536, true);
    if (broken.file) broken.file.readAt = () => Promise.reject(new Error('EIO'));
    const full = (await parseLogSources([source(data, 65536, false)], LIGHT)).bundle;
    expect((await parseLogSources([broken], LIGHT)).bundle).toEqual(full);
  });

  it('keeps attempt ids and the files around it as a full reading does (several inputs)', async () => {
    const long = Buffer.concat(Array.from({ length: 80 }, (_, i) => SESSIONS[(i * 7) % SESSIONS.length] as Buffer));
    const short = SESSIONS[3] as Buffer;
    const run = async (light: boolean) => (await parseLogSources([
      { ...source(short, 65536, light), name: 'before.log' },
      source(long, 65536, light),
      { ...source(short, 65536, light), name: 'after.log' },
    ], LIGHT)).bundle;
    const [full, light] = [await run(false), await run(true)];
    expect(comparable(light)).toEqual(comparable(full));
    expect(light.parseStats?.summarised?.lightlyRead?.attempts).toBeGreaterThan(0);
  });
});
