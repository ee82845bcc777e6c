/**
 * The start of the pipeline: one producer per input, each giving a Collection (the evidence bundle
 * and where it came from). Commands never stamp observations or assemble bundles themselves:
 * - debug logs → collectLogs (the log analyzer)
 * - Pidgin's accounts.xml → readAccountsFile + collectAccounts, or withAccountsEvidence next to a
 *   log or a live run (the same drafts for `analyze --accounts`, `check --accounts`, `config`, `triage`)
 * - a saved bundle → collectSavedBundle
 * - the live sign-in path → collectLive (the probes)
 * Only the log path is loaded with this module: accounts.xml's parser and the probes are imported
 * when first used, so `analyze` of a log does not pay for loading code it never runs. Choosing
 * accounts by name (selectAccounts) lives in collect-accounts.ts for the same reason.
 */
import type { LoadedAccountsFile } from '../config/evidence.js';
import type { AccountsFs } from '../config/fs-io.js';
import type { SipeAccount } from '../config/parse.js';
import { parseBundle, stampDrafts, type EvidenceBundle } from '../evidence/bundle.js';
import type { Draft, Observation } from '../evidence/kinds.js';
import { parseLogSources, type LogParseOptions, type LogSource, type TranslationCatalogs } from '../logs/index.js';
import type { runCheckDetailed, CheckRun } from '../probes/run-check.js';
import type { CheckOptions, NetPorts, RunEnv } from '../probes/types.js';
import type { Collection } from './types.js';

/** Debug logs → evidence (one bundle for all files, in the order given). */
export interface LogCollection extends Collection {
  /** inputs that are not libpurple debug logs (left out) */
  notDebugLog: string[];
}

export async function collectLogs(
  sources: readonly LogSource[],
  opts: {
    catalogs?: TranslationCatalogs | undefined; parse?: typeof parseLogSources | undefined; parallel?: LogParseOptions['parallel'];
    light?: LogParseOptions['light'] | undefined;
  } = {},
): Promise<LogCollection> {
  const parsed = await (opts.parse ?? parseLogSources)(sources, {
    ...(opts.catalogs ? { catalogs: opts.catalogs } : {}),
    ...(opts.parallel !== undefined ? { parallel: opts.parallel } : {}),
    ...(opts.light !== undefined ? { light: opts.light } : {}),
  });
  return { bundle: parsed.bundle, mode: 'log', inputs: sources.map((s) => s.name), notDebugLog: parsed.notDebugLog };
}

/** accounts.xml read once: its SIPE accounts, and how to turn some of them into evidence. */
export interface AccountsFile {
  loaded: LoadedAccountsFile;
  /** `client.account` (+ `client.error` from `<current_error>`) drafts of these accounts */
  drafts(accounts?: readonly SipeAccount[]): Draft[];
}

/**
 * Read and parse Pidgin's accounts.xml. The drafts keep what SIPE would use (the defaulted
 * authentication scheme, the stored error, whether a password is stored and the file's mode on
 * systems with mode bits) and never the password.
 */
export async function readAccountsFile(path: string, opts: { fs?: AccountsFs; platform?: NodeJS.Platform } = {}): Promise<AccountsFile> {
  const [{ loadAccountsFile, loadedAccountsDrafts }, { nodeAccountsFs }] = await Promise.all([import('../config/evidence.js'), import('../config/fs-io.js')]);
  const fs = opts.fs ?? nodeAccountsFs;
  const loaded = await loadAccountsFile(path, fs);
  const platform = opts.platform ?? fs.platform;
  return { loaded, drafts: (accounts = loaded.accounts) => loadedAccountsDrafts(loaded, accounts, platform) };
}

/**
 * accounts.xml alone (`config` per account, `triage` per file): the evidence of these accounts.
 * `name` is how the report names the input (default the path); the target is the one account's
 * Username, else that name.
 */
export function collectAccounts(file: AccountsFile, accounts: readonly SipeAccount[], opts: { name?: string; target?: string } = {}): Collection {
  const path = file.loaded.path;
  const name = opts.name ?? path;
  const only = accounts.length === 1 ? accounts[0] : undefined;
  const source = only ? { type: 'config' as const, file: path, account: only.username } : { type: 'config' as const, file: path };
  return {
    bundle: {
      schemaVersion: 1,
      mode: 'config',
      target: opts.target ?? only?.username ?? name,
      observations: stampDrafts(file.drafts(accounts), source),
      probeErrors: [],
    },
    mode: 'config',
    inputs: [name],
  };
}

/**
 * The attempt a live check gives Pidgin's stored `<current_error>`: it is the error of Pidgin's
 * last sign-in, made before this check, so it informs as an earlier attempt and never decides the
 * verdict about the live one.
 */
export const STORED_ERROR_ATTEMPT = 'accounts.xml';

export interface AccountsEvidence {
  file: string;
  drafts: readonly Draft[];
  /**
   * `after` the other producer's evidence (a log: the file says what the settings are now), or
   * `before` it (a live run: what check actually used wins where they differ, e.g. `--server`)
   */
  placement: 'after' | 'before';
  /** put the stored connection error into this attempt instead of every attempt */
  storedErrorAttempt?: string;
}

/** Another producer's evidence plus accounts.xml's, with ids stamped afresh in bundle order. */
export function withAccountsEvidence(c: Collection, a: AccountsEvidence): Collection {
  const drafts = a.drafts.map((d) => (a.storedErrorAttempt !== undefined && d.kind === 'client.error' ? { ...d, attempt: a.storedErrorAttempt } : d));
  const added = stampDrafts(drafts, { type: 'config', file: a.file });
  const ordered: Observation[] = a.placement === 'after' ? [...c.bundle.observations, ...added] : [...added, ...c.bundle.observations];
  const observations = ordered.map((o, i) => ({ ...o, id: `o${i + 1}` }) as Observation);
  return { ...c, bundle: { ...c.bundle, observations } };
}

/** A bundle saved with --save-evidence (already parsed JSON). Throws BundleError when it is not one. */
export function collectSavedBundle(value: unknown, name: string): Collection {
  const bundle: EvidenceBundle = parseBundle(value);
  return { bundle, mode: 'replay', inputs: [name] };
}

/** The live sign-in path, probed the way SIPE walks it. */
export interface LiveCollection extends Collection {
  run: CheckRun;
}

export async function collectLive(
  address: string,
  options: CheckOptions,
  ports: NetPorts,
  env: Partial<RunEnv>,
  opts: { accounts?: AccountsEvidence | undefined; run?: typeof runCheckDetailed | undefined } = {},
): Promise<LiveCollection> {
  const run = await (opts.run ?? (await import('../probes/run-check.js')).runCheckDetailed)(address, options, ports, env);
  const live: Collection = { bundle: run.bundle, mode: 'live', inputs: [address], ...(run.partial ? { partial: true } : {}) };
  const c = opts.accounts ? withAccountsEvidence(live, opts.accounts) : live;
  return { ...c, run: { ...run, bundle: c.bundle } };
}
