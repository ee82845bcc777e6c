/**
 * `-o` / `--save-evidence` never write over a file the run reads: `analyze -o x.log x.log` would
 * replace the user's only debug log with the report. Checked before the command starts.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from './errors.js';

/** argv keys that name files a command reads (positionals and options). */
const INPUT_KEYS = ['files', 'inputs', 'bundle', 'path', 'accounts', 'ca', 'fromReport', 'logFile'] as const;
/** argv keys that name files a command writes. */
const OUTPUT_KEYS = [['output', '-o'], ['saveEvidence', '--save-evidence']] as const;

async function identity(path: string): Promise<string> {
  try {
    const s = await stat(path);
    return `${s.dev}:${s.ino}`;
  } catch {
    return `path:${path}`;
  }
}

export async function checkOutputTarget(argv: Readonly<Record<string, unknown>>, cwd: string): Promise<void> {
  const outputs = OUTPUT_KEYS.flatMap(([key, flag]) => (typeof argv[key] === 'string' && argv[key] !== '' && argv[key] !== '-' ? [{ flag, file: argv[key] as string }] : []));
  if (outputs.length === 0) return;
  const inputs = INPUT_KEYS.flatMap((k) => {
    const v = argv[k];
    return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x !== '' && x !== '-');
  });
  const seen = new Map<string, string>();
  for (const f of inputs) seen.set(await identity(resolve(cwd, f)), f);
  for (const { flag, file } of outputs) {
    const input = seen.get(await identity(resolve(cwd, file)));
    if (input !== undefined) {
      throw new UsageError(`${flag} ${file} is an input of this run (${input}); refusing to write over it.`, 'Choose another file name for the report.');
    }
    seen.set(await identity(resolve(cwd, file)), `${flag} ${file}`);
  }
}
