import type { Report } from '../types.js';
import type { SettingChange } from '../../protocol/account-settings.js';
import type { SipeAccount, SkippedAccount } from '../../config/parse.js';

/**
 * What `sipe-doctor config` shows of an account. Pure. The password appears only as
 * "stored (clear text)" / "not stored": its value is not in SipeAccount to begin with.
 */
export interface ShownAccount {
  username: string;
  login: string;
  server: string;
  transport: string;
  transportSetting: string | null;
  authentication: string;
  authenticationSetting: string | null;
  userAgent: string;
  sso: boolean;
  password: 'stored (clear text)' | 'not stored';
  lastError: { reason: number | null; reasonName: string | null; description: string } | null;
}

const TRANSPORT_LABEL: Readonly<Record<string, string>> = { auto: 'Auto', tls: 'SSL/TLS', tcp: 'TCP' };
const AUTH_LABEL: Readonly<Record<string, string>> = { ntlm: 'NTLM', kerberos: 'Kerberos', 'tls-dsk': 'TLS-DSK', auto: 'Auto' };

export function shownAccount(a: SipeAccount): ShownAccount {
  return {
    username: a.username,
    login: a.login,
    server: a.server,
    transport: a.transport,
    transportSetting: a.transportSetting ?? null,
    authentication: a.authentication,
    authenticationSetting: a.authenticationSetting ?? null,
    userAgent: a.userAgent,
    sso: a.sso,
    password: a.hasPassword ? 'stored (clear text)' : 'not stored',
    lastError: a.currentError
      ? { reason: a.currentError.reason ?? null, reasonName: a.currentError.reasonName ?? null, description: a.currentError.description }
      : null,
  };
}

function transportText(a: SipeAccount): string {
  const label = TRANSPORT_LABEL[a.transport] ?? a.transport;
  if (a.transportSetting === undefined) return `${label} (no setting; SIPE's default)`;
  if (a.transportSetting !== a.transport) return `${label} (stored '${a.transportSetting}', which SIPE reads as TCP)`;
  return a.transport === 'auto' && a.server !== '' ? `${label} (with a Server set SIPE uses TLS)` : label;
}

function authText(a: SipeAccount): string {
  const label = AUTH_LABEL[a.authentication] ?? a.authentication;
  if (a.authenticationSetting === undefined) return `${label} (no setting: SIPE 1.25's code default, although Pidgin's dialog shows Auto)`;
  if (a.authentication === 'auto' && a.authenticationSetting !== 'auto') return `${label} (stored '${a.authenticationSetting}', which SIPE 1.19+ reads as Auto)`;
  return label;
}

const oneLine = (s: string): string => s.replace(/\r?\n/g, ' ⏎ ');

export function renderAccountText(a: SipeAccount, n: number, total: number): string {
  const rows: [string, string][] = [
    ['Username', a.username === '' ? '(empty)' : a.username],
    ['Login', a.login === '' ? '(empty: the Username is used)' : a.login],
    ['Password', a.hasPassword ? 'stored (clear text)' : 'not stored'],
    ['Server[:Port]', a.server === '' ? '(empty: auto-discovery)' : a.server],
    ['Connection type', transportText(a)],
    ['Authentication', authText(a)],
    ['User Agent', a.userAgent === '' ? "(empty: SIPE's built-in)" : a.userAgent],
    ['Single Sign-On', a.sso ? 'on' : 'off'],
    [
      'Last error',
      a.currentError
        ? `${a.currentError.reason ?? '?'}${a.currentError.reasonName ? ` ${a.currentError.reasonName}` : ''}: ${oneLine(a.currentError.description)}`
        : 'none stored',
    ],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const head = `SIPE account ${n} of ${total}: ${a.username || '(no Username)'}`;
  return [head, ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)].join('\n') + '\n';
}

export function renderSkipped(skipped: readonly SkippedAccount[]): string {
  if (skipped.length === 0) return '';
  const list = skipped.map((s) => `${s.name || '(no name)'} (${s.protocol || 'no protocol'})`).join(', ');
  return `Skipped ${skipped.length} non-SIPE account${skipped.length === 1 ? '' : 's'}: ${list}\n`;
}

const quoteArg = (s: string): string => (/^[A-Za-z0-9@._:/+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** `sipe-doctor config --fix --set key=value …` for a remediation's settings. */
export function fixCommandLine(settings: readonly SettingChange[], account: string | undefined, pathArg: string | undefined): string {
  const parts = ['sipe-doctor config'];
  if (pathArg) parts.push(quoteArg(pathArg));
  if (account) parts.push('--account', quoteArg(account));
  parts.push('--fix');
  for (const s of settings) parts.push(s.value === '' ? `--clear ${s.key}` : `--set ${quoteArg(`${s.key}=${s.value}`)}`);
  return parts.join(' ');
}

const MARK: Readonly<Record<string, string>> = { error: '✖', warning: '⚠', info: 'ℹ' };

/** The findings of one account's report, concise: mark, title, explanation, fix. */
export function renderFindingsText(report: Report, account: string, multiple: boolean, pathArg: string | undefined): string {
  const lines: string[] = [];
  if (report.findings.length === 0) {
    lines.push('  ✔ No problem found in these settings.');
    return lines.join('\n') + '\n';
  }
  if (report.verdict.rootCause) lines.push(`  Verdict: ${report.verdict.summary}`);
  for (const f of report.findings) {
    lines.push(`  ${MARK[f.severity] ?? '-'} ${f.title} [${f.ruleId}]`);
    lines.push(`      ${oneLine(f.explanation)}`);
    lines.push(`      Fix: ${f.remediation.summary}`);
    const settings = f.remediation.settings ?? [];
    for (const s of settings) lines.push(`        ${s.tab} tab → ${s.field}: ${s.value === '' ? '(clear)' : (s.choice ?? s.value)}`);
    if (settings.length > 0) lines.push(`      Apply: ${fixCommandLine(settings, multiple ? account : undefined, pathArg)}`);
  }
  return lines.join('\n') + '\n';
}
