import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { createNodePorts, DnsServerError, type NodePortsOptions } from '../../adapters/node-ports.js';
import { describeProxy } from '../../adapters/proxy-env.js';
import { locateAccountsXml } from '../../config/locate.js';
import type { AuthScheme, Transport } from '../../evidence/kinds.js';
import { collectLive, readAccountsFile, STORED_ERROR_ATTEMPT, type AccountsEvidence, type AccountsFile, type LiveCollection } from '../../pipeline/collect.js';
import { selectAccounts } from '../../pipeline/collect-accounts.js';
import { DEFAULT_BUDGET_MS, DEFAULT_TIMEOUT_MS, runCheckDetailed } from '../../probes/run-check.js';
import { parseServerSetting, parseSigninAddress } from '../../protocol/account-settings.js';
import type { CheckOptions, NetPorts, ProgressEvent } from '../../probes/types.js';
import type { CommandFactory } from '../command.js';
import type { MachineSummary } from '../../report/types.js';
import { cliLogger } from '../run-context.js';
import { SipeDoctorError, toInputError, UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { diagnoseCommandRun, loadDiagnoseDeps, ruleSelection, type DiagnoseDeps } from '../engine.js';
import { withOutputOptions, withRuleOptions, type OutputArgs, type RuleSelectionArgs } from '../options.js';
import { writeReport } from '../output.js';
import { durationOption, formatDuration } from '../duration.js';

export interface CheckArgs extends OutputArgs, RuleSelectionArgs {
  address?: string | undefined;
  server?: string | undefined;
  transport?: string | undefined;
  auth?: string | undefined;
  login?: string | undefined;
  password?: string | undefined;
  userAgent?: string | undefined;
  dnsServer?: string | undefined;
  ca?: string[] | undefined;
  insecure?: boolean | undefined;
  proxy?: string | undefined;
  /** durations: `5s`, `500ms`, `1m`; a bare number means seconds */
  timeout?: string | number | undefined;
  budget?: string | number | undefined;
  accounts?: string | boolean | undefined;
  uaNegotiation?: boolean | undefined;
  portMap?: string | undefined;
  watch?: string | number | undefined;
}

export interface CheckDeps extends DiagnoseDeps {
  createPorts(o: NodePortsOptions): NetPorts & { close(): Promise<void> };
  readText(path: string): Promise<string>;
  /** Pidgin's accounts.xml, read as `analyze --accounts` and `config` read it */
  readAccounts(path: string): Promise<AccountsFile>;
  run: typeof runCheckDetailed;
  /** this machine's client, summarised above the report (absent: not shown) */
  machine?: (io: CliIo) => Promise<MachineSummary>;
}

/** How long the machine summary may take; it runs beside the probes and is dropped when late. */
const MACHINE_SUMMARY_MS = 2000;

export async function loadCheckDeps(): Promise<CheckDeps> {
  return {
    ...(await loadDiagnoseDeps()),
    createPorts: createNodePorts,
    readText: (p) => readFile(p, 'utf8'),
    readAccounts: (p) => readAccountsFile(p),
    run: runCheckDetailed,
    machine: async (io) => {
      const [{ nodeHostPorts }, { collectEnvironment }, { summarizeMachine }] = await Promise.all([
        import('../../adapters/node-host.js'), import('../../pipeline/collect-environment.js'), import('../../report/env-report.js'),
      ]);
      const c = await collectEnvironment(nodeHostPorts({ env: io.env, now: () => io.now() }), { cwd: io.cwd, at: io.now() });
      return summarizeMachine(c.environment);
    },
  };
}

/** The machine summary, or undefined when it fails or is late (it never holds up the report). */
async function machineSummary(deps: Pick<CheckDeps, 'machine'>, io: CliIo): Promise<MachineSummary | undefined> {
  if (!deps.machine) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((done) => {
    timer = setTimeout(() => done(undefined), MACHINE_SUMMARY_MS);
    timer.unref();
  });
  try {
    return await Promise.race([deps.machine(io).catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}

export const AUTH: Record<string, AuthScheme> = { ntlm: 'ntlm', krb5: 'kerberos', kerberos: 'kerberos', 'tls-dsk': 'tls-dsk', auto: 'auto' };

/** The account, target and trust options of `check` (also taken by `collect`, so the lab's checkArgs work with both). */
export function withCheckOptions<T>(y: Argv<T>): Argv<T> {
  return y
    .option('server', { type: 'string', describe: 'Pidgin "Server[:Port]": connect there only (no discovery)', group: 'Account:', requiresArg: true })
    .option('transport', { type: 'string', choices: ['auto', 'tls', 'tcp'], describe: 'Pidgin "Connection type"', group: 'Account:' })
    .option('auth', { type: 'string', choices: Object.keys(AUTH), describe: 'Pidgin "Authentication scheme" (default Auto)', group: 'Account:' })
    .option('login', { type: 'string', describe: 'Pidgin "Login" (DOMAIN\\user or user@upn); empty = the address', group: 'Account:', requiresArg: true })
    .option('password', { type: 'string', describe: "password for the NTLM test ('-' = prompt / read one line from stdin; or set SIPE_DOCTOR_PASSWORD)", group: 'Account:', requiresArg: true })
    .option('user-agent', { type: 'string', describe: 'Pidgin "User Agent" (default: SIPE\'s own)', group: 'Account:', requiresArg: true })
    .option('accounts', { describe: "take the account from Pidgin's accounts.xml (default ~/.purple/accounts.xml)", group: 'Account:' })
    .option('ua-negotiation', { type: 'boolean', default: true, describe: 'when the client version is blocked, find a User-Agent the server accepts', group: 'Probing:' })
    .option('dns-server', { type: 'string', describe: 'ask this DNS server (ip[:port]) instead of the system resolvers', group: 'Probing:', requiresArg: true })
    .option('ca', { type: 'string', array: true, nargs: 1, describe: 'also trust this CA certificate (PEM file; repeatable)', group: 'Probing:', requiresArg: true })
    .option('insecure', { type: 'boolean', describe: 'continue past a bad certificate (marked in the report; no credential goes there, nor to any host or URL it names)', group: 'Probing:' })
    .option('proxy', { type: 'string', describe: 'HTTP proxy URL for autodiscover (default: HTTPS_PROXY / NO_PROXY)', group: 'Probing:', requiresArg: true })
    .option('timeout', { type: 'string', describe: `time per network operation, e.g. 5s, 500ms (default ${formatDuration(DEFAULT_TIMEOUT_MS)}; a bare number means seconds)`, group: 'Probing:', requiresArg: true })
    .option('budget', { type: 'string', describe: `time for the whole check, e.g. 30s, 1m (default ${formatDuration(DEFAULT_BUDGET_MS)}); then a partial report`, group: 'Probing:', requiresArg: true })
    .option('watch', { type: 'string', describe: 'after signing in, stay registered this long (e.g. 1m) to catch a server sign-out', group: 'Probing:', requiresArg: true })
    .option('port-map', { type: 'string', hidden: true, describe: 'HTTP default port → port, e.g. 443=8443,80=8080 (labs, tunnels)' });
}

/** `sipe-doctor check user@corp.example`: walk SIPE's sign-in path live and diagnose it. */
export const createCheckCommand =
  (inject?: () => Promise<CheckDeps>): CommandFactory =>
  (io) => ({
    command: 'check [address]',
    describe: 'probe the sign-in path live (DNS, autodiscover, TCP/TLS, REGISTER, NTLM) the way SIPE 1.25 does, and diagnose it',
    builder: (y: Argv) =>
      withRuleOptions(
        withOutputOptions(
          withCheckOptions(y.positional('address', { type: 'string', describe: 'the sign-in address (Pidgin "Username"), e.g. alice@corp.example' })),
        ),
      ),
    examples: [
      ['sipe-doctor check alice@corp.example', 'discover and probe the server like SIPE with an empty Server field'],
      ['sipe-doctor check alice@corp.example --server sip.corp.example:443 --password -', 'probe one server and test the password (prompted)'],
      ['sipe-doctor check --accounts', "probe with the settings of Pidgin's SIPE account"],
      ['sipe-doctor check alice@corp.example --dns-server 10.0.0.53 --ca corp-root.pem --save-evidence ev.json', 'ask the company DNS server, trust the company CA, keep the evidence'],
    ],
    handler: async (argv: CheckArgs) => check(argv, io, await (inject ?? loadCheckDeps)()),
  });

export const checkCommand: CommandFactory = createCheckCommand();

export async function check(args: CheckArgs, io: CliIo, deps: CheckDeps): Promise<number> {
  const startedAt = io.now();
  const selection = ruleSelection(deps, args);
  const options = await checkOptions(args, io, deps);
  const address = args.address ?? options.accountAddress;
  if (!address) throw new UsageError('check needs the sign-in address (e.g. alice@corp.example) or --accounts.');
  const timeoutMs = durationOption(args.timeout, '--timeout', DEFAULT_TIMEOUT_MS);
  const budgetMs = durationOption(args.budget, '--budget', DEFAULT_BUDGET_MS);

  const ports = await createCheckPorts(args, io, deps, timeoutMs);
  const machine = machineSummary(deps, io);

  const stop = new AbortController();
  const unsubscribe = io.onInterrupt?.(() => {
    io.stderr.write('\nsipe-doctor: interrupted; diagnosing what was found so far (Ctrl-C again to quit)\n');
    stop.abort();
  });
  const log = cliLogger(io);
  let c: LiveCollection;
  try {
    const proxy = describeProxy({ ...(args.proxy ? { proxy: args.proxy } : {}), env: io.env });
    c = await collectLive(address, { ...options.check, timeoutMs, budgetMs, signal: stop.signal, ...(args.dnsServer ? { dnsServer: args.dnsServer } : {}), ...(proxy ? { proxy } : {}) }, ports, {
      now: () => io.now(),
      log: log.child({ component: 'check' }),
      ...(io.stderrIsTTY ? { progress: progressPrinter(io) } : {}),
    }, { run: deps.run, accounts: options.accounts });
  } finally {
    unsubscribe?.();
    await ports.close();
  }
  if (c.run.acceptedUserAgent) log.info({ userAgent: c.run.acceptedUserAgent }, 'the server accepts this User-Agent');
  const diagnosed = diagnoseCommandRun(deps, c, { startedAt, ...selection }, io);
  const summary = stop.signal.aborted ? undefined : await machine;
  const report = summary ? { ...diagnosed, machine: summary } : diagnosed;
  const code = await writeReport(report, args, io, c.bundle);
  // Ctrl-C: the partial report is out; the exit code says it was interrupted (a crash still wins)
  return stop.signal.aborted && code !== ExitCode.Internal ? ExitCode.Interrupted : code;
}

/** The network ports of a live check: --ca files read, --dns-server, --proxy, --port-map applied. */
export async function createCheckPorts(args: CheckArgs, io: CliIo, deps: Pick<CheckDeps, 'createPorts' | 'readText'>, timeoutMs: number): Promise<NetPorts & { close(): Promise<void> }> {
  const extraCaPem: string[] = [];
  for (const f of args.ca ?? []) {
    const path = resolve(io.cwd, String(f));
    try {
      extraCaPem.push(await deps.readText(path));
    } catch (err) {
      throw toInputError(err, String(f)) ?? err;
    }
    if (!extraCaPem[extraCaPem.length - 1]!.includes('-----BEGIN CERTIFICATE-----')) throw new SipeDoctorError('E_INPUT', `--ca ${f}: not a PEM certificate file.`);
  }
  try {
    return deps.createPorts({
      ...(args.dnsServer ? { dnsServer: args.dnsServer } : {}),
      ...(extraCaPem.length ? { extraCaPem } : {}),
      ...(args.proxy ? { proxy: args.proxy } : {}),
      env: io.env,
      timeoutMs,
      ...(args.portMap ? { httpPortMap: parsePortMap(args.portMap) } : {}),
    });
  } catch (err) {
    if (err instanceof DnsServerError) throw new UsageError(err.message);
    throw err;
  }
}

export function parsePortMap(value: string): Record<number, number> {
  const out: Record<number, number> = {};
  for (const part of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(\d{1,5})=(\d{1,5})$/.exec(part);
    if (!m) throw new UsageError(`--port-map: "${part}" is not FROM=TO`);
    out[Number(m[1])] = Number(m[2]);
  }
  return out;
}

export interface ResolvedOptions {
  check: CheckOptions;
  accountAddress?: string;
  /** the account's accounts.xml evidence (settings, the stored error), next to what check observes */
  accounts?: AccountsEvidence;
}

export async function checkOptions(args: CheckArgs, io: CliIo, deps: CheckDeps): Promise<ResolvedOptions> {
  const out: CheckOptions = {};
  let accountAddress: string | undefined;
  let accounts: AccountsEvidence | undefined;
  if (args.accounts !== undefined && args.accounts !== false) {
    const path = locateAccountsXml({
      ...(typeof args.accounts === 'string' && args.accounts !== '' ? { path: args.accounts } : {}),
      cwd: io.cwd,
      env: io.env,
      home: io.env['HOME'] ?? homedir(),
      platform: process.platform,
    } as Parameters<typeof locateAccountsXml>[0]);
    let file: AccountsFile;
    try {
      file = await deps.readAccounts(path);
    } catch (err) {
      const mapped = toInputError(err, path);
      if (mapped) throw mapped;
      throw new SipeDoctorError('E_INPUT', (err as Error).message, { cause: err });
    }
    const matches = selectAccounts(file, args.address);
    if (matches.length === 0) throw new SipeDoctorError('E_INPUT', `${path} has no SIPE account${args.address ? ` for ${args.address}` : ''}.`);
    if (matches.length > 1) {
      throw new UsageError(`${path} has ${matches.length} SIPE accounts; name one: ${matches.map((a) => a.username).join(', ')}`);
    }
    const a = matches[0]!;
    accountAddress = a.username;
    accounts = { file: path, drafts: file.drafts([a]), placement: 'before', storedErrorAttempt: STORED_ERROR_ATTEMPT };
    if (a.server) out.server = a.server;
    out.transport = a.transport;
    out.authentication = a.authentication;
    if (a.login) out.login = a.login;
    if (a.userAgent) out.userAgent = a.userAgent;
  }
  // explicit flags win over accounts.xml
  if (args.server !== undefined) {
    if (args.server !== '' && !parseServerSetting(args.server)) throw new UsageError(`--server "${args.server}" is not host[:port].`);
    out.server = args.server;
  }
  if (args.transport) out.transport = args.transport as Transport;
  if (args.auth) out.authentication = AUTH[args.auth]!;
  if (args.login !== undefined) out.login = args.login;
  if (args.userAgent !== undefined) out.userAgent = args.userAgent;
  if (args.insecure) out.insecure = true;
  if (args.watch !== undefined) out.watchMs = durationOption(args.watch, '--watch', 0);
  if (args.uaNegotiation === false) out.negotiateUserAgent = false;
  const password = await resolvePassword(args.password, io);
  if (password !== undefined) out.password = password;
  const target = args.address ?? accountAddress;
  if (target !== undefined && !parseSigninAddress(target).ok) {
    // not a usage error: SIPE refuses it too, and the report says why (invalid-username)
    cliLogger(io).warn({ address: target }, 'the sign-in address is not a valid SIP address');
  }
  return { check: out, ...(accountAddress ? { accountAddress } : {}), ...(accounts ? { accounts } : {}) };
}

/** --password VALUE | --password - (prompt on a TTY, else one line of stdin) | SIPE_DOCTOR_PASSWORD. */
export async function resolvePassword(flag: string | undefined, io: CliIo): Promise<string | undefined> {
  if (flag === undefined) return io.env['SIPE_DOCTOR_PASSWORD'] || undefined;
  if (flag !== '-') return flag;
  const stdin = io.stdin as NodeJS.ReadStream;
  if (stdin.isTTY && typeof stdin.setRawMode === 'function') return promptHidden(stdin, io);
  return readOneLine(io.stdin);
}

function readOneLine(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolveLine) => {
    let buf = '';
    const done = (): void => {
      stream.removeListener('data', onData);
      stream.removeListener('end', done);
      stream.pause?.();
      resolveLine(buf.replace(/\r?\n[\s\S]*$/, ''));
    };
    const onData = (d: Buffer | string): void => {
      buf += d.toString();
      if (buf.includes('\n') || buf.length > 4096) done();
    };
    stream.on('data', onData);
    stream.on('end', done);
  });
}

function promptHidden(stdin: NodeJS.ReadStream, io: CliIo): Promise<string> {
  io.stderr.write('Password: ');
  return new Promise((resolvePw) => {
    let pw = '';
    stdin.setRawMode(true);
    stdin.resume();
    const onData = (d: Buffer): void => {
      for (const ch of d.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.removeListener('data', onData);
          io.stderr.write('\n');
          return resolvePw(pw);
        }
        if (ch === '\u0003') {
          stdin.setRawMode(false);
          io.stderr.write('\n');
          process.kill(process.pid, 'SIGINT');
          return;
        }
        if (ch === '\u007f' || ch === '\b') pw = pw.slice(0, -1);
        else if (pw.length < 1024) pw += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** One stderr line per step as it starts and ends, with elapsed ms (only when stderr is a terminal). */
export function progressPrinter(io: Pick<CliIo, 'stderr'>): (e: ProgressEvent) => void {
  return (e) => {
    const t = `${String(e.elapsedMs).padStart(6)} ms`;
    if (e.phase === 'start') io.stderr.write(`${t}  … ${e.step}\n`);
    else io.stderr.write(`${t}  ${e.ok === false ? '✗' : '✓'} ${e.step}${e.detail ? ` — ${e.detail}` : ''}\n`);
  };
}
