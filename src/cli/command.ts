import type { CommandBuilder } from 'yargs';
import type { CliIo } from './io.js';

/**
 * A sub-command. Structurally a superset of yargs' `CommandModule` (a plain CommandModule fits),
 * with two additions main.ts understands:
 * - `handler` may return (or resolve to) the exit code; `undefined` means 0. Throwing a
 *   SipeDoctorError prints its friendly message and exits with its code.
 * - `examples` are shown in the command's --help and in the top-level --help.
 */
export interface CliCommand {
  /** e.g. `analyze <files..>`; must be set explicitly (yargs 18) */
  command?: readonly string[] | string | undefined;
  aliases?: readonly string[] | string | undefined;
  describe?: string | false | undefined;
  deprecated?: boolean | string | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  builder?: CommandBuilder<any, any> | undefined;
  /** receives the parsed argv (camelCase keys); type it with the command's own Args interface */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handler: (argv: any) => unknown;
  /** [command line, what it does]; real, copy-pasteable command lines */
  examples?: readonly (readonly [string, string])[];
}

/** What src/cli/commands/<name>.ts exports: `export const fooCommand: CommandFactory = (io) => ({...})`. */
export type CommandFactory = (io: CliIo) => CliCommand;

/**
 * A command whose module is imported only when it is run (or for --help): start-up stays fast
 * because `sipe-doctor analyze` never loads undici, the lab's X.509 code, etc.
 * `name` must be the first word of the module's `command`.
 */
export interface LazyCommand {
  name: string;
  aliases?: readonly string[];
  load(): Promise<CommandFactory>;
}

/** An entry of commands/index.ts COMMANDS. */
export type CommandEntry = CommandFactory | LazyCommand;
