import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { ConcurrentChangeError, FileWriteError, removeStaleTemps, writeFileAtomic } from '../../adapters/atomic-file.js';
import { AccountsFileError, loadAccountsBytes, loadedAccountsDrafts } from '../../config/evidence.js';
import { applyAccountFix, FixError, type FixDeps, type FixResult, type ReplaceFile, type RequestedChange } from '../../config/fix.js';
import { ReportSettingsError, settingsFromReportJson } from '../../config/from-report.js';
import { nodeAccountsFs, type AccountsFs } from '../../config/fs-io.js';
import { locateAccountsXml } from '../../config/locate.js';
import type { SipeAccount } from '../../config/parse.js';
import { procfsLister, type ProcessLister } from '../../config/processes.js';
import { shownAccount, renderAccountText, renderFindingsText, renderSkipped } from '../../report/formatters/accounts.js';
import { collectAccounts, readAccountsFile, type AccountsFile } from '../../pipeline/collect.js';
import { selectAccounts } from '../../pipeline/collect-accounts.js';
import { diagnoseCollection } from '../../pipeline/diagnose.js';
import { exitCodeFor, type FailOn } from '../../report/exit-code.js';
import type { Report } from '../../report/types.js';
import { RULES } from '../../rules/index.js';
import type { CommandFactory } from '../command.js';
import { SipeDoctorError, toInputError, UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { FAIL_ON_CHOICES, type GlobalArgs } from '../options.js';
import { toolVersion } from '../version.js';

export interface ConfigArgs extends GlobalArgs {
  path?: string | undefined;
  purpleDir?: string | undefined;
  json?: boolean | undefined;
  fix?: boolean | undefined;
  dryRun?: boolean | undefined;
  set?: string[] | undefined;
  clear?: string[] | undefined;
  account?: string | undefined;
  force?: boolean | undefined;
  fromReport?: string | undefined;
  failOn?: FailOn | undefined;
}

/** The outside world of `config`; tests inject fakes (process list, fault points, clock via io). */
export interface ConfigDeps {
  fs: AccountsFs;
  /** the one atomic writer */
  write: ReplaceFile;
  /** may this process write to the file itself? (a read-only file is refused unless --force) */
  writable(path: string): boolean;
  /** remove temporary copies a killed earlier run left in this directory */
  sweep(dir: string): Promise<unknown>;
  listProcesses: ProcessLister;
  home: string;
  platform: NodeJS.Platform;
  isDir(path: string): boolean;
  afterStep?: FixDeps['afterStep'];
}

export async function loadConfigDeps(): Promise<ConfigDeps> {
  return {
    fs: nodeAccountsFs,
    write: writeFileAtomic,
    // read-only: no write permission for us, or no owner write bit (root may write anyway, but a
    // file made read-only was made so on purpose)
    writable: (p) => {
      try {
        accessSync(p, fsConstants.W_OK);
        return (statSync(p).mode & 0o200) !== 0;
      } catch {
        return false;
      }
    },
    sweep: (dir) => removeStaleTemps(dir),
    listProcesses: process.platform === 'win32' || process.platform === 'darwin' ? async () => undefined : procfsLister(),
    home: homedir(),
    platform: process.platform,
    isDir: (p) => {
      try {
        return statSync(p).isDirectory();
      } catch {
        return false;
      }
    },
  };
}

export const createConfigCommand =
  (inject?: () => Promise<ConfigDeps>): CommandFactory =>
  (io) => ({
    command: 'config [path]',
    describe: "show and lint Pidgin's SIPE account settings (accounts.xml); --fix changes them safely",
    builder: (y: Argv) =>
      y
        .positional('path', { type: 'string', describe: 'accounts.xml or a .purple directory (default: ~/.purple/accounts.xml, %APPDATA%\\.purple on Windows)' })
        .option('purple-dir', { type: 'string', describe: "Pidgin's settings directory (as `pidgin -c DIR`)", requiresArg: true, group: 'Input:' })
        .option('account', { type: 'string', describe: 'the SIPE account to show or change (Username, or the full Username,Login)', requiresArg: true, group: 'Input:' })
        .option('json', { type: 'boolean', describe: 'machine-readable output', group: 'Output:' })
        .option('fail-on', { type: 'string', choices: FAIL_ON_CHOICES as string[], default: 'error', describe: 'lowest finding severity that makes the exit code 1', group: 'Output:' })
        .option('fix', { type: 'boolean', describe: 'apply changes: --set/--clear, or the verdict of --from-report', group: 'Fix:' })
        .option('dry-run', { type: 'boolean', describe: 'with --fix: print the diff only, write nothing', group: 'Fix:' })
        .option('set', { type: 'string', array: true, describe: 'KEY=VALUE to set (useragent, login, username, server, transport, authentication, sso …)', group: 'Fix:' })
        .option('clear', { type: 'string', array: true, describe: 'KEY to empty (useragent, login, server …)', group: 'Fix:' })
        .option('from-report', { type: 'string', describe: 'apply the setting changes of the verdict of a JSON report (analyze/check --json)', requiresArg: true, group: 'Fix:' })
        .option('force', { type: 'boolean', describe: 'write even while Pidgin or Finch is running (they may overwrite the change when they exit)', group: 'Fix:' }),
    examples: [
      ['sipe-doctor config', 'show every SIPE account in ~/.purple/accounts.xml and what is wrong with it'],
      ["sipe-doctor config --fix --dry-run --set 'useragent=UCCAPI/16.0.4266.1001 OC/16.0.4266.1001 (Skype for Business)'", 'preview a User Agent change as a diff'],
      ["sipe-doctor config --fix --set 'login=CORP\\alice' --set authentication=tls-dsk", 'change Login and Authentication scheme (backup kept next to the file)'],
      ['sipe-doctor analyze --json debug.log > report.json && sipe-doctor config --fix --from-report report.json', 'apply what a diagnosis recommends'],
    ],
    handler: async (argv: ConfigArgs) => runConfig(argv, io, await (inject ?? loadConfigDeps)()),
  });

export const configCommand: CommandFactory = createConfigCommand();

function accountsPath(args: ConfigArgs, io: CliIo, deps: ConfigDeps): string {
  if (args.path && args.purpleDir) throw new UsageError('give either a path or --purple-dir, not both');
  const home = io.env['HOME'] ?? (deps.platform === 'win32' ? io.env['USERPROFILE'] : undefined) ?? deps.home;
  return locateAccountsXml(
    { ...(args.path ? { path: args.path } : {}), ...(args.purpleDir ? { purpleDir: args.purpleDir } : {}), env: io.env, platform: deps.platform, home, cwd: io.cwd },
    deps.isDir,
  );
}

function mapError(err: unknown, path: string): unknown {
  if (err instanceof SipeDoctorError) return err;
  if (err instanceof AccountsFileError) {
    const hint = 'The file was left untouched. Pidgin itself would rename it to accounts.xml~ and start without accounts; restore a backup.';
    if (err.reason === 'not-accounts') {
      return new SipeDoctorError('E_INPUT', err.message, { hint: "Pidgin's account settings are in ~/.purple/accounts.xml (Windows: %APPDATA%\\.purple\\accounts.xml).", cause: err });
    }
    return new SipeDoctorError('E_INPUT', err.message, err.reason === 'malformed' ? { hint, cause: err } : { cause: err });
  }
  if (err instanceof FixError) {
    const code = err.code === 'verify-failed' ? 'E_INTERNAL' : 'E_USAGE';
    return new SipeDoctorError(code, err.message, err.hint ? { hint: err.hint, cause: err } : { cause: err });
  }
  if (err instanceof ConcurrentChangeError) return new SipeDoctorError('E_INPUT', err.message, { cause: err });
  // full disk, quota, read-only file system, permission or ownership: named exactly, exit 2; the
  // writer has already removed its temporary file and the original is intact
  if (err instanceof FileWriteError) {
    return new SipeDoctorError('E_OUTPUT', `${err.message}.`, { hint: `${path} was not changed.`, cause: err });
  }
  if (err instanceof ReportSettingsError) return new SipeDoctorError('E_INPUT', `--from-report: ${err.message}`, { cause: err });
  const code = (err as { code?: unknown }).code;
  if (code === 'ENOENT') {
    return new SipeDoctorError('E_INPUT', `${path}: no such file.`, {
      hint: 'Pidgin keeps it in ~/.purple (Windows: %APPDATA%\\.purple); pass the file or --purple-dir DIR if yours is elsewhere.',
      cause: err,
    });
  }
  return toInputError(err, path) ?? err;
}

export async function runConfig(args: ConfigArgs, io: CliIo, deps: ConfigDeps): Promise<number> {
  if (args.path === '-') return showStdin(args, io, deps);
  const path = accountsPath(args, io, deps);
  // a copy of accounts.xml (password included) that a killed earlier --fix left next to it
  await deps.sweep(dirname(path)).catch(() => undefined);
  const wantsChange = (args.set?.length ?? 0) > 0 || (args.clear?.length ?? 0) > 0 || args.fromReport !== undefined;
  if (wantsChange && !args.fix && !args.dryRun) throw new UsageError('--set, --clear and --from-report change the file: add --fix (or --fix --dry-run to preview)');
  if ((args.fix || args.dryRun) && !wantsChange) throw new UsageError('--fix needs --set KEY=VALUE, --clear KEY or --from-report FILE');
  try {
    return wantsChange ? await fix(args, path, io, deps) : await show(args, path, io, deps);
  } catch (err) {
    throw mapError(err, path);
  }
}

/** collect (this account of accounts.xml) → diagnose. */
function diagnoseAccount(file: AccountsFile, a: SipeAccount, io: CliIo): Report {
  const now = io.now();
  return diagnoseCollection(collectAccounts(file, [a]), { startedAt: now, now, version: toolVersion(), rules: RULES });
}

/** `config -`: accounts.xml on standard input, shown and linted; nothing is ever written. */
async function showStdin(args: ConfigArgs, io: CliIo, deps: ConfigDeps): Promise<number> {
  if (args.fix || args.dryRun || (args.set?.length ?? 0) > 0 || (args.clear?.length ?? 0) > 0 || args.fromReport !== undefined) {
    throw new UsageError('config - reads accounts.xml from standard input read-only: --fix, --set, --clear and --from-report need a file');
  }
  if (args.purpleDir) throw new UsageError('give either - or --purple-dir, not both');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of io.stdin) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
    size += b.length;
    if (size > 16 * 1024 * 1024) throw new SipeDoctorError('E_INPUT', 'standard input is larger than 16 MiB; not an accounts.xml');
    chunks.push(b);
  }
  try {
    const loaded = loadAccountsBytes('(standard input)', Buffer.concat(chunks));
    const file: AccountsFile = { loaded, drafts: (accounts = loaded.accounts) => loadedAccountsDrafts(loaded, accounts, deps.platform) };
    // no file mode to show for a stream
    return await showFile(args, file, '(standard input)', io, { ...deps, platform: 'win32' });
  } catch (err) {
    throw mapError(err, '(standard input)');
  }
}

async function show(args: ConfigArgs, path: string, io: CliIo, deps: ConfigDeps): Promise<number> {
  const file = await readAccountsFile(path, { fs: deps.fs, platform: deps.platform });
  return showFile(args, file, path, io, deps);
}

async function showFile(args: ConfigArgs, file: AccountsFile, path: string, io: CliIo, deps: Pick<ConfigDeps, 'platform'>): Promise<number> {
  const loaded = file.loaded;
  let accounts = loaded.accounts;
  if (args.account !== undefined) {
    accounts = selectAccounts(file, args.account);
    if (accounts.length === 0) {
      throw new SipeDoctorError('E_USAGE', `no SIPE account '${args.account}' in ${path}`, { hint: `Accounts: ${loaded.accounts.map((a) => a.username).join(', ') || 'none'}` });
    }
  }
  const reports = accounts.map((a) => ({ account: a, report: diagnoseAccount(file, a, io) }));
  const failOn = args.failOn ?? 'error';
  const exit = reports.reduce<number>((worst, r) => Math.max(worst, exitCodeFor(r.report, failOn)), ExitCode.Ok);

  if (args.json) {
    const out = {
      schemaVersion: 1,
      file: loaded.path,
      fileMode: deps.platform === 'win32' ? null : `0${(loaded.mode & 0o777).toString(8)}`,
      accounts: reports.map(({ account, report }) => ({ ...shownAccount(account), report })),
      skipped: loaded.skipped.map((s) => ({ protocol: s.protocol, name: s.name })),
    };
    io.stdout.write(JSON.stringify(out, null, 2) + '\n');
    return exit;
  }
  const parts: string[] = [`accounts.xml: ${loaded.path}${deps.platform === 'win32' ? '' : ` (mode 0${(loaded.mode & 0o777).toString(8)})`}\n`];
  const skipped = renderSkipped(loaded.skipped);
  if (skipped) parts.push(skipped);
  if (reports.length === 0) parts.push('No SIPE (Office Communicator) account in this file.\n');
  reports.forEach(({ account, report }, i) => {
    parts.push('\n' + renderAccountText(account, i + 1, reports.length));
    parts.push(renderFindingsText(report, account.username, loaded.accounts.length > 1, args.path ?? (args.purpleDir ? path : undefined)));
  });
  io.stdout.write(parts.join(''));
  return exit;
}

async function requestedChanges(args: ConfigArgs, io: CliIo, deps: ConfigDeps): Promise<{ changes: RequestedChange[]; account?: string }> {
  const changes: RequestedChange[] = [];
  let account = args.account;
  if (args.fromReport !== undefined) {
    const file = resolve(io.cwd, args.fromReport);
    let value: unknown;
    try {
      const bytes = await deps.fs.readFile(file);
      if (bytes.length > 32 * 1024 * 1024) throw new ReportSettingsError('file too large for a report');
      value = JSON.parse(Buffer.from(bytes).toString('utf8'));
    } catch (err) {
      if (err instanceof SyntaxError) throw new ReportSettingsError(`${args.fromReport} is not JSON`);
      throw toInputError(err, args.fromReport) ?? err;
    }
    const r = settingsFromReportJson(value, account);
    account ??= r.signinName;
    for (const s of r.settings) changes.push({ key: s.key, value: s.value, origin: 'report' });
  }
  for (const s of args.set ?? []) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set ${s}: expected KEY=VALUE, e.g. --set useragent=…`);
    changes.push({ key: s.slice(0, eq), value: s.slice(eq + 1), origin: '--set' });
  }
  for (const k of args.clear ?? []) changes.push({ key: k, value: '', origin: '--clear' });
  return account === undefined ? { changes } : { changes, account };
}

async function fix(args: ConfigArgs, path: string, io: CliIo, deps: ConfigDeps): Promise<number> {
  const { changes, account } = await requestedChanges(args, io, deps);
  if (!args.dryRun && !args.force && (await deps.fs.exists(path)) && !deps.writable(path)) {
    throw new SipeDoctorError('E_INPUT', `${path} is read-only (no write permission for you); nothing was changed.`, {
      hint: 'Someone made it read-only on purpose (Pidgin would not save it either). Pass --force to replace it anyway; the mode is kept.',
    });
  }
  let result: FixResult;
  try {
    result = await applyAccountFix(
      { path, ...(account !== undefined ? { account } : {}), changes, dryRun: args.dryRun === true, force: args.force === true, now: io.now() },
      { fs: deps.fs, write: deps.write, listProcesses: deps.listProcesses, ...(deps.afterStep ? { afterStep: deps.afterStep } : {}) },
    );
  } catch (err) {
    // a report about another account (or pseudonymized) names no account here: fall back to --account / the only one
    if (err instanceof FixError && err.code === 'no-account' && args.account === undefined && account !== undefined) {
      result = await applyAccountFix(
        { path, changes, dryRun: args.dryRun === true, force: args.force === true, now: io.now() },
        { fs: deps.fs, write: deps.write, listProcesses: deps.listProcesses, ...(deps.afterStep ? { afterStep: deps.afterStep } : {}) },
      );
    } else throw err;
  }
  for (const w of result.warnings) io.stderr.write(`sipe-doctor: ${w}\n`);

  if (args.json) {
    io.stdout.write(JSON.stringify({
      schemaVersion: 1,
      file: result.path,
      account: result.account.username,
      status: result.status,
      applied: result.applied,
      unchanged: result.unchanged,
      diff: result.diff,
      backup: result.backup ?? null,
    }, null, 2) + '\n');
    return ExitCode.Ok;
  }
  if (result.status === 'dry-run') {
    io.stdout.write(result.diff);
    if (result.diff === '') io.stderr.write('sipe-doctor: nothing to change; the settings already have these values.\n');
    return ExitCode.Ok;
  }
  if (result.status === 'unchanged') {
    io.stdout.write(`Nothing to change in ${result.path}: ${result.account.username} already has these settings.\n`);
    return ExitCode.Ok;
  }
  io.stdout.write(result.diff);
  io.stdout.write(`\nChanged ${result.applied.map((c) => c.key).join(', ')} of ${result.account.username} in ${result.path}.\n`);
  io.stdout.write(`The original is kept as ${result.backup ?? '(no backup)'}.\n`);
  io.stdout.write('Start Pidgin (or re-enable the account) to sign in with the new settings.\n');
  return ExitCode.Ok;
}
