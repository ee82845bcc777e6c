/**
 * `sipe-doctor collect [user@corp.example]`: everything the helpdesk needs about one sign-in problem,
 * gathered on the user's machine in one go and written to one redacted file (docs/bundle.md):
 * the environment, the Pidgin account and its lint, a live check with the account's settings, and
 * the real client's own attempt in a throw-away profile. Progress goes to stderr, the local summary
 * (with the user's real names) to stdout, the bundle (pseudonymized by default) to -o FILE.
 */
import { readdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import type { HostPorts } from '../../env/host.js';
import type { EnvironmentData } from '../../env/interpret.js';
import { profileDirFromArgs } from '../../env/parse.js';
import { locateAccountsXml } from '../../config/locate.js';
import type { SipeAccount } from '../../config/parse.js';
import { storedPassword } from '../../config/stored-password.js';
import { stampDrafts, type EvidenceBundle } from '../../evidence/bundle.js';
import type { Draft } from '../../evidence/kinds.js';
import { loadTranslationCatalogs } from '../../logs/i18n-load.js';
import type { TranslationCatalogs } from '../../logs/index.js';
import { sealCaseBundle, serializeCaseBundle, type CaseBundleDraft, type CaseStep, type PasswordSource } from '../../pipeline/case-bundle.js';
import { collectAccounts, collectLive, STORED_ERROR_ATTEMPT, type AccountsFile, type LiveCollection } from '../../pipeline/collect.js';
import { diagnoseCaseBundle } from '../../pipeline/collected.js';
import { diagnoseCollection } from '../../pipeline/diagnose.js';
import { renderReport } from '../../pipeline/render.js';
import { noRealClient, type RealClientAccount, type RealClientCapture, type RealClientResult } from '../../pipeline/real-client.js';
import { DEFAULT_BUDGET_MS, DEFAULT_TIMEOUT_MS } from '../../probes/run-check.js';
import type { CheckOptions } from '../../probes/types.js';
import { buildEnvReport, type EnvReport } from '../../report/env-report.js';
import { describeProxy } from '../../adapters/proxy-env.js';
import type { CommandFactory } from '../command.js';
import { SipeDoctorError, toInputError, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { resolveColor } from '../options.js';
import { cliLogger } from '../run-context.js';
import { toolVersion } from '../version.js';
import { writeFileAtomic } from '../write-file.js';
import { durationOption, formatDuration } from '../duration.js';
import { AUTH, createCheckPorts, loadCheckDeps, progressPrinter, resolvePassword, withCheckOptions, type CheckArgs, type CheckDeps } from './check.js';

export interface CollectArgs extends Omit<CheckArgs, 'output' | 'accounts'> {
  output?: string | undefined;
  accounts?: string | boolean | undefined;
  purpleDir?: string | undefined;
  client?: boolean | undefined;
  redactPii?: boolean | undefined;
}

/** The outside world of collect; tests inject fakes (a hidden client, a fake host). */
export interface CollectDeps extends CheckDeps {
  hostPorts(io: CliIo): HostPorts;
  capture: RealClientCapture;
  loadCatalogs(): Promise<TranslationCatalogs | undefined>;
  /** certificates the user accepted in Pidgin (`<purpleDir>/certificates/x509/tls_peers`), read only */
  readTrustedPeers(purpleDir: string): Promise<{ host: string; pem: string }[]>;
}

/** Until the headless runner is part of this build, collect says so and continues without it. */
export const NO_RUNNER = 'this build of sipe-doctor has no headless client runner';

async function readTrustedPeers(purpleDir: string): Promise<{ host: string; pem: string }[]> {
  const dir = join(purpleDir, 'certificates', 'x509', 'tls_peers');
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: { host: string; pem: string }[] = [];
  for (const host of names.slice(0, 64)) {
    const pem = await readFile(join(dir, host), 'utf8').catch(() => '');
    if (pem.includes('-----BEGIN CERTIFICATE-----')) out.push({ host, pem });
  }
  return out;
}

export async function loadCollectDeps(env: Readonly<Record<string, string | undefined>> = process.env): Promise<CollectDeps> {
  const { nodeHostPorts } = await import('../../adapters/node-host.js');
  return {
    ...(await loadCheckDeps()),
    hostPorts: (io) => nodeHostPorts({ env: io.env, now: () => io.now() }),
    capture: await loadRealClientCapture(env),
    loadCatalogs: () => loadTranslationCatalogs(),
    readTrustedPeers,
  };
}

/** The real-client capture of this build: the headless runner (SIPE_DOCTOR_NO_CLIENT=1 hides it). */
export async function loadRealClientCapture(env: Readonly<Record<string, string | undefined>> = process.env): Promise<RealClientCapture> {
  if (env['SIPE_DOCTOR_NO_CLIENT'] === '1') return noRealClient('the real client is hidden (SIPE_DOCTOR_NO_CLIENT=1)');
  try {
    const { finchCapture } = await import('../real-client.js');
    return finchCapture({ netns: env['SIPE_DOCTOR_CLIENT_NETNS'] || undefined });
  } catch (err) {
    return noRealClient(`${NO_RUNNER} (${(err as Error).message})`);
  }
}

/** The whole collect (environment, live check, real client) by default. */
export const DEFAULT_COLLECT_BUDGET_MS = 120_000;
/** the longest the real client gets: a sign-in ends in seconds, a hang is shown by then */
export const CLIENT_MAX_MS = 45_000;

export const createCollectCommand =
  (inject?: () => Promise<CollectDeps>): CommandFactory =>
  (io) => ({
    command: 'collect [address]',
    describe: 'gather everything about a sign-in problem into one redacted file for the helpdesk: environment, account, live check and a real-client attempt',
    builder: (y: Argv) =>
      withCheckOptions(y.positional('address', { type: 'string', describe: 'the sign-in address (Pidgin "Username"); default: the SIPE account in accounts.xml' }))
        .option('budget', { type: 'string', describe: `time for the whole collect (environment, live check, real client), e.g. 2m (default ${formatDuration(DEFAULT_COLLECT_BUDGET_MS)})`, group: 'Probing:', requiresArg: true })
        .option('accounts', { describe: "Pidgin's accounts.xml to take the account from (default ~/.purple/accounts.xml when it exists; --no-accounts = none)", group: 'Account:' })
        .option('purple-dir', { type: 'string', describe: "Pidgin's settings directory (as `pidgin -c DIR`; default ~/.purple); only read, never written", requiresArg: true, group: 'Account:' })
        .option('client', { type: 'boolean', default: true, describe: 'also let the installed client (finch + pidgin-sipe) sign in once in a throw-away profile (--no-client skips it)', group: 'Probing:' })
        .option('output', { alias: 'o', type: 'string', describe: 'the bundle file to write (default sipe-doctor-collect-<time>.json)', requiresArg: true, group: 'Output:' })
        .option('redact-pii', { type: 'boolean', default: true, describe: 'pseudonymize user, host and domain names in the bundle (--no-redact-pii keeps them); secrets are always removed', group: 'Output:' })
        .option('json', { type: 'boolean', describe: 'print the local report as JSON instead of text', group: 'Output:' }),
    examples: [
      ['sipe-doctor collect', "everything about Pidgin's SIPE account, into sipe-doctor-collect-<time>.json"],
      ['sipe-doctor collect alice@corp.example -o ticket-4711.json', 'one account, one named file to attach to the ticket'],
      ['sipe-doctor collect --no-client --password -', 'without the real client; the password prompted for the live check'],
    ],
    handler: async (argv: CollectArgs) => collect(argv, io, await (inject ?? (() => loadCollectDeps(io.env)))()),
  });

export const collectCommand: CommandFactory = createCollectCommand();

interface AccountChoice {
  file?: AccountsFile;
  account?: SipeAccount;
  /** why no account was taken from a file */
  note?: string;
}

async function chooseAccount(args: CollectArgs, io: CliIo, deps: CollectDeps, purpleDir: string | undefined): Promise<AccountChoice> {
  if (args.accounts === false) return { note: '--no-accounts' };
  const explicit = typeof args.accounts === 'string' && args.accounts !== '';
  const path = locateAccountsXml({
    ...(explicit ? { path: args.accounts as string } : {}),
    ...(purpleDir ? { purpleDir } : {}),
    cwd: io.cwd,
    env: io.env,
    home: io.env['HOME'] ?? homedir(),
    platform: process.platform,
  });
  let file: AccountsFile;
  try {
    file = await deps.readAccounts(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (!explicit && args.accounts !== true && code === 'ENOENT') return { note: `no ${path}` };
    const mapped = toInputError(err, path);
    if (mapped) throw mapped;
    throw new SipeDoctorError('E_INPUT', (err as Error).message, { cause: err });
  }
  const matches = args.address ? file.loaded.accounts.filter((a) => a.username.toLowerCase() === args.address!.toLowerCase()) : file.loaded.accounts;
  if (matches.length === 0) {
    if (args.address && !explicit) return { file, note: `${path} has no SIPE account for ${args.address}` };
    throw new SipeDoctorError('E_INPUT', `${path} has no SIPE account${args.address ? ` for ${args.address}` : ''}.`);
  }
  if (matches.length > 1) throw new UsageError(`${path} has ${matches.length} SIPE accounts; name one: ${matches.map((a) => a.username).join(', ')}`);
  return { file, account: matches[0]! };
}

/** The account the client and the probes use: accounts.xml's, then explicit flags on top. */
function accountSettings(args: CollectArgs, a: SipeAccount | undefined, address: string): RealClientAccount {
  return {
    username: address,
    login: args.login ?? a?.login ?? '',
    server: args.server ?? a?.server ?? '',
    transport: (args.transport as RealClientAccount['transport'] | undefined) ?? a?.transport ?? 'auto',
    authentication: args.auth ? AUTH[args.auth]! : a?.authentication ?? 'auto',
    userAgent: args.userAgent ?? a?.userAgent ?? '',
  };
}

function elapsed(io: CliIo, since: Date): number {
  return Math.max(0, io.now().getTime() - since.getTime());
}

function defaultBundleName(at: Date): string {
  return `sipe-doctor-collect-${at.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '').replace('T', '-')}.json`;
}

/** A process's command line now (Linux procfs); undefined when it has ended, is a zombie, or cannot be read. */
async function currentArgs(pid: number): Promise<string[] | undefined> {
  const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  const args = raw.split('\0').filter((a) => a !== '');
  return args.length > 0 ? args : undefined;
}

/**
 * Whether the user's own Pidgin/Finch runs with this profile (then no second client signs in with the
 * account: the server would sign one of them out). The environment's list is checked again against each
 * process's command line now: a client that is exiting (a zombie has no command line) is not running.
 */
export async function runningWithProfile(env: EnvironmentData | undefined, purpleDir: string, args: (pid: number) => Promise<string[] | undefined>): Promise<string | undefined> {
  for (const c of env?.runningClients ?? []) {
    const now = await args(c.pid);
    if (process.platform === 'linux' && now === undefined) continue;
    const option = now ? profileDirFromArgs(now) : undefined;
    const dir = option ?? (c.profileDirFrom === 'option' ? undefined : c.profileDir);
    if (option !== undefined && resolve(option) !== resolve(purpleDir)) continue;
    if (option === undefined && c.profileDirFrom !== 'unknown' && (dir === undefined || resolve(dir) !== resolve(purpleDir))) continue;
    return `${c.name} (pid ${c.pid}) is running${dir ? ` with ${dir}` : ''}; a second sign-in with the same account would sign it out. Quit it and run collect again to include the real client`;
  }
  return undefined;
}

export async function collect(args: CollectArgs, io: CliIo, deps: CollectDeps): Promise<number> {
  const startedAt = io.now();
  const budgetMs = durationOption(args.budget, '--budget', DEFAULT_COLLECT_BUDGET_MS);
  const timeoutMs = durationOption(args.timeout, '--timeout', DEFAULT_TIMEOUT_MS);
  const deadline = new Date(startedAt.getTime() + budgetMs);
  const home = io.env['HOME'] ?? homedir();
  const purpleDir = args.purpleDir ? resolve(io.cwd, args.purpleDir) : undefined;
  const steps: CaseStep[] = [];
  const say = (line: string): void => {
    io.stderr.write(`sipe-doctor collect: ${line}\n`);
  };
  const step = async <T>(name: CaseStep['name'], label: string, fn: () => Promise<{ value: T; status?: CaseStep['status']; detail?: string | undefined }>): Promise<T> => {
    const t0 = io.now();
    say(`[${steps.length + 1}/4] ${label} …`);
    const r = await fn();
    const ms = elapsed(io, t0);
    const status = r.status ?? 'ok';
    steps.push({ name, status, ms, ...(r.detail ? { detail: r.detail } : {}) });
    say(`[${steps.length}/4] ${label}: ${status}${r.detail ? ` — ${r.detail}` : ''} (${(ms / 1000).toFixed(1)} s)`);
    return r.value;
  };

  // 1. the environment
  const env = await step<{ report?: EnvReport; data?: EnvironmentData; unavailable?: string }>('environment', 'environment (versions, resolver, proxy, VPN)', async () => {
    try {
      const { collectEnvironment } = await import('../../pipeline/collect-environment.js');
      const c = await collectEnvironment(deps.hostPorts(io), { ...(purpleDir ? { purpleDir } : {}), cwd: io.cwd, at: startedAt });
      const d = diagnoseCollection(c, { startedAt, now: io.now(), version: toolVersion() });
      const report = buildEnvReport(c.environment, d.findings, toolVersion(), startedAt.toISOString());
      const bad = report.findings.filter((f) => f.severity === 'error').map((f) => f.rootCause);
      return { value: { report, data: c.environment }, detail: bad.length ? `known problem: ${bad.join(', ')}` : 'no known-broken combination' };
    } catch (err) {
      return { value: { unavailable: (err as Error).message }, status: 'failed', detail: (err as Error).message };
    }
  });

  // 2. the account
  const chosen = await step('account', 'Pidgin account (accounts.xml; the password is never copied)', async () => {
    const c = await chooseAccount(args, io, deps, purpleDir);
    return { value: c, status: c.account ? 'ok' : 'skipped', detail: c.account ? `${c.account.username} in ${c.file!.loaded.path}` : c.note ?? 'none' };
  });
  const address: string = args.address ?? chosen.account?.username ?? '';
  if (!address) throw new UsageError('collect needs the sign-in address (e.g. alice@corp.example) or a SIPE account in accounts.xml.');
  const settings = accountSettings(args, chosen.account, address);
  const accountDrafts: Draft[] = chosen.file && chosen.account
    ? chosen.file.drafts([chosen.account]).map((d) => (d.kind === 'client.error' ? { ...d, attempt: STORED_ERROR_ATTEMPT } : d))
    : [];
  const lint = chosen.file && chosen.account
    ? diagnoseCollection(collectAccounts(chosen.file, [chosen.account]), { startedAt, now: io.now(), version: toolVersion() }).findings
    : [];

  // the password: given, or stored with the account, or asked for on a terminal
  let password: string | undefined;
  let passwordSource: PasswordSource = 'none';
  if (args.password !== undefined) {
    password = await resolvePassword(args.password, io);
    passwordSource = args.password === '-' ? 'prompt' : 'option';
  } else if (io.env['SIPE_DOCTOR_PASSWORD']) {
    password = io.env['SIPE_DOCTOR_PASSWORD'];
    passwordSource = 'environment';
  } else if (chosen.file && chosen.account && (password = storedPassword(chosen.file.loaded.text, chosen.account)) !== undefined) {
    passwordSource = 'accounts.xml';
  } else if ((io.stdin as NodeJS.ReadStream).isTTY) {
    password = await resolvePassword('-', io);
    passwordSource = 'prompt';
  }
  if (password === '') password = undefined;

  // Ctrl-C ends the live check early; what was gathered is still diagnosed and written
  const stop = new AbortController();
  const unsubscribe = io.onInterrupt?.(() => {
    io.stderr.write('\nsipe-doctor collect: interrupted; writing the bundle with what was gathered so far (Ctrl-C again to quit)\n');
    stop.abort();
  });
  try {
    return await gatherAndWrite();
  } finally {
    unsubscribe?.();
  }

  async function gatherAndWrite(): Promise<number> {
    // 3. the live check
    const checkBudget = Math.min(budgetMs < DEFAULT_BUDGET_MS ? budgetMs : DEFAULT_BUDGET_MS, Math.max(1000, Math.round(budgetMs * 0.4)));
    const live = await step<LiveCollection | undefined>('live-check', 'live check of the sign-in path', async () => {
      const ports = await createCheckPorts(args as CheckArgs, io, deps, timeoutMs);
      const proxy = describeProxy({ ...(args.proxy ? { proxy: args.proxy } : {}), env: io.env });
      const options: CheckOptions = {
        ...(settings.server ? { server: settings.server } : {}),
        transport: settings.transport,
        authentication: settings.authentication,
        ...(settings.login ? { login: settings.login } : {}),
        ...(settings.userAgent ? { userAgent: settings.userAgent } : {}),
        ...(args.insecure ? { insecure: true } : {}),
        ...(args.watch !== undefined ? { watchMs: durationOption(args.watch, '--watch', 0) } : {}),
        ...(args.uaNegotiation === false ? { negotiateUserAgent: false } : {}),
        ...(password !== undefined ? { password } : {}),
        timeoutMs,
        budgetMs: checkBudget,
        signal: stop.signal,
        ...(args.dnsServer ? { dnsServer: args.dnsServer } : {}),
        ...(proxy ? { proxy } : {}),
      };
      try {
        const c = await collectLive(address, options, ports, {
          now: () => io.now(),
          log: cliLogger(io).child({ component: 'check' }),
          ...(io.stderrIsTTY ? { progress: progressPrinter(io) } : {}),
        }, { run: deps.run });
        return { value: c, status: c.partial ? 'partial' : 'ok', detail: c.partial ? 'the time budget ended first' : undefined };
      } finally {
        await ports.close();
      }
    });

    // 4. the real client
    const clientResult = await step<RealClientResult>('real-client', 'the installed client signs in once (throw-away profile)', async () => {
      const skip = (reason: string): { value: RealClientResult; status: CaseStep['status']; detail: string } => ({ value: { status: 'not-available', reason }, status: 'skipped', detail: reason });
      if (args.client === false) return skip('--no-client');
      if (stop.signal.aborted) return skip('interrupted (Ctrl-C)');
      const missing = await deps.capture.unavailable();
      if (missing) return skip(missing);
      const profile = purpleDir ?? join(home, '.purple');
      const running = await runningWithProfile(env.data, profile, currentArgs);
      if (running) return skip(running);
      if (password === undefined) return skip('no password (none stored in accounts.xml, none given with --password or SIPE_DOCTOR_PASSWORD)');
      const left = deadline.getTime() - io.now().getTime();
      if (left < 5000) return skip('the time budget is used up');
      const caPem: string[] = [];
      for (const f of args.ca ?? []) caPem.push(await deps.readText(resolve(io.cwd, String(f))));
      const r = await deps.capture.capture({
        account: settings,
        password,
        deadline: new Date(io.now().getTime() + Math.min(left, CLIENT_MAX_MS)),
        ...(caPem.length ? { caPem } : {}),
        trustedPeers: await deps.readTrustedPeers(profile),
      });
      if (r.status === 'not-available') return skip(r.reason);
      return { value: r, status: r.ended === 'deadline' ? 'partial' : 'ok', detail: r.ended };
    });

    // one bundle: sealed for the helpdesk; diagnosed as the helpdesk will diagnose it
    const context: EvidenceBundle = {
      schemaVersion: 1,
      mode: 'config',
      target: address,
      // the environment report travels beside it (its own column): its machine-wide findings would
      // otherwise outrank what this account's sign-in actually shows
      observations: stampDrafts(accountDrafts, { type: 'config', file: chosen.file?.loaded.path ?? 'accounts.xml' }),
      probeErrors: [],
    };
    const draft: CaseBundleDraft = {
      tool: { name: 'sipe-doctor', version: toolVersion() },
      createdAt: startedAt.toISOString(),
      durationMs: elapsed(io, startedAt),
      target: address,
      steps,
      environment: env.report ? { report: env.report } : { unavailable: env.unavailable ?? 'not collected' },
      account: { source: chosen.account ? 'accounts.xml' : 'options', settings, passwordSource, lint },
      context,
      check: live ? { status: live.partial ? 'partial' : 'ran', evidence: live.bundle, ...(live.partial ? { reason: 'the time budget ended first' } : {}) } : { status: 'skipped', reason: 'not run' },
      client: clientResult.status === 'captured'
        ? { status: 'captured', ended: clientResult.ended, durationMs: clientResult.durationMs, log: new TextDecoder('utf-8').decode(clientResult.log), ...(clientResult.client ? { client: clientResult.client } : {}) }
        : { status: 'skipped', reason: clientResult.reason },
      verdict: { agreement: 'none', decidedBy: 'none', rootCause: null, outcome: 'unknown', confidence: null, summary: '', explanation: '' },
    };
    const secrets = password !== undefined ? [password] : [];
    const catalogs = await deps.loadCatalogs().catch(() => undefined);
    const settingsFor = { startedAt, now: io.now(), version: toolVersion(), engine: deps.diagnose, rules: deps.rules };
    // the local view keeps the user's names (printed here only); the file gets pseudonyms unless --no-redact-pii
    const local = sealCaseBundle(draft, { pii: false, secrets });
    const diagnosis = await diagnoseCaseBundle(local, settingsFor, { catalogs, name: address, mode: 'live' });
    const pii = args.redactPii !== false;
    const sealed = sealCaseBundle({ ...draft, verdict: diagnosis.combined }, { pii, secrets });

    const out = args.output ?? defaultBundleName(startedAt);
    await writeFileAtomic(out, serializeCaseBundle(sealed), io.cwd, { what: 'bundle', mode: 0o600 });

    const r = renderReport(diagnosis.report, undefined, {
      format: args.json ? 'json' : 'text',
      color: !args.json && resolveColor(args.color, io, false),
      verbose: args.verbose === true,
      includeEvidence: false,
      redactPii: false,
      failOn: 'error',
    });
    io.stdout.write(r.text);
    const c = diagnosis.combined;
    say(`${c.agreement === 'agree' ? 'the real client and the live check agree' : c.agreement === 'disagree' ? 'the real client and the live check DISAGREE (see the report)' : c.explanation}`);
    say(`bundle written to ${out}${pii ? ' (names pseudonymized, secrets removed)' : ' (secrets removed; names kept: --no-redact-pii)'}: attach this one file to the ticket.`);
    return r.exitCode;
  }
}
