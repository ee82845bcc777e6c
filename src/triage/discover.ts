import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { TriageInput } from './types.js';

/** Pidgin's own file is `accounts.xml`; copies attached to tickets are often `<user>.accounts.xml`. */
export function isAccountsXml(path: string): boolean {
  const name = basename(path).toLowerCase();
  return name === 'accounts.xml' || name.endsWith('.accounts.xml');
}

function displayOf(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : path;
}

function reasonOf(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'too many symbolic links';
  return err instanceof Error ? err.message : String(err);
}

/**
 * The files under `inputs` (files as given; directories recursively, sorted, hidden entries
 * skipped, symlinked directories followed once). Inputs that can't be read become entries with
 * `error` so the batch lists them instead of stopping.
 */
export async function discoverInputs(inputs: readonly string[], cwd: string): Promise<TriageInput[]> {
  const out: TriageInput[] = [];
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  const add = (path: string, error?: string): void => {
    if (seenFiles.has(path)) return;
    seenFiles.add(path);
    const entry: TriageInput = { path, display: displayOf(path, cwd), kind: isAccountsXml(path) ? 'accounts' : 'log' };
    if (error !== undefined) entry.error = error;
    out.push(entry);
  };
  const walk = async (dir: string): Promise<void> => {
    let real: string;
    try {
      real = await realpath(dir);
    } catch (err) {
      add(dir, reasonOf(err));
      return;
    }
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch (err) {
      add(dir, `cannot list directory: ${reasonOf(err)}`);
      return;
    }
    for (const name of names) {
      if (!name.startsWith('.')) await visit(join(dir, name), false);
    }
  };
  /** a directory is walked, a file is added; other things are reported only when named explicitly */
  const visit = async (path: string, explicit: boolean): Promise<void> => {
    let info;
    try {
      info = await stat(path);
    } catch (err) {
      add(path, reasonOf(err));
      return;
    }
    if (info.isDirectory()) await walk(path);
    else if (info.isFile()) add(path);
    else if (explicit) add(path, 'not a regular file');
  };
  for (const input of inputs) await visit(resolve(cwd, input), true);
  return out;
}
