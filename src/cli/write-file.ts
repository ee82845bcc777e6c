import { resolve } from 'node:path';
import { FileWriteError, writeFileAtomic as writeAtomic } from '../adapters/atomic-file.js';
import { SipeDoctorError } from './errors.js';

/**
 * Write a report, evidence or log file through the program's one atomic writer
 * (src/adapters/atomic-file.ts), so a reader (or a second run) never sees half a file and a
 * failure leaves no temporary file. Errors become E_OUTPUT (exit 2) naming the reason.
 */
export async function writeFileAtomic(path: string, data: string, cwd: string, opts: { what?: string; mode?: number } = {}): Promise<void> {
  const what = opts.what ?? 'output';
  try {
    await writeAtomic(resolve(cwd, path), data, { mode: opts.mode ?? 0o644 });
  } catch (err) {
    const reason = err instanceof FileWriteError ? err.reason : (err as Error).message;
    throw new SipeDoctorError('E_OUTPUT', `cannot write ${what} file ${path}: ${reason}.`, { cause: err });
  }
}
