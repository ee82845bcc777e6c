import { describe, expect, it } from 'vitest';
import { createProgress, PROGRESS_MIN_FILES } from './progress.js';

describe('progress bar', () => {
  it('draws in place on a terminal for large batches, throttled, and clears its line', () => {
    const out: string[] = [];
    let t = 0;
    const p = createProgress({ write: (s: string) => out.push(s) }, 200, { enabled: true, now: () => t });
    for (let i = 0; i < 200; i++) {
      t += 10;
      p.tick();
    }
    p.done();
    expect(out.length).toBeGreaterThan(5);
    expect(out.length).toBeLessThan(40);
    expect(out.at(-2)).toMatch(/^\r\[#{28}\] 200\/200 files · \d+ files\/s/);
    expect(out.at(-1)).toBe('\r\u001b[K');
  });

  it('stays silent when not a terminal or for small batches', () => {
    const out: string[] = [];
    createProgress({ write: (s: string) => out.push(s) }, 10_000, { enabled: false, now: () => 0 }).tick();
    const small = createProgress({ write: (s: string) => out.push(s) }, PROGRESS_MIN_FILES - 1, { enabled: true, now: () => 0 });
    small.tick();
    small.done();
    expect(out).toEqual([]);
  });
});
