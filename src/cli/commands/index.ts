import type { CommandFactory } from '../command.js';
import { analyzeCommand } from './analyze.js';
import { replayCommand } from './replay.js';
import { configCommand } from './config.js';
import { labCommand } from './lab.js';
import { demoCommand } from './demo.js';
import { checkCommand } from './check.js';

/**
 * The sub-commands, in --help order. To add one: ONE import above + ONE entry below.
 * A command module exports `const <name>Command: CommandFactory = (io) => ({ command, describe,
 * builder, handler, examples })`; its handler returns the exit code (see ../command.ts) and
 * diagnosing commands finish with `return renderAndExit(report, argv, io, { bundle })` (../options.ts).
 */
export const COMMANDS: readonly CommandFactory[] = [
  checkCommand,
  analyzeCommand,
  replayCommand,
  configCommand,
  demoCommand,
  labCommand,
];
