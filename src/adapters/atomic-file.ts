/**
 * The one way sipe-doctor writes a file: reports (`-o`), saved evidence, triage output, and the
 * accounts.xml fix with its backup.
 *
 * A temporary file in the target's directory (same file system), created owner-only (0600) so a
 * copy of accounts.xml — password included — is never readable by anyone else, written, fsynced,
 * given the final mode and owner, renamed over the target (atomic on POSIX and NTFS), then the
 * directory fsynced so the rename survives a power cut. Any failure removes the temporary file.
 *
 * Node cannot create an unnamed file (O_TMPFILE + linkat), so a `kill -9` inside the write window
 * can still leave the named temporary behind. Its name says whose it is
 * (`.<target>.sipe-doctor-<pid>-<random>.tmp`): `removeStaleTemps` deletes the ones whose process
 * is gone (or that are older than a minute) and every sipe-doctor command runs it at start-up on
 * the Pidgin settings directory, as the config command does on the directory it writes to.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** The steps of a replace, named so tests can inject a fault (or a crash) after any of them. */
export type WriteStep = 'temp-written' | 'verified' | 'renamed' | 'dir-synced';

/** The file operations the writer needs, injected so tests can fail any step. */
export interface AtomicFs {
  platform: NodeJS.Platform;
  readFile(path: string): Promise<Uint8Array>;
  /** create `path` exclusively, owner-only (0600), write `data`, fsync; the handle is closed on return */
  writeNewFile(path: string, data: Uint8Array): Promise<void>;
  /** give the finished temporary its final mode (umask ignored) and owner */
  setModeAndOwner(path: string, mode: number, uid?: number, gid?: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** make a rename durable; a no-op where directories cannot be opened (Windows) */
  fsyncDir(dir: string): Promise<void>;
  unlink(path: string): Promise<void>;
  readdir(dir: string): Promise<string[]>;
  /** modification time in ms since the epoch, undefined when the file is gone */
  mtimeMs(path: string): Promise<number | undefined>;
  /** is a process with this id running? */
  processAlive(pid: number): boolean;
  now(): number;
}

export const nodeAtomicFs: AtomicFs = {
  platform: process.platform,
  async readFile(path) {
    return fsp.readFile(path);
  },
  async writeNewFile(path, data) {
    const fh = await fsp.open(path, 'wx', 0o600);
    try {
      let written = 0;
      while (written < data.length) {
        const { bytesWritten } = await fh.write(data, written, data.length - written);
        written += bytesWritten;
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
  },
  async setModeAndOwner(path, mode, uid, gid) {
    if (uid !== undefined && gid !== undefined && process.platform !== 'win32') {
      const sameOwner = process.getuid?.() === uid && process.getgid?.() === gid;
      if (!sameOwner) await fsp.chown(path, uid, gid);
    }
    await fsp.chmod(path, mode & 0o7777);
  },
  async rename(from, to) {
    await fsp.rename(from, to);
  },
  async fsyncDir(dir) {
    if (process.platform === 'win32') return;
    const fh = await fsp.open(dir, 'r');
    try {
      await fh.sync();
    } catch (err) {
      // some file systems refuse fsync on a directory; the rename itself has still happened
      const code = (err as { code?: string }).code;
      if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'ENOTSUP') throw err;
    } finally {
      await fh.close();
    }
  },
  async unlink(path) {
    await fsp.unlink(path);
  },
  async readdir(dir) {
    return fsp.readdir(dir);
  },
  async mtimeMs(path) {
    try {
      return (await fsp.lstat(path)).mtimeMs;
    } catch {
      return undefined;
    }
  },
  processAlive(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (err) {
      return (err as { code?: string }).code === 'EPERM';
    }
  },
  now: () => Date.now(),
};

export interface AtomicWriteOptions {
  /** final mode of the file (default 0644; 0600 for anything holding a secret) */
  mode?: number;
  uid?: number;
  gid?: number;
  /** refuse to replace when the target no longer holds these bytes (someone wrote it meanwhile) */
  expectBytes?: Uint8Array;
  /** called after each step; throwing aborts the write there (tests) */
  afterStep?: (step: WriteStep) => void | Promise<void>;
  /** suffix source for the temp name; tests fix it */
  unique?: string;
  fs?: AtomicFs;
}

export class ConcurrentChangeError extends Error {
  constructor(path: string) {
    super(`${path} changed on disk while sipe-doctor was preparing the fix; nothing was written. Close Pidgin/Finch and run again.`);
    this.name = 'ConcurrentChangeError';
  }
}

/** A failed write, with the reason in words (the errno is kept as `code`). */
export class FileWriteError extends Error {
  readonly code: string | undefined;
  constructor(readonly path: string, readonly reason: string, options: { cause: unknown }) {
    super(`cannot write ${path}: ${reason}`, options);
    this.name = 'FileWriteError';
    this.code = (options.cause as { code?: string } | undefined)?.code;
  }
}

const TEMP_MARK = '.sipe-doctor-';
const TEMP_NAME = /^\.(.+)\.sipe-doctor-(\d+)-[0-9a-z]+\.tmp$/;
/** a temp file older than this is stale whoever made it (a write takes milliseconds) */
const STALE_AFTER_MS = 60_000;

/** The temporary name for `target` (hidden, same directory, says which process made it). */
export function tempNameFor(target: string, unique = `${process.pid}-${randomBytes(5).toString('hex')}`): string {
  return join(dirname(target), `.${basename(target)}${TEMP_MARK}${unique}.tmp`);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** What an errno means for the user, naming the file (and the disk for a full one). */
export function describeWriteError(err: unknown, path: string): string {
  const code = (err as { code?: string }).code;
  const dir = dirname(path);
  switch (code) {
    case 'ENOSPC':
      return `the disk holding ${dir} is full (no space left on device); the file was not changed — free some space and run again`;
    case 'EDQUOT':
      return `your disk quota on the file system holding ${dir} is exhausted; the file was not changed`;
    case 'EROFS':
      return `${dir} is on a read-only file system`;
    case 'EACCES':
      return `permission denied: you may not create files in ${dir} (check its owner and mode)`;
    case 'EPERM':
      return `operation not permitted: changing the owner or mode of a file in ${dir} needs the file's owner or root`;
    case 'ENOENT':
      return `the directory ${dir} does not exist`;
    case 'EISDIR':
      return `${path} is a directory`;
    case 'ENOTDIR':
      return `a part of ${dir} is not a directory`;
    case 'EEXIST':
      return `a temporary file of the same name already exists in ${dir}`;
    default:
      return (err as Error)?.message ?? String(err);
  }
}

/**
 * Replace `path` so that a crash at any instant leaves either the old or the new complete file,
 * and a failure leaves no temporary file.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string, opts: AtomicWriteOptions = {}): Promise<void> {
  const fs = opts.fs ?? nodeAtomicFs;
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const dir = dirname(path);
  const temp = tempNameFor(path, opts.unique);
  await removeStaleTemps(dir, { fs, target: basename(path) });
  let tempExists = false;
  try {
    try {
      await fs.writeNewFile(temp, bytes);
    } finally {
      // a failed write may still have created it (ENOSPC after open)
      tempExists = true;
    }
    await fs.setModeAndOwner(temp, opts.mode ?? 0o644, opts.uid, opts.gid);
    await opts.afterStep?.('temp-written');
    if (opts.expectBytes && !sameBytes(await fs.readFile(path), opts.expectBytes)) throw new ConcurrentChangeError(path);
    await opts.afterStep?.('verified');
    await fs.rename(temp, path);
    tempExists = false;
    await opts.afterStep?.('renamed');
    await fs.fsyncDir(dir);
    await opts.afterStep?.('dir-synced');
  } catch (err) {
    if (tempExists) await fs.unlink(temp).catch(() => undefined);
    if (err instanceof ConcurrentChangeError || err instanceof FileWriteError || typeof (err as { code?: unknown }).code !== 'string') throw err;
    throw new FileWriteError(path, describeWriteError(err, path), { cause: err });
  }
}

/** A file written piece by piece (triage output), then put in place atomically. */
export interface AtomicFileStream {
  write(text: string): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export async function openAtomicFile(path: string, opts: { mode?: number } = {}): Promise<AtomicFileStream> {
  const target = resolve(path);
  const temp = tempNameFor(target);
  await removeStaleTemps(dirname(target), { target: basename(target) });
  const fail = async (err: unknown): Promise<never> => {
    await fsp.unlink(temp).catch(() => undefined);
    throw new FileWriteError(path, describeWriteError(err, target), { cause: err });
  };
  const handle = await fsp.open(temp, 'wx', 0o600).catch(fail);
  let buffered: string[] = [];
  let size = 0;
  const flush = async (): Promise<void> => {
    if (size === 0) return;
    const data = buffered.join('');
    buffered = [];
    size = 0;
    await handle.write(data);
  };
  return {
    async write(text) {
      buffered.push(text);
      size += text.length;
      if (size >= 64 * 1024) await flush().catch(async (err) => { await handle.close().catch(() => undefined); return fail(err); });
    },
    async commit() {
      try {
        await flush();
        await handle.sync();
        await handle.chmod((opts.mode ?? 0o644) & 0o7777);
        await handle.close();
        await fsp.rename(temp, target);
      } catch (err) {
        await handle.close().catch(() => undefined);
        await fail(err);
      }
    },
    async abort() {
      await handle.close().catch(() => undefined);
      await fsp.unlink(temp).catch(() => undefined);
    },
  };
}

/**
 * Remove temporary files a killed earlier sipe-doctor left in `dir` (for any target, or only for
 * `target`): those whose process is gone, or that are older than a minute. Never throws; returns
 * the names removed.
 */
export async function removeStaleTemps(dir: string, opts: { fs?: AtomicFs; target?: string } = {}): Promise<string[]> {
  const fs = opts.fs ?? nodeAtomicFs;
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m) continue;
    if (opts.target !== undefined && m[1] !== opts.target) continue;
    const pid = Number(m[2]);
    const full = join(dir, name);
    let stale = pid === process.pid ? false : !fs.processAlive(pid);
    if (!stale) {
      const mtime = await fs.mtimeMs(full);
      stale = mtime !== undefined && fs.now() - mtime > STALE_AFTER_MS;
    }
    if (stale) {
      await fs.unlink(full).then(() => removed.push(name), () => undefined);
    }
  }
  return removed;
}
