import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Argv } from 'yargs';
import { RULES } from '../../rules/index.js';
import { ROOT_CAUSES } from '../../rules/root-causes.js';
import type { Rule } from '../../rules/types.js';
import { closeMatches } from '../../rule-docs/close-matches.js';
import { ruleDocModel, type RuleDoc, type RuleExample } from '../../rule-docs/model.js';
import type { CommandFactory } from '../command.js';
import { fitToWidth } from '../../report/formatters/wrap.js';
import { SipeDoctorError, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import type { GlobalArgs } from '../options.js';
import { plainFormat, withPlainOutputOptions, writePlainOutput, type PlainOutputArgs } from '../report-output.js';

export interface RulesArgs extends GlobalArgs, PlainOutputArgs {
  action?: string | undefined;
  id?: string | undefined;
}

/** `sipe-doctor rules [--json]`, `sipe-doctor rules explain ID`: the catalog from rule metadata. */
export const createRulesCommand =
  (rules: readonly Rule[] = RULES): CommandFactory =>
  (io) => ({
    command: 'rules [action] [id]',
    describe: 'list the diagnosis rules, or explain one (rules explain <id>)',
    builder: (y: Argv) =>
      withPlainOutputOptions(
        y
          .positional('action', { type: 'string', choices: ['list', 'explain'], describe: 'list (default) or explain' })
          .positional('id', { type: 'string', describe: 'rule id for explain, e.g. sip/blocked-client-version' }),
        ['text', 'json'],
      ),
    examples: [
      ['sipe-doctor rules', 'every rule: id, root cause, step, severity, title'],
      ['sipe-doctor rules explain sip/blocked-client-version', 'what a rule checks, why, how to fix, evidence, example'],
      ['sipe-doctor rules --json | jq -r ".[].id"', 'the rule ids'],
    ],
    handler: async (argv: RulesArgs) => runRules(argv, io, rules),
  });

export const rulesCommand: CommandFactory = createRulesCommand();

export async function runRules(args: RulesArgs, io: CliIo, rules: readonly Rule[]): Promise<number> {
  const action = args.action ?? 'list';
  const json = plainFormat(args, 'text') === 'json';
  if (action === 'list') {
    if (args.id) throw new UsageError(`unexpected argument '${args.id}'`, 'Did you mean `sipe-doctor rules explain ' + args.id + '`?');
    await writePlainOutput(json ? JSON.stringify(rules.map(listEntry), null, 2) + '\n' : listText(rules, io.columns ?? 80), args, io, 'rule list');
    return 0;
  }
  if (!args.id) throw new UsageError('rules explain needs a rule id', 'List the ids with `sipe-doctor rules`.');
  const rule = rules.find((r) => r.meta.id === args.id);
  if (!rule) {
    const near = closeMatches(args.id, rules.map((r) => r.meta.id));
    throw new SipeDoctorError('E_UNKNOWN_RULE', `unknown rule '${args.id}'.`, {
      hint: near.length > 0 ? `Did you mean: ${near.join(', ')}?` : 'List the rules with `sipe-doctor rules`.',
    });
  }
  const doc = ruleDocModel(rule, await exampleFromDocs(rule.meta.id));
  await writePlainOutput(json ? JSON.stringify(doc, null, 2) + '\n' : fitToWidth(explainText(doc), io.columns ?? 80), args, io, 'rule description');
  return 0;
}

function listEntry(r: Rule): { id: string; rootCause: string; step: string; severity: string; title: string } {
  const m = r.meta;
  return { id: m.id, rootCause: m.rootCause, step: m.step ?? ROOT_CAUSES[m.rootCause]?.step ?? '', severity: m.severity, title: m.failureTitle };
}

/** A table when it fits the width; otherwise each rule on two lines (id, then root cause · step · severity · title). */
function listText(rules: readonly Rule[], width: number): string {
  const rows = rules.map(listEntry);
  const w = (k: keyof ReturnType<typeof listEntry>): number => Math.max(k.length, ...rows.map((r) => r[k].length));
  const cols = ['id', 'rootCause', 'step', 'severity'] as const;
  const line = (r: Record<string, string>): string => cols.map((c) => (r[c] ?? '').padEnd(w(c))).join('  ') + '  ' + (r['title'] ?? '');
  const footer = ['', `${rows.length} rules. Details: sipe-doctor rules explain <id>`];
  const table = [line({ id: 'ID', rootCause: 'ROOT CAUSE', step: 'STEP', severity: 'SEVERITY', title: 'FAILS WHEN' }), ...rows.map(line)];
  if (table.every((l) => l.length <= width)) return [...table, ...footer].join('\n') + '\n';
  const blocks = rows.flatMap((r) => [r.id, fitToWidth(`    ${r.rootCause} · ${r.step} · ${r.severity} · ${r.title}`, width)]);
  return fitToWidth([...blocks, ...footer].join('\n'), width) + '\n';
}

function explainText(d: RuleDoc): string {
  const out = [`${d.id}: ${d.failureTitle}`, `root cause ${d.rootCause} (${d.rootCauseTitle}) · step ${d.step} · severity ${d.severity}`, ''];
  out.push('What it checks', ...d.whatItChecks.map((l) => `  ${l.replace(/\*\*|`/g, '')}`), '');
  out.push('Why it matters', `  ${d.whyItMatters}`, '');
  out.push('How to fix', `  ${d.howToFix.summary}`);
  for (const s of d.howToFix.settings) out.push(`  In Pidgin: ${s}`);
  d.howToFix.steps.forEach((s, i) => out.push(`  ${i + 1}. ${s}`));
  if (d.howToFix.adminActions.length > 0) out.push('  For the administrator:', ...d.howToFix.adminActions.flatMap((a) => a.split('\n')).map((a) => `    ${a}`));
  out.push('', 'Evidence used', ...d.evidenceUsed.map((l) => `  ${l.replace(/`/g, '')}`), '');
  if (d.example) out.push(`Example (${d.example.source.replace(/`/g, '')})`, ...d.example.excerpt.split('\n').map((l) => `  ${l}`), '');
  out.push(`Docs: docs/rules/${d.id}.md`);
  return out.join('\n') + '\n';
}

/** The example excerpt of the generated doc (docs/ ships with the package; fixtures do not). */
async function exampleFromDocs(id: string): Promise<RuleExample | undefined> {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const text = await readFile(join(dir, 'docs/rules', `${id}.md`), 'utf8');
      const m = /## Example log excerpt\n\n(`{3,})text\n([\s\S]*?)\n\1\n\nSource: (.*?)\. Secrets are redacted\./.exec(text);
      return m ? { excerpt: m[2] ?? '', source: m[3] ?? '' } : undefined;
    } catch {
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return undefined;
}
