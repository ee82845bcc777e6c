#!/usr/bin/env node
// Start-up: nothing but Node's own modules until the command is known. `--version` answers from
// package.json without loading the CLI; everything else imports main (which loads one command).
import { readFileSync } from 'node:fs';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  process.stdout.write(`${pkg.version}\n`);
} else {
  const debug = argv.includes('--debug');
  // --debug prints stack traces: through the source maps they name src/*.ts lines, not the bundle's
  if (debug) process.setSourceMapsEnabled(true);
  let crashed = false;
  const fatal = (err: unknown): void => {
    crashed = true; // a later "success" must never overwrite this
    process.exitCode = 3;
    const e = err instanceof Error ? err : new Error(String(err));
    process.stderr.write(`sipe-doctor: internal error: ${debug ? e.stack ?? e.message : e.message}\n`);
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
  // `sipe-doctor … | head`: the reader went away; stop quietly
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    fatal(err);
  });

  const [{ main }, { realIo }] = await Promise.all([import('../src/cli/main.js'), import('../src/cli/io.js')]);
  const code = await main(argv, realIo());
  if (!crashed) process.exitCode = code;
  process.stdin.destroy(); // an interrupted `analyze -` must not keep the process alive
}
