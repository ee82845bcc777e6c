import { describe, expect, it } from 'vitest';
import { interruptible } from './interruptible.js';

async function* numbers(n: number, blockAfter?: number): AsyncGenerator<number> {
  for (let i = 0; i < n; i++) {
    if (blockAfter !== undefined && i === blockAfter) await new Promise(() => undefined); // never settles
    yield i;
  }
}

describe('interruptible', () => {
  it('passes everything through when not aborted', async () => {
    const out: number[] = [];
    for await (const x of interruptible(numbers(5), new AbortController().signal)) out.push(x);
    expect(out).toEqual([0, 1, 2, 3, 4]);
  });

  it('stops between items when aborted', async () => {
    const ac = new AbortController();
    const out: number[] = [];
    for await (const x of interruptible(numbers(100), ac.signal)) {
      out.push(x);
      if (x === 2) ac.abort();
    }
    expect(out).toEqual([0, 1, 2]);
  });

  it('with mayBlock, leaves a source behind that never delivers again', async () => {
    const ac = new AbortController();
    const out: number[] = [];
    setTimeout(() => ac.abort(), 20);
    for await (const x of interruptible(numbers(10, 3), ac.signal, { mayBlock: true })) out.push(x);
    expect(out).toEqual([0, 1, 2]);
  });
});
