import { promises as fsp } from 'node:fs';

/**
 * The file operations the accounts.xml reader and the safe writer need, injected so tests can
 * fail any step. `nodeAccountsFs` is the real thing.
 */
export interface AccountsFs {
  platform: NodeJS.Platform;
  stat(path: string): Promise<{ size: number; mode: number; uid: number; gid: number }>;
  readFile(path: string): Promise<Uint8Array>;
  realpath(path: string): Promise<string>;
  exists(path: string): Promise<boolean>;
  /** create `path` exclusively with `mode` (umask ignored) and owner, write, fsync, close */
  writeNewFile(path: string, data: Uint8Array, opts: { mode: number; uid?: number; gid?: number }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** make a rename durable; a no-op where directories cannot be opened (Windows) */
  fsyncDir(dir: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** names in a directory (used to remove temp files a killed earlier run left behind) */
  readdir?(dir: string): Promise<string[]>;
}

export const nodeAccountsFs: AccountsFs = {
  platform: process.platform,
  async stat(path) {
    const st = await fsp.stat(path);
    if (!st.isFile()) throw Object.assign(new Error(`${path} is not a regular file`), { code: st.isDirectory() ? 'EISDIR' : 'EINVAL' });
    return { size: st.size, mode: st.mode, uid: st.uid, gid: st.gid };
  },
  async readFile(path) {
    return fsp.readFile(path);
  },
  async readdir(dir) {
    return fsp.readdir(dir);
  },
  async realpath(path) {
    return fsp.realpath(path);
  },
  async exists(path) {
    try {
      await fsp.lstat(path);
      return true;
    } catch {
      return false;
    }
  },
  async writeNewFile(path, data, opts) {
    const fh = await fsp.open(path, 'wx', opts.mode & 0o777);
    try {
      await fh.chmod(opts.mode & 0o7777);
      if (opts.uid !== undefined && opts.gid !== undefined && process.platform !== 'win32') {
        const sameOwner = process.getuid?.() === opts.uid && process.getgid?.() === opts.gid;
        if (!sameOwner) await fh.chown(opts.uid, opts.gid);
      }
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
      if ((err as { code?: string }).code !== 'EINVAL' && (err as { code?: string }).code !== 'EISDIR') throw err;
    } finally {
      await fh.close();
    }
  },
  async unlink(path) {
    await fsp.unlink(path);
  },
};
