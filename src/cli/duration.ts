/**
 * Durations on the command line: `5s`, `500ms`, `1m`, `1m30s`, `1.5s`, `2h`; a bare number means
 * seconds. Anything else is a usage error that says what is accepted. (No duration parser existed
 * in the project; `ms`-style libraries read a bare number as milliseconds and accept words, the
 * opposite of what the README's "5 s" promises, so this small strict one.)
 */
import { UsageError } from './errors.js';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d+)?|\.\d+)\s*(ms|sec|s|min|m|h)/gy;

/** ms, or undefined when the text is not a duration. */
export function parseDurationMs(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value * 1000) : undefined;
  const v = value.trim().toLowerCase();
  if (v === '') return undefined;
  if (/^(\d+(?:\.\d+)?|\.\d+)$/.test(v)) return Math.round(Number(v) * 1000);
  let total = 0;
  let at = 0;
  PART.lastIndex = 0;
  for (let m = PART.exec(v); m; m = PART.exec(v)) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    at = PART.lastIndex;
    while (v[at] === ' ') at++;
    PART.lastIndex = at;
  }
  return at === v.length && at > 0 ? Math.round(total) : undefined;
}

/** A positive duration for `flag`, or a UsageError (exit 2) naming the accepted forms. */
export function durationOption(given: string | number | readonly (string | number)[] | undefined, flag: string, fallbackMs: number): number {
  // a flag given twice (a printed command plus an override): the last one wins
  const value = Array.isArray(given) ? given[given.length - 1] : given as string | number | undefined;
  if (value === undefined) return fallbackMs;
  const ms = parseDurationMs(value);
  if (ms === undefined) throw new UsageError(`${flag} ${JSON.stringify(String(value))} is not a duration: use e.g. 5s, 500ms, 1m or 1m30s (a bare number means seconds).`);
  if (ms <= 0) throw new UsageError(`${flag} must be longer than 0 (e.g. 5s, 500ms).`);
  return ms;
}

/** `1500` → `1.5s`, `500` → `500ms`, `60000` → `1m`: the form the CLI accepts back. */
export function formatDuration(ms: number): string {
  if (ms % 60_000 === 0 && ms >= 60_000) return `${ms / 60_000}m`;
  if (ms % 1000 === 0 || ms >= 10_000) return `${Math.round(ms / 100) / 10}s`;
  return `${ms}ms`;
}
