/**
 * Runs the real SIPE client (Debian's finch + pidgin-sipe, via ../shared/tools/run-sipe-client.sh) against the
 * lab and reads what it logged. Used by the e2e suite and by scripts/record-fixtures.ts.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Scenario } from '../types.js';

export const RUN_SIPE_CLIENT = process.env['SIPE_CLIENT_SCRIPT'] ?? '/work/shared/tools/run-sipe-client.sh';
export const LIBSIPE = '/usr/lib/purple-2/libsipe.so';

function onPath(cmd: string): boolean {
  return (process.env['PATH'] ?? '').split(delimiter).some((d) => d !== '' && existsSync(join(d, cmd)));
}

/** undefined when the client can run here, else why not */
export function sipeClientMissing(): string | undefined {
  const missing = [
    existsSync(RUN_SIPE_CLIENT) ? undefined : RUN_SIPE_CLIENT,
    onPath('finch') ? undefined : 'finch',
    existsSync(LIBSIPE) ? undefined : `${LIBSIPE} (pidgin-sipe)`,
    onPath('tmux') ? undefined : 'tmux',
  ].filter((m): m is string => m !== undefined);
  return missing.length ? `real SIPE client not available (missing: ${missing.join(', ')}; apt-get install -y finch pidgin-sipe tmux)` : undefined;
}

export interface SipeClientOptions {
  user: string;
  login?: string;
  password: string;
  /** Pidgin's Server[:Port]; '' = auto-discovery */
  server: string;
  transport: 'auto' | 'tls' | 'tcp';
  auth?: 'ntlm' | 'krb5' | 'tls-dsk' | 'auto';
  useragent?: string;
  /** HOST=PEM-file pairs */
  trust?: string[];
  netns?: string;
  seconds: number;
  /** stop when the log matches (extended regex); '' = run the full time; absent = the script's default */
  until?: string;
}

export interface SipeClientRun {
  /** the whole debug log */
  log: string;
  accountsXml: string;
  /** `Connection error on 0x… (reason: N description: …)` */
  connectionError?: { reason: number; description: string };
  signedIn: boolean;
  /** how the script was called (password replaced) */
  command: string[];
}

export function clientArgs(o: SipeClientOptions, out: string): string[] {
  const a = ['--user', o.user, '--password', o.password, '--transport', o.transport, '--seconds', String(o.seconds), '--out', out];
  if (o.login) a.push('--login', o.login);
  if (o.server) a.push('--server', o.server);
  if (o.auth && o.auth !== 'auto') a.push('--auth', o.auth);
  if (o.useragent) a.push('--useragent', o.useragent);
  for (const t of o.trust ?? []) a.push('--trust', t);
  if (o.netns) a.push('--netns', o.netns);
  if (o.until !== undefined) a.push('--until', o.until);
  return a;
}

export function parseConnectionError(log: string): SipeClientRun['connectionError'] {
  const m = /Connection error on \S+ \(reason: (\d+) description: ([\s\S]*?)\)\n/.exec(log);
  return m ? { reason: Number(m[1]), description: m[2] ?? '' } : undefined;
}

export async function runSipeClient(o: SipeClientOptions): Promise<SipeClientRun> {
  const dir = await mkdtemp(join(tmpdir(), 'sipe-run-'));
  const out = join(dir, 'client.log');
  const args = clientArgs(o, out);
  try {
    await new Promise<void>((resolve) => {
      const child = spawn('bash', [RUN_SIPE_CLIENT, ...args], { stdio: 'ignore' });
      // the script waits up to --seconds plus ~10 s for accounts.xml; never longer than that
      const hard = setTimeout(() => child.kill('SIGKILL'), (o.seconds + 20) * 1000);
      child.on('error', () => { clearTimeout(hard); resolve(); });
      child.on('exit', () => { clearTimeout(hard); resolve(); });
    });
    const log = await readFile(out, 'utf8').catch(() => '');
    const accountsXml = await readFile(`${out}.accounts.xml`, 'utf8').catch(() => '');
    const connectionError = parseConnectionError(log);
    return {
      log,
      accountsXml,
      ...(connectionError ? { connectionError } : {}),
      signedIn: /authentication handshake completed successfully/.test(log),
      command: ['run-sipe-client.sh', ...args.map((v, i) => (args[i - 1] === '--password' ? '<password>' : v))],
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Why the headless client cannot meaningfully run a scenario here (undefined = it can). */
export function headlessSkipReason(s: Scenario): string | undefined {
  if (s.client.server === 'blank') {
    return 'auto-discovery needs the lab DNS as the system resolver; the lab listens on the host loopback, which a network namespace would hide';
  }
  if (s.sip.authSchemes.includes('TLS-DSK') && s.client.auth !== 'ntlm') {
    return 'TLS-DSK fetches its certificate from lab web hosts by name, which only the lab DNS resolves';
  }
  if (s.sip.cert !== 'valid') {
    return 'libpurple asks about an untrusted certificate in a dialog that a headless client never answers';
  }
  return undefined;
}

/** Per-scenario run length and stop condition for the headless client (default: 12 s, stop at error or sign-in). */
export const HEADLESS_RUN: Readonly<Record<string, { seconds?: number; until?: string }>> = {
  // nothing comes back: watch for a few seconds, the full 6 x 60 s retry cycle is not worth waiting for
  'register-timeout': { seconds: 6, until: '' },
  'register-unhandled-response': { seconds: 6, until: '' },
  // signs in first, the error comes seconds later
  'signed-out-by-server': { until: 'Connection error on' },
};

/** The client settings a scenario asks for, pointed at a running lab. */
export function labClientOptions(
  lab: { clientPassword?: string; password: string; pidginServer?: string; sipCertFile?: string },
  s: Scenario,
): SipeClientOptions {
  const run = HEADLESS_RUN[s.name] ?? {};
  return {
    user: s.client.user,
    ...(s.client.login ? { login: s.client.login } : {}),
    password: lab.clientPassword ?? lab.password,
    server: lab.pidginServer ?? '',
    transport: s.client.transport,
    auth: s.client.auth,
    trust: lab.sipCertFile ? [`127.0.0.1=${lab.sipCertFile}`] : [],
    seconds: run.seconds ?? 12,
    ...(run.until !== undefined ? { until: run.until } : {}),
  };
}
