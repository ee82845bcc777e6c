import { describe, expect, it } from 'vitest';
import { createEvidenceSet } from '../evidence/set.js';
import { parseLogSources } from './index.js';
import { ObservationLog } from './observations.js';
import type { LogLine } from './types.js';

const at = (n: number) => ({ time: '10:11:12', lines: [n, n] as const });
const BOUNDS = { attempts: 2, head: 2, tail: 1, lastTail: 3 };

describe('ObservationLog', () => {
  it('keeps log order: a reserved place is where the first line was, whenever it is completed', () => {
    const out = new ObservationLog();
    out.beginFile('f');
    const reg = out.reserve(at(1), 'sip.register');
    out.add(at(2), 'auth.event', { event: 'challenge' });
    out.complete(reg, { outcome: 'registered', status: 200 }, [3, 4]);
    expect(out.drafts().map((d) => [d.kind, d.source.type === 'log' ? d.source.lines : []])).toEqual([['sip.register', [1, 4]], ['auth.event', [2, 2]]]);
    expect(() => out.complete(reg, { outcome: 'registered' })).toThrow(/twice/);
  });

  it('keeps the first and last of each kind per attempt, more of the latest attempt, and counts the rest', () => {
    const out = new ObservationLog(BOUNDS);
    out.beginFile('f');
    out.startAttempt('a1');
    for (let i = 1; i <= 10; i += 1) out.add(at(i), 'sip.register', { outcome: 'rejected', status: 400 + i });
    const status = () => out.drafts().flatMap((d) => (d.kind === 'sip.register' && d.data.status !== undefined ? [d.data.status - 400] : []));
    expect(status()).toEqual([1, 2, 8, 9, 10]);
    out.startAttempt('a2');
    out.add(at(11), 'sip.register', { outcome: 'registered', status: 411 });
    // a1 is no longer the latest: its tail shrinks to one
    expect(status()).toEqual([1, 2, 10, 11]);
    expect(out.summarised()).toEqual({ attempts: 0, observations: [{ attempt: 'a1', kind: 'sip.register', kept: 3, omitted: 7 }] });
    out.startAttempt('a3');
    expect(out.summarised()?.attempts).toBe(1);
    expect(out.drafts().map((d) => d.attempt)).toEqual(['a2']);
  });

  it('never makes the data of an observation it left out', () => {
    const out = new ObservationLog(BOUNDS);
    out.beginFile('f');
    out.startAttempt('a1');
    let made = 0;
    for (let i = 0; i < 100; i += 1) out.add(at(i), 'http.exchange', () => { made += 1; return { url: `u${i}`, purpose: 'other', outcome: 'ok' }; });
    expect(out.drafts()).toHaveLength(5);
    expect(made).toBe(5);
  });

  it('a place left out and then given back is not counted as left out', () => {
    const out = new ObservationLog(BOUNDS);
    out.beginFile('f');
    out.startAttempt('a1');
    const first = out.reserve(at(1), 'sip.register');
    out.reserve(at(2), 'sip.register');
    const third = out.reserve(at(3), 'sip.register');
    for (let i = 4; i <= 8; i += 1) out.add(at(i), 'sip.register', { outcome: 'rejected' });
    out.cancel(third);
    out.complete(first, { outcome: 'registered' });
    expect(out.summarised()?.observations).toEqual([{ attempt: 'a1', kind: 'sip.register', kept: 4, omitted: 2 }]);
    expect(out.recent(2).length).toBe(2);
  });
});

describe('bounded evidence of a long attempt', () => {
  it('a million-message attempt in miniature: memory flat, the first and last REGISTERs kept, parseStats says what was left out', async () => {
    const exchanges = 40_000;
    const samples: number[] = [];
    async function* gen(): AsyncGenerator<LogLine> {
      let no = 0;
      const line = (text: string): LogLine => ({ no: ++no, text });
      yield line("(10:00:00) account: Connecting to account alice@corp.example,.");
      yield line("(10:00:00) sipe: sipe_purple_login: username 'alice@corp.example,'");
      for (let i = 1; i <= exchanges; i += 1) {
        yield line(`(10:00:01) sipe: scheduling action <transaction timeout><cid><${i} REGISTER> timeout 60 seconds`);
        yield line('(10:00:01) sipe: MESSAGE >>>>>>>>>> SIP(0x1)');
        yield line(`(10:00:01) sipe: process_input_message: msg->response(${i === exchanges ? 403 : 200}),msg->method(REGISTER)`);
        yield line('(10:00:01) sipe: process_register_response: authentication handshake completed successfully');
        if (i % 500 === 0) samples.push(process.memoryUsage().heapUsed);
      }
    }
    const { bundle } = await parseLogSources([{ name: 'loop.log', lines: gen() }]);
    const regs = createEvidenceSet(bundle.observations).all('sip.register');
    expect(regs).toHaveLength(210);
    expect(regs[0]?.data.status).toBe(200);
    expect(regs[regs.length - 1]?.data.status).toBe(403);
    expect(bundle.parseStats?.summarised?.observations).toEqual(expect.arrayContaining([
      { attempt: 'a1', kind: 'sip.register', kept: 210, omitted: exchanges - 210 },
      { attempt: 'a1', kind: 'auth.event', kept: 210, omitted: exchanges - 210 },
    ]));
    const q = Math.floor(samples.length / 4);
    expect(Math.min(...samples.slice(-q)) - Math.min(...samples.slice(0, q))).toBeLessThan(16 * 1024 * 1024);
  }, 60_000);
});
