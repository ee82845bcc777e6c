import type { Argv } from 'yargs';
import type { FailOn } from '../report/exit-code.js';
import { FORMAT_NAMES, FORMATTERS } from '../report/formatters/index.js';
import { ROOT_CAUSES } from '../rules/root-causes.js';
import type { Rule } from '../rules/types.js';
import { closeMatches } from '../rule-docs/close-matches.js';
import { resolveColor } from './color.js';
import { SipeDoctorError, UsageError } from './errors.js';
import type { CliIo } from './io.js';

/** Global flags (main.ts defines them; every command sees them). */
export interface GlobalArgs {
  color?: boolean | undefined;
  verbose?: boolean | undefined;
  debug?: boolean | undefined;
  quiet?: boolean | undefined;
  logFile?: string | undefined;
}

/** The shared output flags of every diagnosing command (analyze, replay, check, demo). */
export interface OutputArgs extends GlobalArgs {
  format?: string | undefined;
  json?: boolean | undefined;
  output?: string | undefined;
  redactPii?: boolean | undefined;
  saveEvidence?: string | undefined;
  includeEvidence?: boolean | undefined;
  failOn?: FailOn | undefined;
  /** --reply: the ticket-ready Markdown reply (formatter `reply`) */
  reply?: boolean | undefined;
  /** --expect ID|none: exit 0 when the verdict is exactly this root cause (demo, scripts, training checks) */
  expect?: string | undefined;
}

export interface RuleSelectionArgs {
  onlyRules?: string[] | undefined;
  skipRules?: string[] | undefined;
}

export const FAIL_ON_CHOICES: readonly FailOn[] = ['error', 'warning', 'info', 'none'];

/** Add --format/--json/--output/--redact-pii/--save-evidence/--include-evidence/--fail-on. */
export function withOutputOptions<T>(y: Argv<T>): Argv<T & OutputArgs> {
  return y
    .option('format', {
      alias: 'f',
      type: 'string',
      choices: FORMAT_NAMES as string[],
      describe: `report format (default text): ${FORMAT_NAMES.map((n) => `${n} = ${FORMATTERS[n].description}`).join('; ')}`,
      group: 'Output:',
      requiresArg: true,
    })
    .option('json', { type: 'boolean', describe: 'shorthand for --format json', group: 'Output:' })
    .option('reply', { type: 'boolean', describe: 'print a Markdown reply to paste into the ticket (shorthand for --format reply)', group: 'Output:' })
    .option('output', { alias: 'o', type: 'string', describe: 'write the report to FILE (atomically) instead of stdout', group: 'Output:', requiresArg: true })
    .option('redact-pii', { type: 'boolean', describe: 'replace user names, host names and addresses with placeholders (user1@domain1.example …) in the report and saved evidence', group: 'Output:' })
    .option('save-evidence', { type: 'string', describe: 'also save the evidence bundle as JSON (replay it later with `sipe-doctor replay FILE`)', group: 'Output:', requiresArg: true })
    .option('include-evidence', { type: 'boolean', describe: 'with --format json: add the evidence bundle as `evidenceBundle`', group: 'Output:' })
    .option('fail-on', {
      type: 'string',
      choices: FAIL_ON_CHOICES as string[],
      describe: 'lowest finding severity that makes the exit code 1 (a diagnosed root cause always does)',
      default: 'error',
      group: 'Output:',
      requiresArg: true,
    })
    .option('expect', {
      type: 'string',
      describe: 'exit 0 when the verdict names this root cause (`none` = no problem), 1 when it names another',
      group: 'Output:',
      requiresArg: true,
    })
    .check((argv) => {
      const a = argv as OutputArgs;
      if (a.json && a.format !== undefined && a.format !== 'json') throw new UsageError(`--json conflicts with --format ${a.format}`);
      if (a.reply && (a.json || (a.format !== undefined && a.format !== 'reply'))) throw new UsageError(`--reply conflicts with ${a.json ? '--json' : `--format ${a.format}`}`);
      if (a.expect !== undefined) checkExpect(a.expect);
      return true;
    }) as unknown as Argv<T & OutputArgs>;
}

/** --expect names a root-cause id or `none`; a typo must not read as "another root cause" (exit 1). */
export function checkExpect(value: string): void {
  if (value === 'none' || Object.prototype.hasOwnProperty.call(ROOT_CAUSES, value)) return;
  const near = closeMatches(value, Object.keys(ROOT_CAUSES), 3);
  throw new UsageError(
    `--expect: unknown root cause '${value}'${near.length > 0 ? ` (did you mean ${near.join(', ')}?)` : ''}`,
    'The ids are listed by `sipe-doctor rules` (ROOT CAUSE column); `none` expects no problem.',
  );
}

/** Add --only-rules / --skip-rules (rule ids or category prefixes such as `tls/`). */
export function withRuleOptions<T>(y: Argv<T>): Argv<T & RuleSelectionArgs> {
  return y
    // one value per flag (repeat it, or a,b): an array option must never take the file names after it
    .option('only-rules', { type: 'string', array: true, nargs: 1, requiresArg: true, describe: 'run only these rules (ids, or a category such as tls/; repeat or a,b)', group: 'Rules:' })
    .option('skip-rules', { type: 'string', array: true, nargs: 1, requiresArg: true, describe: 'skip these rules (ids, or a category such as tls/; repeat or a,b)', group: 'Rules:' }) as unknown as Argv<T & RuleSelectionArgs>;
}

/** Split `a,b` and repeated flags into one list. */
export function ruleIdList(values: readonly string[] | undefined): string[] | undefined {
  if (!values) return undefined;
  const ids = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  return ids.length > 0 ? ids : undefined;
}

/**
 * Resolve --only-rules / --skip-rules against the catalog: exact ids, or a category prefix
 * (`tls/` or `tls`) expanding to its rules. Unknown → exit 2.
 */
export function resolveRuleIds(values: readonly string[] | undefined, rules: readonly Rule[], flag: string): string[] | undefined {
  const ids = ruleIdList(values);
  if (!ids) return undefined;
  const out: string[] = [];
  for (const id of ids) {
    if (rules.some((r) => r.meta.id === id)) {
      out.push(id);
      continue;
    }
    const prefix = id.endsWith('/') ? id : `${id}/`;
    const matches = rules.filter((r) => r.meta.id.startsWith(prefix));
    if (matches.length === 0) {
      throw new SipeDoctorError('E_UNKNOWN_RULE', `${flag}: unknown rule '${id}'.`, { hint: 'List the rules with `sipe-doctor rules`.' });
    }
    out.push(...matches.map((r) => r.meta.id));
  }
  return out;
}

/** (lives in color.ts so that commands which need only it do not load the report formatters) */
export { resolveColor };

export function formatName(args: OutputArgs): string {
  return args.reply ? 'reply' : args.json ? 'json' : (args.format ?? 'text');
}
