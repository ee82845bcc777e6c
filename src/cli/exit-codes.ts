/**
 * Process exit codes (an ESLint/attw blend). Scripts and CI key on them: never renumber.
 * src/report/exit-code.ts computes 0/1/3/4 from a report with the same numbers.
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
  /** diagnosis completed but the evidence shows neither a sign-in nor a failure (not "healthy") */
  Inconclusive: 4,
  /** Ctrl-C: the partial report was printed first (128 + SIGINT, as shells report it) */
  Interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Help epilogue text (shown under every --help): [code, meaning]. */
export const EXIT_CODE_ROWS: readonly (readonly [number, string])[] = [
  [ExitCode.Ok, 'no problem found'],
  [ExitCode.Problem, 'a problem was diagnosed (the report says what to change)'],
  [ExitCode.Usage, 'usage or input error (bad flags, unreadable file, not a debug log, bad evidence bundle, -o naming an input)'],
  [ExitCode.Internal, 'internal error (a rule or probe crashed; the report is still printed)'],
  [ExitCode.Inconclusive, 'inconclusive: the evidence shows neither a sign-in nor a failure (not the same as healthy)'],
  [ExitCode.Interrupted, 'interrupted (Ctrl-C); the report of what was found so far is printed first'],
];

export const EXIT_CODE_HELP = ['Exit codes:', ...EXIT_CODE_ROWS.map(([code, what]) => `  ${String(code).padEnd(4)} ${what}`)].join('\n');
