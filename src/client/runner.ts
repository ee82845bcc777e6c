/**
 * Runs the real SIPE client headless: Debian's `finch -d -c <profile>` (libpurple + pidgin-sipe) in a
 * throw-away profile directory, given a terminal by a private tmux server (or util-linux `script`), optionally
 * inside a network namespace, until it signs in, fails, or the deadline passes. Returns the debug log as the
 * bytes finch wrote (a translated client in a legacy locale writes that locale's charset) and the account file
 * libpurple left behind, then removes everything it created. The user's own ~/.purple is never read or written
 * (the profile directory is also the client's HOME).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { clientEnvironment, profileFiles, type ClientAccount, type TrustedPeer } from './profile.js';

export const LIBSIPE = '/usr/lib/purple-2/libsipe.so';

/** A completed sign-in (SIPE 1.x) or a connection error (libpurple): the default stop condition. */
export const SIGNED_IN = /authentication handshake completed successfully/;
export const DEFAULT_UNTIL = /Connection error on|authentication handshake completed successfully/;

export type Terminal = 'tmux' | 'script';

export interface ClientRunOptions {
  account: ClientAccount;
  /** further accounts in the same client (all sign in at start, one log) */
  moreAccounts?: ClientAccount[];
  /** certificates to accept for given hosts (libpurple's tls_peers cache) */
  trust?: TrustedPeer[];
  /** PURPLE_UNSAFE_DEBUG=1: SIPE dumps message bodies. Default true; false = how most users capture logs */
  bodies?: boolean;
  /** UI locale (LANG, LC_ALL; LANGUAGE = its language part), e.g. fr_FR.UTF-8; the locale must exist */
  lang?: string;
  /** a directory of locales compiled with localedef (LOCPATH) */
  localeDir?: string;
  /** run inside this existing network namespace (`ip netns exec`; needs root) */
  netns?: string;
  /** the longest the client runs, ms */
  deadlineMs: number;
  /** stop once the log matches (tested on the log decoded as latin1: SIPE's and libpurple's debug lines are ASCII); null = run until the deadline */
  until?: RegExp | null;
  /** further environment for the client (e.g. LD_PRELOAD); undefined values unset a variable */
  env?: Record<string, string | undefined>;
  /** how the client gets its terminal (default: tmux when installed, else script) */
  terminal?: Terminal;
  /** after a connection error, wait (up to 10 s) until libpurple saved accounts.xml with it (default true) */
  waitForAccounts?: boolean;
}

export interface ClientRunResult {
  /** the debug log, byte for byte */
  log: Buffer;
  /** accounts.xml after the run (libpurple stores the last connection error in it) */
  accountsXml: string;
  stoppedBy: 'until' | 'deadline' | 'exited';
  durationMs: number;
  /** the client command line (no secrets: the password is only in the profile) */
  command: string[];
}

function onPath(cmd: string): boolean {
  return (process.env['PATH'] ?? '').split(delimiter).some((d) => d !== '' && existsSync(join(d, cmd)));
}

/** undefined when the client can run here, else what is missing */
export function clientMissing(): string | undefined {
  const missing = [
    onPath('finch') ? undefined : 'finch',
    existsSync(LIBSIPE) ? undefined : `${LIBSIPE} (pidgin-sipe)`,
    onPath('tmux') || onPath('script') ? undefined : 'tmux (or util-linux script)',
  ].filter((m): m is string => m !== undefined);
  return missing.length ? `real SIPE client not available (missing: ${missing.join(', ')}; apt-get install -y finch pidgin-sipe tmux)` : undefined;
}

export function shellQuote(v: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}

/** The shell script the terminal runs: the client's environment, then finch with its debug output in the log. */
export function launchScript(o: { env: Record<string, string | undefined>; netns?: string; profile: string; log: string }): string {
  const lines = ['#!/bin/sh'];
  for (const [k, v] of Object.entries(o.env)) lines.push(v === undefined ? `unset ${k}` : `export ${k}=${shellQuote(v)}`);
  const prefix = o.netns ? `ip netns exec ${shellQuote(o.netns)} ` : '';
  lines.push(`exec ${prefix}finch -c ${shellQuote(o.profile)} -d 2>${shellQuote(o.log)} >/dev/null`, '');
  return lines.join('\n');
}

interface Terminal$ {
  alive(): boolean;
  stop(): Promise<void>;
  stopSync(): void;
}

function withoutTmux(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env['TMUX'];
  return env;
}

function startTmux(dir: string, script: string): Terminal$ {
  // a private tmux server (own socket): it takes this environment, not that of a tmux server already running
  const sock = join(dir, 'tmux.sock');
  const r = spawnSync('tmux', ['-S', sock, '-f', '/dev/null', 'new-session', '-d', '-x', '200', '-y', '50', `sh ${shellQuote(script)}`], {
    stdio: 'ignore', timeout: 10_000, env: withoutTmux(),
  });
  if (r.status !== 0) throw new Error(`tmux new-session failed (${r.error?.message ?? `exit ${String(r.status)}`})`);
  const kill = (): void => { spawnSync('tmux', ['-S', sock, 'kill-server'], { stdio: 'ignore', timeout: 5_000 }); };
  return {
    alive: () => spawnSync('tmux', ['-S', sock, 'has-session'], { stdio: 'ignore', timeout: 5_000 }).status === 0,
    stop: async () => { kill(); },
    stopSync: kill,
  };
}

function startScript(script: string): Terminal$ {
  // util-linux script gives finch a pseudo-terminal; stdin stays an open pipe so it never sees end of input
  const child: ChildProcess = spawn('script', ['-q', '-e', '-c', `sh ${shellQuote(script)}`, '/dev/null'], {
    stdio: ['pipe', 'ignore', 'ignore'], detached: true,
  });
  let exited = child.exitCode !== null;
  const done = new Promise<void>((r) => child.once('exit', () => { exited = true; r(); }));
  child.once('error', () => { exited = true; });
  const signal = (sig: NodeJS.Signals): void => {
    try {
      if (child.pid) process.kill(-child.pid, sig);
    } catch { /* gone */ }
  };
  return {
    alive: () => !exited,
    stop: async () => {
      if (exited) return;
      signal('SIGTERM');
      const t = setTimeout(() => signal('SIGKILL'), 3_000);
      await done;
      clearTimeout(t);
    },
    stopSync: () => signal('SIGKILL'),
  };
}

const live = new Map<string, Terminal$>();
let exitHook = false;
function track(dir: string, t: Terminal$): void {
  live.set(dir, t);
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const [d, term] of live) {
      term.stopSync();
      rmSync(d, { recursive: true, force: true });
    }
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const readLog = (file: string): Promise<Buffer> => readFile(file).catch(() => Buffer.alloc(0));

/** Runs the client once; always cleans up its profile directory and terminal. */
export async function runClient(o: ClientRunOptions): Promise<ClientRunResult> {
  const started = Date.now();
  const dir = await mkdtemp(join(tmpdir(), 'sipe-client-'));
  await chmod(dir, 0o700);
  const profile = join(dir, 'purple');
  const log = join(dir, 'debug.log');
  const script = join(dir, 'run.sh');
  try {
    for (const [rel, content] of profileFiles([o.account, ...(o.moreAccounts ?? [])], o.trust ?? [])) {
      const path = join(profile, rel);
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      await writeFile(path, content, { mode: 0o600 });
    }
    const env = {
      ...clientEnvironment({ bodies: o.bodies ?? true, home: dir, ...(o.lang ? { lang: o.lang } : {}), ...(o.localeDir ? { localeDir: o.localeDir } : {}) }),
      ...o.env,
    };
    await writeFile(script, launchScript({ env, profile, log, ...(o.netns ? { netns: o.netns } : {}) }), { mode: 0o700 });
    const kind = o.terminal ?? (onPath('tmux') ? 'tmux' : 'script');
    const term = kind === 'tmux' ? startTmux(dir, script) : startScript(script);
    track(dir, term);

    const until = o.until === undefined ? DEFAULT_UNTIL : o.until;
    const end = started + o.deadlineMs;
    let stoppedBy: ClientRunResult['stoppedBy'] = 'deadline';
    let polls = 0;
    while (Date.now() < end) {
      await sleep(200);
      const text = (await readLog(log)).toString('latin1');
      if (until && until.test(text)) {
        stoppedBy = 'until';
        // libpurple saves accounts.xml (with <current_error>) a few seconds after a connection error
        const at = text.search(/Connection error on/);
        if (at >= 0 && o.waitForAccounts !== false) {
          const wait = Math.min(end + 10_000, Date.now() + 10_000);
          while (Date.now() < wait && !/Writing file accounts\.xml/.test((await readLog(log)).toString('latin1').slice(at))) await sleep(250);
        }
        await sleep(300);
        break;
      }
      if (++polls % 5 === 0 && !term.alive()) {
        stoppedBy = 'exited';
        break;
      }
    }
    await term.stop();
    live.delete(dir);
    await sleep(300);
    return {
      log: await readLog(log),
      accountsXml: await readFile(join(profile, 'accounts.xml'), 'utf8').catch(() => ''),
      stoppedBy,
      durationMs: Date.now() - started,
      command: [...(o.netns ? ['ip', 'netns', 'exec', o.netns] : []), 'finch', '-c', '<profile>', '-d'],
    };
  } finally {
    live.get(dir)?.stopSync();
    live.delete(dir);
    await rm(dir, { recursive: true, force: true });
  }
}

/** libpurple's `Connection error on 0x… (reason: N description: …)` line. */
export function parseConnectionError(log: string): { reason: number; description: string } | undefined {
  const m = /Connection error on \S+ \(reason: (\d+) description: ([\s\S]*?)\)\r?\n/.exec(log);
  return m ? { reason: Number(m[1]), description: m[2] ?? '' } : undefined;
}
