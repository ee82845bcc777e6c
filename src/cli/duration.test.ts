import { describe, expect, it } from 'vitest';
import { durationOption, formatDuration, parseDurationMs } from './duration.js';
import { UsageError } from './errors.js';

describe('durations on the command line', () => {
  it('reads units, combinations and bare numbers as seconds', () => {
    expect(parseDurationMs('5s')).toBe(5000);
    expect(parseDurationMs('500ms')).toBe(500);
    expect(parseDurationMs('1m')).toBe(60_000);
    expect(parseDurationMs('1m30s')).toBe(90_000);
    expect(parseDurationMs('1m 30s')).toBe(90_000);
    expect(parseDurationMs('1.5s')).toBe(1500);
    expect(parseDurationMs('2h')).toBe(7_200_000);
    expect(parseDurationMs(' 10 ')).toBe(10_000);
    expect(parseDurationMs('10')).toBe(10_000);
    expect(parseDurationMs(30)).toBe(30_000);
    expect(parseDurationMs('0.25')).toBe(250);
  });

  it('rejects garbage', () => {
    for (const bad of ['', 'abc', '5x', 's', '5s garbage', '-5s', '1e3', '5 seconds', 'ms', '5s5']) expect(parseDurationMs(bad), bad).toBeUndefined();
    expect(parseDurationMs(Number.NaN)).toBeUndefined();
  });

  it('gives a usage error (exit 2) that names the accepted forms, and refuses zero', () => {
    expect(() => durationOption('abc', '--timeout', 5000)).toThrow(UsageError);
    expect(() => durationOption('abc', '--timeout', 5000)).toThrow(/--timeout "abc" is not a duration: use e\.g\. 5s, 500ms, 1m.*bare number means seconds/);
    expect(() => durationOption('0s', '--budget', 5000)).toThrow(/--budget must be longer than 0/);
    expect(durationOption(undefined, '--timeout', 5000)).toBe(5000);
    expect(durationOption('10', '--timeout', 5000)).toBe(10_000);
    // given twice: the last wins
    expect(durationOption(['2000ms', '10s'], '--timeout', 5000)).toBe(10_000);
  });

  it('formats back to a form it reads', () => {
    for (const ms of [500, 1500, 5000, 60_000, 90_000, 800]) expect(parseDurationMs(formatDuration(ms))).toBe(ms);
  });
});
