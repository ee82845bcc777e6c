import { describe, expect, it } from 'vitest';
import { mapOrdered } from './pool.js';

describe('mapOrdered', () => {
  it('keeps input order with at most `concurrency` calls in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const delays = [30, 5, 20, 1, 15, 2, 8, 0, 12, 3];
    const out: number[] = [];
    for await (const v of mapOrdered(delays, 3, async (d, i) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, d));
      inFlight -= 1;
      return i;
    })) out.push(v);
    expect(out).toEqual(delays.map((_, i) => i));
    expect(peak).toBe(3);
  });

  it('surfaces a failure in its turn without unhandled rejections', async () => {
    const seen: number[] = [];
    const run = async (): Promise<void> => {
      for await (const v of mapOrdered([1, 2, 3], 3, async (n) => {
        if (n === 3) throw new Error('boom');
        return n;
      })) seen.push(v);
    };
    await expect(run()).rejects.toThrow('boom');
    expect(seen).toEqual([1, 2]);
  });
});
