import type { CommandEntry } from '../command.js';

/**
 * The sub-commands, in --help order. To add one: ONE entry below, loaded lazily so that
 * `sipe-doctor analyze` does not pay for the other commands' imports:
 *   { name: 'foo', load: async () => (await import('./foo.js')).fooCommand },
 * A command module exports `const <name>Command: CommandFactory = (io) => ({ command, describe,
 * builder, handler, examples })`; its handler returns the exit code (see ../command.ts). A
 * diagnosing command takes the pipeline (src/pipeline): a collector for its input gives a
 * Collection, `diagnoseCommandRun(deps, collection, …)` (../engine.ts) the Report, and
 * `return writeReport(report, argv, io, collection.bundle)` (../output.ts) renders and writes it.
 * (A plain CommandFactory is accepted too, but is imported at start-up.)
 */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'check', load: async () => (await import('./check.js')).checkCommand },
  { name: 'analyze', load: async () => (await import('./analyze.js')).analyzeCommand },
  { name: 'collect', load: async () => (await import('./collect.js')).collectCommand },
  { name: 'replay', load: async () => (await import('./replay.js')).replayCommand },
  { name: 'triage', load: async () => (await import('./triage.js')).triageCommand },
  { name: 'rules', load: async () => (await import('./rules.js')).rulesCommand },
  { name: 'config', load: async () => (await import('./config.js')).configCommand },
  { name: 'env', load: async () => (await import('./env.js')).envCommand },
  { name: 'demo', load: async () => (await import('./demo.js')).demoCommand },
  { name: 'lab', load: async () => (await import('./lab.js')).labCommand },
];
