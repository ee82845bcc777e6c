import { spawn } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import { arch, homedir, networkInterfaces, platform, release, userInfo } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { HostPorts, RunResult } from '../env/host.js';

export interface NodeHostOptions {
  /** prefix for every absolute path that is read (tests: a fake filesystem tree; default: the real root) */
  root?: string;
  /** replaces the child-process runner (tests: scripted outputs) */
  run?: HostPorts['run'];
  env?: Readonly<Record<string, string | undefined>>;
  now?: () => Date;
  platform?: NodeJS.Platform;
  arch?: string;
  home?: string;
  user?: { name?: string; uid?: number };
  interfaces?: () => string[];
}

/** Output beyond this is cut (dpkg-query for seven names prints a few hundred bytes). */
const MAX_OUTPUT = 1024 * 1024;

/** Read at most maxBytes (files in /proc report size 0, so read to the end rather than trust stat). */
async function readCapped(path: string, maxBytes: number): Promise<Buffer | undefined> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(path, 'r');
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.alloc(Math.min(64 * 1024, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      chunks.push(buf.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) return undefined;
    }
    return Buffer.concat(chunks);
  } catch {
    return undefined;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Run without a shell, stdin closed, English messages, killed at the deadline; never rejects. */
export function spawnRunner(env: Readonly<Record<string, string | undefined>>): HostPorts['run'] {
  return (command, args, timeoutMs) =>
    new Promise<RunResult>((resolve) => {
      let stdout = '';
      let stderr = '';
      let settled = false;
      const done = (r: RunResult): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(r);
      };
      let child;
      try {
        child = spawn(command, [...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...env, LC_ALL: 'C', LANGUAGE: '' }, windowsHide: true });
      } catch (err) {
        resolve({ ran: false, reason: 'error', message: (err as Error).message });
        return;
      }
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        done({ ran: false, reason: 'timeout', message: `no answer within ${timeoutMs} ms` });
      }, timeoutMs);
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        if (stdout.length < MAX_OUTPUT) stdout += d;
      });
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        if (stderr.length < MAX_OUTPUT) stderr += d;
      });
      child.on('error', (err: NodeJS.ErrnoException) => {
        done(err.code === 'ENOENT' ? { ran: false, reason: 'not-found', message: `${command} is not installed` } : { ran: false, reason: 'error', message: err.message });
      });
      child.on('close', (code) => done({ ran: true, code: code ?? -1, stdout, stderr }));
    });
}

function currentUser(): { name?: string; uid?: number } {
  try {
    const u = userInfo();
    return { name: u.username, ...(u.uid >= 0 ? { uid: u.uid } : {}) };
  } catch {
    // no passwd entry for this uid (containers)
    const uid = process.getuid?.();
    return uid !== undefined ? { uid } : {};
  }
}

/** The real machine (or a fake tree under `root`) as HostPorts for src/env. */
export function nodeHostPorts(opts: NodeHostOptions = {}): HostPorts {
  const env = opts.env ?? process.env;
  const at = (p: string): string => (opts.root && isAbsolute(p) ? join(opts.root, p) : p);
  const plat = opts.platform ?? platform();
  return {
    platform: plat,
    arch: opts.arch ?? arch(),
    ...(opts.root ? {} : { kernel: release() }),
    env,
    home: opts.home ?? env['HOME'] ?? (plat === 'win32' ? env['USERPROFILE'] : undefined) ?? homedir(),
    user: opts.user ?? currentUser(),
    now: opts.now ?? (() => new Date()),
    timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    utcOffsetMinutes: (d) => -d.getTimezoneOffset(),
    readText: async (p, maxBytes = 1024 * 1024) => (await readCapped(at(p), maxBytes))?.toString('utf8'),
    readBytes: async (p, maxBytes) => readCapped(at(p), maxBytes),
    listDir: async (p) => fsp.readdir(at(p)).catch(() => undefined),
    kind: async (p) => {
      try {
        const s = await fsp.stat(at(p));
        return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : undefined;
      } catch {
        return undefined;
      }
    },
    readLink: async (p) => fsp.readlink(at(p)).catch(() => undefined),
    run: opts.run ?? spawnRunner(env),
    interfaces: opts.interfaces ?? (() => Object.keys(networkInterfaces())),
  };
}
