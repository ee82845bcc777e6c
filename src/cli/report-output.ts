import type { Argv } from 'yargs';
import { UsageError } from './errors.js';
import type { CliIo } from './io.js';
import { writeFileAtomic } from './write-file.js';

/**
 * --format / --json / -o for commands that report something other than a diagnosis (`env`): the
 * diagnosing commands' withOutputOptions (options.ts) also brings --save-evidence, --fail-on,
 * --expect, --reply and seven formats, which mean nothing for such a report.
 */
export interface PlainOutputArgs {
  format?: string | undefined;
  json?: boolean | undefined;
  output?: string | undefined;
}

export function withPlainOutputOptions<T>(y: Argv<T>, formats: readonly string[]): Argv<T & PlainOutputArgs> {
  return y
    .option('format', { alias: 'f', type: 'string', choices: [...formats], describe: `output format (default ${formats[0]})`, group: 'Output:', requiresArg: true })
    .option('json', { type: 'boolean', describe: 'shorthand for --format json', group: 'Output:' })
    .option('output', { alias: 'o', type: 'string', describe: 'write to FILE (atomically) instead of stdout', group: 'Output:', requiresArg: true })
    .check((argv) => {
      const a = argv as PlainOutputArgs;
      if (a.json && a.format !== undefined && a.format !== 'json') throw new UsageError(`--json conflicts with --format ${a.format}`);
      return true;
    }) as unknown as Argv<T & PlainOutputArgs>;
}

export function plainFormat(args: PlainOutputArgs, fallback: string): string {
  return args.json ? 'json' : (args.format ?? fallback);
}

/** stdout, or --output written atomically with a note on stderr. */
export async function writePlainOutput(text: string, args: PlainOutputArgs, io: CliIo, what = 'report'): Promise<void> {
  if (args.output) {
    await writeFileAtomic(args.output, text, io.cwd, { what: 'output' });
    io.stderr.write(`sipe-doctor: ${what} written to ${args.output}\n`);
  } else {
    io.stdout.write(text);
  }
}
