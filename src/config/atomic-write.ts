import { basename, dirname, join } from 'node:path';
import type { AccountsFs } from './fs-io.js';

/** The steps of a replace, named so tests can inject a fault (or a crash) after any of them. */
export type WriteStep = 'temp-written' | 'verified' | 'renamed' | 'dir-synced';

export interface AtomicWriteOptions {
  mode: number;
  uid?: number;
  gid?: number;
  /** refuse to replace when the target no longer holds these bytes (someone wrote it meanwhile) */
  expectBytes?: Uint8Array;
  /** called after each step; throwing aborts the write there (tests) */
  afterStep?: (step: WriteStep) => void | Promise<void>;
  /** suffix source for the temp name; tests fix it */
  unique?: string;
}

export class ConcurrentChangeError extends Error {
  constructor(path: string) {
    super(`${path} changed on disk while sipe-doctor was preparing the fix; nothing was written. Close Pidgin/Finch and run again.`);
    this.name = 'ConcurrentChangeError';
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Replace `path` so that a crash at any instant leaves either the old or the new complete file:
 * write a temp file in the same directory (same file system), fsync it, rename it over the target
 * (atomic on POSIX and NTFS), then fsync the directory so the rename survives a power cut.
 */
export async function writeFileAtomic(fs: AccountsFs, path: string, data: Uint8Array, opts: AtomicWriteOptions): Promise<void> {
  const dir = dirname(path);
  const unique = opts.unique ?? `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  const tempPrefix = `.${basename(path)}.sipe-doctor-`;
  const temp = join(dir, `${tempPrefix}${unique}.tmp`);
  await removeStaleTemps(fs, dir, tempPrefix);
  let tempExists = false;
  try {
    await fs.writeNewFile(temp, data, {
      mode: opts.mode,
      ...(opts.uid !== undefined ? { uid: opts.uid } : {}),
      ...(opts.gid !== undefined ? { gid: opts.gid } : {}),
    });
    tempExists = true;
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
    throw err;
  }
}

/**
 * A run killed between writing its temp file and the rename leaves that temp behind, and it holds
 * a copy of accounts.xml with the password: remove such leftovers before writing again.
 */
async function removeStaleTemps(fs: AccountsFs, dir: string, prefix: string): Promise<void> {
  if (!fs.readdir) return;
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (name.startsWith(prefix) && name.endsWith('.tmp')) await fs.unlink(join(dir, name)).catch(() => undefined);
  }
}
