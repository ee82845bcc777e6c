/**
 * A collect bundle on disk: recognised by its first bytes, read with a size limit, validated.
 * Used by `analyze`, `replay` and `triage`, so a bundle is the same input everywhere.
 */
import { constants } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { CaseBundleError, looksLikeCaseBundle, MAX_CASE_BUNDLE_BYTES, parseCaseBundle, type CaseBundle } from './case-bundle.js';

/** Whether the file starts like a collect bundle (false for unreadable files: their reader reports them). */
export async function isCaseBundleFile(path: string): Promise<boolean> {
  let fh;
  try {
    // non-blocking, and only a regular file is peeked at: a FIFO or device is the log reader's to refuse
    fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    if (!(await fh.stat()).isFile()) return false;
    const buf = Buffer.alloc(256);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return looksLikeCaseBundle(buf.subarray(0, bytesRead).toString('utf8'));
  } catch {
    return false;
  } finally {
    await fh?.close();
  }
}

/** A collect bundle's text → the validated bundle; CaseBundleError says what is wrong. */
export function parseCaseBundleText(text: string, name: string): CaseBundle {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new CaseBundleError(`${name} is not a valid collect bundle (not valid JSON: ${(err as Error).message}; was it cut short?)`);
  }
  try {
    return parseCaseBundle(value);
  } catch (err) {
    if (err instanceof CaseBundleError) throw new CaseBundleError(`${name}: ${err.message}`);
    throw err;
  }
}

/** Read and validate a collect bundle file. */
export async function readCaseBundleFile(path: string, name = path): Promise<CaseBundle> {
  const info = await stat(path);
  if (info.size > MAX_CASE_BUNDLE_BYTES) throw new CaseBundleError(`${name} is larger than a collect bundle can be (${MAX_CASE_BUNDLE_BYTES} bytes)`);
  return parseCaseBundleText(await readFile(path, 'utf8'), name);
}
