import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { SipeDoctorError } from './errors.js';

/**
 * Write a file atomically: a temporary file in the same directory, then rename, so a reader
 * (or a second run) never sees half a report. Errors become E_OUTPUT (exit 2).
 */
export async function writeFileAtomic(path: string, data: string, cwd: string, opts: { what?: string; mode?: number } = {}): Promise<void> {
  const what = opts.what ?? 'output';
  const target = resolve(cwd, path);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, data, { encoding: 'utf8', mode: opts.mode ?? 0o644 });
    await rename(tmp, target);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'the directory does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message;
    throw new SipeDoctorError('E_OUTPUT', `cannot write ${what} file ${path}: ${reason}.`, { cause: err });
  }
}
