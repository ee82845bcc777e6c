import { ExitCode } from './exit-codes.js';

/** Coded errors the CLI turns into one friendly line on stderr (stack only with --debug). */
export type ErrorCode =
  | 'E_USAGE'            // bad flags / arguments
  | 'E_INPUT'            // unreadable input file (missing, directory, permission)
  | 'E_NOT_A_LOG'        // readable, but not a libpurple debug log
  | 'E_EMPTY_INPUT'      // nothing to analyse
  | 'E_BUNDLE'           // evidence bundle is not valid JSON / not a bundle
  | 'E_BUNDLE_VERSION'   // evidence bundle of another schemaVersion
  | 'E_UNKNOWN_RULE'     // --only-rules / --skip-rules / rules explain with an unknown id
  | 'E_OUTPUT'           // --output / --save-evidence / --log-file cannot be written
  | 'E_INTERNAL';        // a bug

const EXIT_FOR: Record<ErrorCode, ExitCode> = {
  E_USAGE: ExitCode.Usage,
  E_INPUT: ExitCode.Usage,
  E_NOT_A_LOG: ExitCode.Usage,
  E_EMPTY_INPUT: ExitCode.Usage,
  E_BUNDLE: ExitCode.Usage,
  E_BUNDLE_VERSION: ExitCode.Usage,
  E_UNKNOWN_RULE: ExitCode.Usage,
  E_OUTPUT: ExitCode.Usage,
  E_INTERNAL: ExitCode.Internal,
};

export class SipeDoctorError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: ExitCode;
  /** a second line telling the user what to do */
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, opts: { hint?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'SipeDoctorError';
    this.code = code;
    this.exitCode = EXIT_FOR[code];
    this.hint = opts.hint;
  }
}

export class UsageError extends SipeDoctorError {
  constructor(message: string, hint = 'Run `sipe-doctor --help` for usage.') {
    super('E_USAGE', message, { hint });
    this.name = 'UsageError';
  }
}

/** Friendly hints, keyed by code (strings stay out of logic). */
export const HINTS = {
  notALog:
    "Start Pidgin with --debug (or Finch with -d), sign in once, and save the output: `pidgin --debug > ~/pidgin-debug.log 2>&1`. " +
    'On Windows use Help → Debug Window → Save.',
  caseBundle: 'Collect bundles are written by `sipe-doctor collect` on the user\'s machine; ask the user to run it again and attach the new file unchanged.',
  bundle: 'Evidence bundles are written by `sipe-doctor analyze --save-evidence FILE` or `sipe-doctor check --save-evidence FILE`.',
} as const;

export function notALogError(name: string): SipeDoctorError {
  return new SipeDoctorError(
    'E_NOT_A_LOG',
    `${name} does not look like a Pidgin/Finch debug log (no '(HH:MM:SS) category:' lines).`,
    { hint: HINTS.notALog },
  );
}

interface NodeSystemError {
  code?: unknown;
  path?: unknown;
  message?: unknown;
}

/** Map fs errors (ENOENT, EISDIR, EACCES …) and InputError-like errors from readers to a SipeDoctorError. */
export function toInputError(err: unknown, name: string): SipeDoctorError | undefined {
  if (err instanceof SipeDoctorError) return err;
  const e = (err ?? {}) as NodeSystemError & { name?: unknown };
  switch (e.code) {
    case 'ENOENT':
      return new SipeDoctorError('E_INPUT', `${name}: no such file.`, { cause: err });
    case 'EISDIR':
      return new SipeDoctorError('E_INPUT', `${name} is a directory, not a log file.`, {
        hint: 'Pass the debug log file itself, e.g. `sipe-doctor analyze ~/pidgin-debug.log`.',
        cause: err,
      });
    case 'EACCES':
    case 'EPERM':
      return new SipeDoctorError('E_INPUT', `${name}: permission denied.`, { cause: err });
    case 'ENOTDIR':
    case 'ELOOP':
    case 'ENAMETOOLONG':
      return new SipeDoctorError('E_INPUT', `${name}: cannot open (${String(e.code)}).`, { cause: err });
    default:
      break;
  }
  if (e.name === 'InputError' && typeof e.message === 'string') {
    return new SipeDoctorError('E_INPUT', e.message, { cause: err });
  }
  return undefined;
}

/** The text printed on stderr for any error: one line (+ hint); the stack only with --debug. */
export function describeError(err: unknown, debug: boolean): { text: string; exitCode: ExitCode } {
  if (err instanceof SipeDoctorError) {
    const lines = [`sipe-doctor: ${err.message}`];
    if (err.hint) lines.push(err.hint);
    if (debug && err.exitCode === ExitCode.Internal && err.stack) lines.push(err.stack);
    if (debug && err.cause instanceof Error && err.cause.stack) lines.push(`cause: ${err.cause.stack}`);
    return { text: lines.join('\n') + '\n', exitCode: err.exitCode };
  }
  // the atomic writer's errors (full disk, permission …) already say what happened: not a bug
  if (err instanceof Error && err.name === 'FileWriteError') return { text: `sipe-doctor: ${err.message}.\n`, exitCode: ExitCode.Usage };
  const message = err instanceof Error ? err.message : String(err);
  const lines = [`sipe-doctor: internal error: ${message}`];
  if (debug && err instanceof Error && err.stack) lines.push(err.stack);
  else lines.push('Run again with --debug for the stack trace, and please report it.');
  return { text: lines.join('\n') + '\n', exitCode: ExitCode.Internal };
}
