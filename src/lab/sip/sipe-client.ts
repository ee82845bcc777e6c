/**
 * The real SIPE client (Debian's finch + pidgin-sipe, run headless by src/client/runner.ts) pointed at the lab,
 * and what it logged. Used by the e2e suite, `demo` and the fixture / corpus recording scripts.
 */
import { readFile } from 'node:fs/promises';
import { clientMissing, parseConnectionError, runClient, SIGNED_IN } from '../../client/runner.js';
import type { AuthScheme, Transport } from '../../client/profile.js';
import type { Scenario } from '../types.js';

export { LIBSIPE, parseConnectionError } from '../../client/runner.js';

/** undefined when the client can run here, else why not */
export function sipeClientMissing(): string | undefined {
  return clientMissing();
}

export interface SipeClientOptions {
  user: string;
  login?: string;
  password: string;
  /** Pidgin's Server[:Port]; '' = auto-discovery */
  server: string;
  transport: Transport;
  auth?: AuthScheme;
  useragent?: string;
  /** HOST=PEM-file pairs */
  trust?: string[];
  netns?: string;
  seconds: number;
  /** stop when the log matches (extended regex); '' = run the full time; absent = at a connection error or sign-in */
  until?: string;
  /** PURPLE_UNSAFE_DEBUG=1 (message bodies in the log); default true */
  bodies?: boolean;
  /** UI locale, e.g. fr_FR.UTF-8 */
  lang?: string;
  /** LOCPATH: locales compiled into a private directory */
  localeDir?: string;
  /** extra environment for the client (e.g. LD_PRELOAD) */
  env?: Record<string, string | undefined>;
  /** wait for libpurple to save accounts.xml after a connection error (default true) */
  waitForAccounts?: boolean;
}

export interface SipeClientRun {
  /** the whole debug log (decoded as UTF-8) */
  log: string;
  /** the same, byte for byte */
  logBytes: Buffer;
  accountsXml: string;
  /** `Connection error on 0x… (reason: N description: …)` */
  connectionError?: { reason: number; description: string };
  signedIn: boolean;
  /** the equivalent `npm run client` command (password replaced) */
  command: string[];
}

/** The `npm run client -- …` arguments that reproduce a run (password shown as <password>). */
export function clientArgs(o: SipeClientOptions, out: string): string[] {
  const a = ['--user', o.user, '--password', '<password>', '--transport', o.transport, '--seconds', String(o.seconds), '--out', out];
  if (o.login) a.push('--login', o.login);
  if (o.server) a.push('--server', o.server);
  if (o.auth && o.auth !== 'auto') a.push('--auth', o.auth);
  if (o.useragent) a.push('--useragent', o.useragent);
  for (const t of o.trust ?? []) a.push('--trust', t);
  if (o.netns) a.push('--netns', o.netns);
  if (o.until !== undefined) a.push('--until', o.until);
  if (o.bodies !== false) a.push('--bodies');
  if (o.lang) a.push('--lang', o.lang);
  if (o.localeDir) a.push('--locale-dir', o.localeDir);
  if (o.env?.['LD_PRELOAD']) a.push('--preload', o.env['LD_PRELOAD']);
  return a;
}

async function trusted(pairs: readonly string[]): Promise<{ host: string; pem: string }[]> {
  return Promise.all(pairs.map(async (p) => {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new Error(`--trust wants HOST=PEM-FILE, got ${JSON.stringify(p)}`);
    return { host: p.slice(0, eq), pem: await readFile(p.slice(eq + 1), 'utf8') };
  }));
}

export async function runSipeClient(o: SipeClientOptions): Promise<SipeClientRun> {
  const r = await runClient({
    account: {
      user: o.user,
      password: o.password,
      transport: o.transport,
      ...(o.login ? { login: o.login } : {}),
      ...(o.server ? { server: o.server } : {}),
      ...(o.auth ? { auth: o.auth } : {}),
      ...(o.useragent ? { useragent: o.useragent } : {}),
    },
    trust: await trusted(o.trust ?? []),
    bodies: o.bodies ?? true,
    ...(o.lang ? { lang: o.lang } : {}),
    ...(o.localeDir ? { localeDir: o.localeDir } : {}),
    ...(o.netns ? { netns: o.netns } : {}),
    ...(o.env ? { env: o.env } : {}),
    ...(o.waitForAccounts === false ? { waitForAccounts: false } : {}),
    deadlineMs: o.seconds * 1000,
    ...(o.until !== undefined ? { until: o.until === '' ? null : new RegExp(o.until) } : {}),
  });
  const log = r.log.toString('utf8');
  const connectionError = parseConnectionError(r.log.toString('latin1'));
  return {
    log,
    logBytes: r.log,
    accountsXml: r.accountsXml,
    ...(connectionError ? { connectionError: { ...connectionError, description: parseConnectionError(log)?.description ?? connectionError.description } } : {}),
    signedIn: SIGNED_IN.test(log),
    command: ['npm', 'run', 'client', '--', ...clientArgs(o, '<log>')],
  };
}

/** Why the headless client cannot meaningfully run a scenario on the host loopback (undefined = it can). */
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
