import type { Draft, Source } from '../evidence/kinds.js';
import { parseAccountsXml, findAccount, type SipeAccount } from './parse.js';
import { matchSipeErrorText } from '../protocol/sipe-error-texts.js';
import { nodeAccountsFs, type AccountsFs } from './fs-io.js';

/** accounts.xml could not be read, or is not a well-formed Pidgin accounts file. */
export class AccountsFileError extends Error {
  constructor(
    message: string,
    readonly reason: 'malformed' | 'encoding' | 'too-large' | 'io' | 'not-accounts',
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'AccountsFileError';
  }
}

export const MAX_ACCOUNTS_BYTES = 16 * 1024 * 1024;

export interface LoadedAccountsFile {
  path: string;
  /** the exact bytes, for backups and unchanged-byte checks */
  bytes: Uint8Array;
  /** decoded UTF-8 (BOM kept, so edits map back to identical bytes) */
  text: string;
  mode: number;
  uid: number;
  gid: number;
  accounts: SipeAccount[];
  skipped: { index: number; protocol: string; name: string }[];
  lineEnding: '\n' | '\r\n';
}

/** Decode UTF-8 strictly: a file libpurple wrote is always valid UTF-8. */
export function decodeAccountsBytes(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
}

/** Read, decode and parse; throws AccountsFileError (malformed, encoding, too large) or the fs error. */
export async function loadAccountsFile(path: string, fs: AccountsFs = nodeAccountsFs): Promise<LoadedAccountsFile> {
  const st = await fs.stat(path);
  if (st.size > MAX_ACCOUNTS_BYTES) throw new AccountsFileError(`${path} is larger than ${MAX_ACCOUNTS_BYTES} bytes; not an accounts.xml`, 'too-large');
  const bytes = await fs.readFile(path);
  let text: string;
  try {
    text = decodeAccountsBytes(bytes);
  } catch (err) {
    throw new AccountsFileError(`${path} is not valid UTF-8`, 'encoding', err);
  }
  return parseLoaded(path, bytes, text, st);
}

/**
 * Does this text start like Pidgin's accounts.xml (an `<account>` root after the XML declaration,
 * comments and blanks)? A file that does not is "not an accounts.xml", never "damaged".
 */
export function looksLikeAccountsXml(text: string): boolean {
  const head = text.slice(0, 64 * 1024).replace(/^\uFEFF/, '').replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/g, ' ').trimStart();
  return /^<account[\s>/]/.test(head);
}

/** accounts.xml given as bytes (standard input): the same checks as a file, read-only. */
export function loadAccountsBytes(name: string, bytes: Uint8Array): LoadedAccountsFile {
  if (bytes.length > MAX_ACCOUNTS_BYTES) throw new AccountsFileError(`${name} is larger than ${MAX_ACCOUNTS_BYTES} bytes; not an accounts.xml`, 'too-large');
  let text: string;
  try {
    text = decodeAccountsBytes(bytes);
  } catch (err) {
    throw new AccountsFileError(`${name} is not valid UTF-8`, 'encoding', err);
  }
  return parseLoaded(name, bytes, text, { mode: 0o600, uid: -1, gid: -1 });
}

function parseLoaded(path: string, bytes: Uint8Array, text: string, st: { mode: number; uid: number; gid: number }): LoadedAccountsFile {
  if (!looksLikeAccountsXml(text)) {
    throw new AccountsFileError(`${path} is not a Pidgin accounts.xml (it does not start with <account>); nothing was read or changed`, 'not-accounts');
  }
  const parsed = parseAccountsXml(text);
  if (!parsed.ok) {
    const { message, line, column } = parsed.error;
    throw new AccountsFileError(`${path}:${line}:${column}: not well-formed XML: ${message}`, 'malformed');
  }
  return {
    path, bytes, text, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid,
    accounts: parsed.accounts, skipped: parsed.skipped, lineEnding: parsed.lineEnding,
  };
}

/** Pure: the `client.account` and `client.error` drafts of the SIPE accounts of a file. */
export function accountsToDrafts(
  accounts: readonly SipeAccount[],
  file: string,
  opts: { fileMode?: number } = {},
): Draft[] {
  const drafts: Draft[] = [];
  for (const a of accounts) {
    const source: Source = { type: 'config', file, account: a.username };
    drafts.push({
      kind: 'client.account',
      source,
      data: {
        signinName: a.username,
        login: a.login,
        ...(a.domain !== undefined ? { domain: a.domain } : {}),
        server: a.server,
        transport: a.transport,
        authentication: a.authentication,
        ...(a.authenticationSetting === undefined ? { authenticationDefaulted: true } : {}),
        userAgent: a.userAgent,
        sso: a.sso,
        hasPassword: a.hasPassword,
        ...(a.hasPassword && opts.fileMode !== undefined ? { fileMode: opts.fileMode } : {}),
      },
    });
    if (a.currentError) {
      const matched = matchSipeErrorText(a.currentError.description);
      drafts.push({
        kind: 'client.error',
        source,
        data: {
          ...(a.currentError.reason !== undefined ? { reason: a.currentError.reason } : {}),
          description: a.currentError.description,
          // an untranslated SIPE text: english is the description itself (as for English logs)
          ...(matched ? { english: a.currentError.description.replace(/\r\n?/g, '\n') } : {}),
          ...(matched?.detail !== undefined ? { detail: matched.detail } : {}),
        },
      });
    }
  }
  return drafts;
}

export interface ReadAccountsOptions {
  /** only the account whose Username (or full name) matches */
  account?: string;
  /** 'win32' files have no meaningful mode bits */
  platform?: NodeJS.Platform;
}

/** The drafts of some accounts of a loaded file; the file mode only where mode bits mean something. */
export function loadedAccountsDrafts(loaded: LoadedAccountsFile, accounts: readonly SipeAccount[], platform: NodeJS.Platform): Draft[] {
  return accountsToDrafts(accounts, loaded.path, platform === 'win32' ? {} : { fileMode: loaded.mode });
}

/**
 * `client.account` / `client.error` drafts (source type 'config') of a file's SIPE accounts: what
 * `analyze --accounts`, `check --accounts`, `config` and `triage` all read. The password never leaves
 * this function: only `hasPassword` and the file mode.
 */
export async function readAccountsEvidence(
  path: string,
  fs: AccountsFs = nodeAccountsFs,
  opts: ReadAccountsOptions = {},
): Promise<Draft[]> {
  const loaded = await loadAccountsFile(path, fs);
  const accounts = opts.account === undefined ? loaded.accounts : findAccount(loaded.accounts, opts.account);
  return loadedAccountsDrafts(loaded, accounts, opts.platform ?? fs.platform);
}
