#!/usr/bin/env node
import { main } from '../src/cli/main.js';
import { realIo } from '../src/cli/io.js';

const debug = process.argv.includes('--debug');
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

const code = await main(process.argv.slice(2), realIo());
if (!crashed) process.exitCode = code;
process.stdin.destroy(); // an interrupted `analyze -` must not keep the process alive
