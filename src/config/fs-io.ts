import { promises as fsp } from 'node:fs';

/**
 * The file operations the accounts.xml reader needs, injected so tests can fail any step.
 * `nodeAccountsFs` is the real thing; writing goes through the one atomic writer (FixDeps.write).
 */
export interface AccountsFs {
  platform: NodeJS.Platform;
  stat(path: string): Promise<{ size: number; mode: number; uid: number; gid: number }>;
  readFile(path: string): Promise<Uint8Array>;
  realpath(path: string): Promise<string>;
  exists(path: string): Promise<boolean>;
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
};
