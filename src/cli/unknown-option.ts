/**
 * "unknown option --x (did you mean --y?)": yargs' strict mode reports an unknown flag only after
 * the flag has taken the next word as its value ("Not enough non-option arguments" for
 * `analyze --bogus file.log`), so the raw arguments are checked against the options the running
 * command defines.
 */
import type { Argv } from 'yargs';
import { editDistance } from '../rule-docs/close-matches.js';

export interface KnownOptions {
  /** every accepted spelling without dashes: long names, aliases, camelCase forms, `no-` forms of booleans */
  names: ReadonlySet<string>;
  /** the long names as shown in --help, for suggestions */
  long: readonly string[];
}

interface YargsOptionTables {
  key?: Record<string, unknown>;
  alias?: Record<string, readonly string[]>;
  boolean?: readonly string[];
}

const camel = (s: string): string => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The option names a yargs instance knows (after its builder ran). */
export function knownOptionsOf(y: Argv): KnownOptions {
  const o = (y as unknown as { getOptions(): YargsOptionTables }).getOptions();
  const base = new Set<string>(['help', 'h', 'version', 'v']);
  for (const k of Object.keys(o.key ?? {})) base.add(k);
  for (const [k, aliases] of Object.entries(o.alias ?? {})) {
    base.add(k);
    for (const a of aliases) base.add(a);
  }
  const names = new Set<string>();
  for (const n of base) {
    names.add(n);
    names.add(camel(n));
    names.add(kebab(n));
  }
  for (const b of o.boolean ?? []) {
    names.add(`no-${b}`);
    names.add(`no-${kebab(b)}`);
  }
  const long = [...base].filter((n) => n.length > 1 && n === kebab(n)).sort();
  return { names, long };
}

/** The first unknown flag in `argv` as a message, or undefined when every flag is known. */
export function unknownOptionError(argv: readonly string[], known: KnownOptions | undefined): string | undefined {
  if (!known) return undefined;
  for (const arg of argv) {
    if (arg === '--') break;
    if (arg.startsWith('--')) {
      const name = arg.slice(2).split('=')[0] ?? '';
      if (name === '' || known.names.has(name)) continue;
      const near = suggestion(name, known.long);
      return `unknown option --${name}${near ? ` (did you mean --${near}?)` : ''}`;
    }
    if (/^-[A-Za-z]/.test(arg)) {
      for (const ch of arg.slice(1).split('=')[0] ?? '') {
        if (!known.names.has(ch)) return `unknown option -${ch}`;
      }
    }
  }
  return undefined;
}

function suggestion(name: string, long: readonly string[]): string | undefined {
  const q = name.replace(/^no-/, '').toLowerCase();
  let best: { n: string; d: number } | undefined;
  for (const n of long) {
    const d = n.startsWith(q) || q.startsWith(n) ? Math.min(1, editDistance(q, n)) : editDistance(q, n);
    if (!best || d < best.d) best = { n, d };
  }
  return best && best.d <= Math.max(2, Math.floor(q.length / 3)) ? best.n : undefined;
}
