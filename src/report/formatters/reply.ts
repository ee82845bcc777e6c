import { redactLine } from '../../redact/index.js';
import { ROOT_CAUSES } from '../../rules/root-causes.js';
import type { SettingChange } from '../../protocol/account-settings.js';
import type { Remediation } from '../../rules/types.js';
import type { Finding, Report } from '../types.js';
import { collectedMarkdown } from './collected.js';
import { PLAIN_WORDS } from './reply-texts.js';
import { primaryFinding, type FormatOptions } from './shared.js';

/**
 * A Markdown reply a helpdesk agent can paste into the ticket: what is wrong in plain words, the
 * exact clicks in Pidgin's own words, or what goes to the IT team and why ("For your IT team").
 * Pure. Every string passes the secret redactor once more (defence in depth); personal data is
 * removed by the caller (--redact-pii, on by default in triage) before the report gets here.
 */
export function formatReply(report: Report, _opts: FormatOptions): string {
  const out: string[] = ['Hello,', ''];
  const v = report.verdict;
  const primary = primaryFinding(report);
  if (v.rootCause === null || !primary) {
    out.push(...(v.outcome === 'signed-in' ? signedInLines(report) : unknownLines()));
  } else {
    out.push(...problemLines(report, primary));
  }
  const extras = report.findings.filter((f) => f.role === 'warning' && f !== primary).slice(0, 3);
  if (extras.length > 0) {
    out.push('**Also worth fixing**', '');
    for (const f of extras) out.push(`- ${PLAIN_WORDS[f.rootCause] ?? f.title} ${f.remediation.summary}`);
    out.push('');
  }
  if (report.collected) {
    out.push('**What we looked at** (from the file `sipe-doctor collect` made on your computer):', '', ...collectedMarkdown(report.collected));
  }
  out.push('Best regards,', '');
  const ref = v.rootCause ? `\`${v.rootCause}\`${v.confidence ? `, ${v.confidence}` : ''}` : v.outcome;
  out.push(`_Diagnosed with sipe-doctor ${report.tool.version} (${ref})._`);
  return out.map(clean).join('\n') + '\n';
}

function signedInLines(report: Report): string[] {
  const where = report.account?.server ? ` to ${report.account.server}` : '';
  return [
    `Good news: the debug log shows that Pidgin **signed in fine**${where}. Nothing in your account settings needs to change.`,
    '',
    'If you still see a problem, please tell us what happens (the exact error message, or what does not work after signing in) ' +
      'and send a new debug log that covers it.',
    '',
  ];
}

function unknownLines(): string[] {
  return [
    'the debug log you sent does not show a sign-in attempt that failed or succeeded, so we cannot tell yet what goes wrong.',
    '',
    '**Please send a new debug log:**',
    '',
    '1. Quit Pidgin, then start it from a terminal with `pidgin --debug > ~/pidgin-debug.log 2>&1` (on Windows: **Help → Debug Window**, then **Save** after the attempt).',
    '2. Try to sign in once and wait until the error appears.',
    '3. Quit Pidgin and attach the file `pidgin-debug.log` to this ticket.',
    '',
  ];
}

function problemLines(report: Report, f: Finding): string[] {
  const r = f.remediation;
  const out: string[] = [];
  const plain = PLAIN_WORDS[f.rootCause] ?? ROOT_CAUSES[f.rootCause]?.title ?? f.title;
  const what = report.collected ? 'the file from `sipe-doctor collect`' : 'the debug log';
  out.push(`thank you for ${what}. Here is what it shows.`, '', `**What is wrong:** ${plain}`, '');

  const settings = r.settings ?? [];
  const userSteps = r.audience === 'user' ? remainingSteps(r) : [];
  const forIt = r.audience !== 'user' || (r.adminActions?.length ?? 0) > 0;
  if (settings.length > 0) {
    out.push('**What to do** (in Pidgin):', '');
    const steps = pidginSteps(settings, report.account?.signinName);
    steps.forEach((s, i) => out.push(`${i + 1}. ${s}`));
    out.push('');
    if (userSteps.length > 0) {
      out.push('If that does not help:', '', ...userSteps.map((s) => `- ${s}`), '');
    }
  } else if (r.audience === 'user') {
    out.push(`**What to do:** ${r.summary}`, '');
    if (userSteps.length > 0) out.push(...userSteps.map((s, i) => `${i + 1}. ${s}`), '');
  } else {
    out.push(
      `**What happens next:** this has to be fixed on the server side; there is nothing to change in your Pidgin settings. ` +
        `We have passed it to the IT team (${r.audience === 'network' ? 'network' : 'Skype for Business / Lync'} administrators) ` +
        `with the details below, and will let you know once it is done. Then simply sign in again.`,
      '',
    );
  }
  out.push(`_Technical detail:_ ${f.explanation}`, '');

  if (forIt) {
    out.push('---', '', '### For your IT team', '');
    out.push(`**Why:** ${f.explanation}`, '', `**Needed:** ${r.summary}`, '');
    if (r.audience !== 'user' && r.steps.length > 0) out.push(...r.steps.map((s, i) => `${i + 1}. ${s}`), '');
    if (r.adminActions && r.adminActions.length > 0) {
      out.push(r.audience === 'user' ? 'Alternatively, on the server:' : 'On the server:', '', '```', ...r.adminActions, '```', '');
    }
    out.push('---', '');
  }
  return out;
}

/** The clicks, as Pidgin labels them: Accounts → Manage Accounts → select → Modify… → tab → field → Save. */
export function pidginSteps(settings: readonly SettingChange[], account: string | undefined): string[] {
  const steps = [
    'Open **Accounts → Manage Accounts**.',
    account ? `Select the account **${account}** and click **Modify…**.` : 'Select your Office Communicator account and click **Modify…**.',
  ];
  for (const tab of ['Basic', 'Advanced'] as const) {
    const onTab = settings.filter((s) => s.tab === tab);
    if (onTab.length === 0) continue;
    steps.push(`Open the **${tab}** tab.`);
    for (const s of onTab) steps.push(settingStep(s));
  }
  steps.push('Click **Save**.');
  steps.push('If Pidgin disabled the account after the error, tick its **Enabled** box in **Accounts → Manage Accounts** to sign in again.');
  return steps;
}

function settingStep(s: SettingChange): string {
  if (s.value === '' && !s.choice) return `Clear the **${s.field}** field (leave it empty).`;
  if (s.choice) return `Set **${s.field}** to **${s.choice}**.`;
  return `Set **${s.field}** to: ${code(s.value)}`;
}

/** The rule's own steps, minus those the Pidgin click path above already covers. */
function remainingSteps(r: Remediation): string[] {
  const fields = (r.settings ?? []).map((s) => s.field.toLowerCase());
  return r.steps.filter((step) => {
    const s = step.toLowerCase();
    if ((r.settings?.length ?? 0) === 0) return true;
    if (s.includes('manage accounts') || /^save\b/.test(s)) return false;
    return !fields.some((f) => s.startsWith(`set "${f}"`) || s.startsWith(`set ${f} `) || s.startsWith(`set the ${f} `));
  });
}

/** Inline code that survives backticks in the value. */
function code(value: string): string {
  const fence = value.includes('`') ? '``' : '`';
  return `${fence}${value}${fence}`;
}

/** Secrets never leave, even if a producer let one through. */
function clean(line: string): string {
  return redactLine(line).text;
}
