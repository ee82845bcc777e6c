import { createLogger, levelFor, type Logger } from '../adapters/logger.js';
import type { CliIo } from './io.js';

/** Per-run state that main() sets up from the global flags and commands read. */
export interface RunContext {
  logger: Logger;
  verbose: boolean;
  debug: boolean;
  /** --quiet: no notes on stderr (the report, errors and error-level logs only) */
  quiet?: boolean;
}

const contexts = new WeakMap<CliIo, RunContext>();

export function setRunContext(io: CliIo, ctx: RunContext): void {
  contexts.set(io, ctx);
}

/** The run's context; a default one (warn level, to io.stderr) when a command runs outside main(). */
export function runContext(io: CliIo): RunContext {
  let ctx = contexts.get(io);
  if (!ctx) {
    ctx = { logger: createLogger({ level: levelFor({}), destination: io.stderr }), verbose: false, debug: false };
    contexts.set(io, ctx);
  }
  return ctx;
}

/** The tool's logger for this run (stderr or --log-file; never stdout). */
export function cliLogger(io: CliIo): Logger {
  return runContext(io).logger;
}
