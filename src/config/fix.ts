import { dirname, basename, join } from 'node:path';
import { unifiedDiff } from './diff.js';
import { applyEdits, planAccountEdits, verifyEdited, type KeyValue } from './edit.js';
import { loadAccountsFile } from './evidence.js';
import type { AccountsFs } from './fs-io.js';
import { findAccount, type SipeAccount } from './parse.js';
import type { ProcessLister, PurpleClientProcess } from './processes.js';
import { isSecretSettingName, normalizeSettingValue, settingKeyInfo } from './settings-keys.js';

/** A change as the user or a report asked for it, before validation. */
export interface RequestedChange {
  key: string;
  value: string;
  /** `--set`, `--clear`, or `report` (for messages) */
  origin?: string;
}

export type FixErrorCode = 'usage' | 'no-account' | 'ambiguous-account' | 'client-running' | 'verify-failed';

export class FixError extends Error {
  constructor(readonly code: FixErrorCode, message: string, readonly hint?: string) {
    super(message);
    this.name = 'FixError';
  }
}

export interface FixRequest {
  path: string;
  account?: string;
  changes: readonly RequestedChange[];
  dryRun: boolean;
  force: boolean;
  now: Date;
}

/**
 * Replace a file atomically (the program's one writer, src/adapters/atomic-file.ts): a failure or a
 * crash leaves the old complete file and no temporary copy of it.
 */
export type ReplaceFile = (path: string, data: Uint8Array, opts: {
  mode: number;
  uid?: number;
  gid?: number;
  /** refuse when the target no longer holds these bytes */
  expectBytes?: Uint8Array;
  afterStep?: (step: string) => void | Promise<void>;
}) => Promise<void>;

export interface FixDeps {
  fs: AccountsFs;
  write: ReplaceFile;
  listProcesses: ProcessLister;
  /** fault injection for tests */
  afterStep?: (step: string) => void | Promise<void>;
}

export interface FixResult {
  status: 'dry-run' | 'written' | 'unchanged';
  /** the file actually written (symlinks resolved) */
  path: string;
  account: SipeAccount;
  applied: KeyValue[];
  /** keys that already had the requested value */
  unchanged: string[];
  /** unified diff, secrets masked; '' when nothing changes */
  diff: string;
  backup?: string;
  warnings: string[];
}

/** Validate and normalise requested changes; throws FixError('usage') naming the first bad one. */
export function normalizeChanges(changes: readonly RequestedChange[]): KeyValue[] {
  const out = new Map<string, string>();
  for (const c of changes) {
    if (isSecretSettingName(c.key) || c.key.trim().toLowerCase() === 'password') {
      throw new FixError('usage', `sipe-doctor does not set passwords ('${c.key}'): type it in Pidgin's account dialog instead.`);
    }
    const info = settingKeyInfo(c.key);
    if (!info) {
      throw new FixError('usage', `unknown setting '${c.key}'`, 'Settings: username, login, server, transport, useragent, authentication, sso, email, email_url, email_login, groupchat_user.');
    }
    if (c.value === '' && !info.clearable) {
      throw new FixError('usage', `${info.field} ('${info.key}') cannot be cleared; choose a value with --set ${info.key}=…`);
    }
    const v = c.value === '' ? { ok: true as const, value: '' } : normalizeSettingValue(info, c.value);
    if (!v.ok) throw new FixError('usage', v.message);
    out.set(info.key, v.value);
  }
  return [...out].map(([key, value]) => ({ key, value }));
}

/** Pick the account to change: --account, else the only SIPE account in the file. */
export function selectAccount(accounts: readonly SipeAccount[], wanted: string | undefined, path: string): SipeAccount {
  if (accounts.length === 0) throw new FixError('no-account', `${path} has no SIPE (Office Communicator) account.`);
  if (wanted !== undefined) {
    const found = findAccount(accounts, wanted);
    if (found.length === 1 && found[0]) return found[0];
    const names = accounts.map((a) => a.username).join(', ');
    if (found.length === 0) throw new FixError('no-account', `no SIPE account '${wanted}' in ${path}`, `Accounts: ${names}`);
    throw new FixError('ambiguous-account', `'${wanted}' matches ${found.length} accounts in ${path}`, 'Pass the full account name (Username,Login) to --account.');
  }
  if (accounts.length === 1 && accounts[0]) return accounts[0];
  throw new FixError('ambiguous-account', `${path} has ${accounts.length} SIPE accounts; say which one with --account`, `Accounts: ${accounts.map((a) => a.username).join(', ')}`);
}

function timestamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

export function describeRunning(procs: readonly PurpleClientProcess[]): string {
  return procs.map((p) => `${p.name} (pid ${p.pid})`).join(', ');
}

/**
 * Apply setting changes to one account of accounts.xml: edit only the affected element text,
 * show the diff, back the original up next to it, and replace the file atomically with the same
 * mode and owner. Refuses while Pidgin/Finch runs (they rewrite the file on exit) unless forced.
 */
export async function applyAccountFix(req: FixRequest, deps: FixDeps): Promise<FixResult> {
  const warnings: string[] = [];
  const path = await deps.fs.realpath(req.path);
  const loaded = await loadAccountsFile(path, deps.fs);
  const account = selectAccount(loaded.accounts, req.account, req.path);
  const changes = normalizeChanges(req.changes);
  if (changes.length === 0) throw new FixError('usage', 'nothing to change');

  const plan = planAccountEdits(loaded.text, account, changes, loaded.lineEnding);
  const newText = applyEdits(loaded.text, plan.edits);
  const problem = verifyEdited(loaded.accounts, newText, account.index, changes);
  if (problem) throw new FixError('verify-failed', `refusing to write: ${problem}`);
  const diff = unifiedDiff(loaded.text, newText, req.path.replace(/^\/+/, ''));
  const result: FixResult = {
    status: 'unchanged', path, account, applied: changes, unchanged: plan.unchanged, diff, warnings,
  };
  if (req.dryRun) return { ...result, status: 'dry-run' };
  if (newText === loaded.text) return result;

  const running = await deps.listProcesses();
  if (running === undefined) {
    warnings.push('Could not check whether Pidgin or Finch is running: close them before the change, or they will overwrite it when they exit.');
  } else if (running.length > 0) {
    if (!req.force) {
      throw new FixError(
        'client-running',
        `${describeRunning(running)} is running; it rewrites accounts.xml when it exits and would undo the change.`,
        'Quit Pidgin/Finch (Buddy List → Quit) and run the command again, or pass --force.',
      );
    }
    warnings.push(`${describeRunning(running)} is running (--force): quit it without signing in again, or it may overwrite the change.`);
  }

  // the backup holds the clear-text password too: owner-only, whatever the original mode
  let backup = join(dirname(path), `${basename(path)}.sipe-doctor-${timestamp(req.now)}.bak`);
  for (let n = 1; await deps.fs.exists(backup); n++) backup = join(dirname(path), `${basename(path)}.sipe-doctor-${timestamp(req.now)}-${n}.bak`);
  await deps.write(backup, loaded.bytes, { mode: 0o600, uid: loaded.uid, gid: loaded.gid });

  await deps.write(path, Buffer.from(newText, 'utf8'), {
    mode: loaded.mode, uid: loaded.uid, gid: loaded.gid, expectBytes: loaded.bytes,
    ...(deps.afterStep ? { afterStep: deps.afterStep } : {}),
  });
  return { ...result, status: 'written', backup };
}
