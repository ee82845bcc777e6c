/**
 * Process exit codes (an ESLint/attw blend). Scripts and CI key on them: never renumber.
 * src/report/exit-code.ts computes 0/1/3 from a report with the same numbers.
 */
export const ExitCode = {
  /** diagnosis completed, nothing wrong (at or above --fail-on) */
  Ok: 0,
  /** diagnosis completed and found a problem (network failures land here: they are findings) */
  Problem: 1,
  /** bad flags, unknown rule id, unreadable / non-log input, invalid evidence bundle */
  Usage: 2,
  /** a crash, a rule that threw, or a probe that crashed; the report is still printed first */
  Internal: 3,
  /** interrupted by Ctrl-C (128 + SIGINT, as shells report it); the partial report is printed first */
  Interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Help epilogue text (shown under every --help). */
export const EXIT_CODE_HELP = [
  'Exit codes:',
  '    0  no problem found',
  '    1  a problem was diagnosed (the report says what to change)',
  '    2  usage or input error (bad flags, unreadable file, not a debug log, bad evidence bundle)',
  '    3  internal error (a rule or probe crashed; the report is still printed)',
  '  130  interrupted (Ctrl-C); check prints the report of what it found so far first',
].join('\n');
