import { lstat, opendir, realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
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
 * Kernel file systems: their files look regular (size 0) but are endless or change while read
 * (/proc/kmsg blocks, /proc/self/… recurses, /sys exposes the hardware). Never read.
 */
const KERNEL_TREES = ['/proc', '/sys', '/dev'];

export function kernelTreeOf(realPath: string): string | undefined {
  return KERNEL_TREES.find((t) => realPath === t || realPath.startsWith(`${t}/`));
}

/** What a file that is not a regular file or directory is, for the skip message. */
function specialKind(info: Stats): string | undefined {
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (!info.isFile() && !info.isDirectory()) return 'not a regular file';
  return undefined;
}

/**
 * The files under `inputs`, as a stream (files as given; directories recursively, sorted, hidden
 * entries skipped, symlinked directories followed once). Nothing is opened here. What cannot be
 * read becomes an entry with `error`, and what must not be read (devices, FIFOs, sockets, kernel
 * files under /proc, /sys, /dev, symbolic link loops) an entry with `skip`, so the batch lists
 * them with a reason instead of stopping or hanging. Memory: the directories seen (to follow each
 * once) and the explicitly given names, never the whole list of files.
 */
export async function* walkInputs(inputs: readonly string[], cwd: string): AsyncGenerator<TriageInput> {
  const seenDirs = new Set<string>();
  const explicit = inputs.map((i) => resolve(cwd, i));
  const explicitSet = new Set(explicit);
  const given = new Set<string>();
  const entry = (path: string, extra: Partial<TriageInput> = {}): TriageInput => ({
    path,
    display: displayOf(path, cwd),
    kind: isAccountsXml(path) ? 'accounts' : 'log',
    ...extra,
  });

  async function* walk(dir: string, real: string): AsyncGenerator<TriageInput> {
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let entries: { name: string; file: boolean }[];
    try {
      // the entries of one directory are sorted, so they are held at once (names and types only)
      entries = [];
      for await (const d of await opendir(dir)) if (!d.name.startsWith('.')) entries.push({ name: d.name, file: d.isFile() });
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (err) {
      yield entry(dir, { error: `cannot list directory: ${reasonOf(err)}` });
      return;
    }
    for (const { name, file } of entries) {
      const path = join(dir, name);
      if (explicitSet.has(path)) {
        // named explicitly too: listed once, here
        if (given.has(path)) continue;
        given.add(path);
      }
      // a regular file (not a link) in a directory already checked needs no further system call
      if (file) yield entry(path);
      else yield* visit(path);
    }
  }

  /** a directory is walked, a regular file is listed, anything else is listed as skipped with its reason */
  async function* visit(path: string): AsyncGenerator<TriageInput> {
    let info: Stats;
    try {
      info = await stat(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') {
        yield entry(path, { skip: { reason: 'not-a-file', message: `${displayOf(path, cwd)}: a symbolic link loop (not followed)` } });
        return;
      }
      if (code === 'ENOENT') {
        const link = await lstat(path).catch(() => undefined);
        if (link?.isSymbolicLink()) {
          yield entry(path, { error: 'a broken symbolic link (its target does not exist)' });
          return;
        }
      }
      yield entry(path, { error: reasonOf(err) });
      return;
    }
    let real: string;
    try {
      real = await realpath(path);
    } catch (err) {
      yield entry(path, { error: reasonOf(err) });
      return;
    }
    const tree = kernelTreeOf(real) ?? kernelTreeOf(path);
    if (tree !== undefined && !info.isCharacterDevice() && !info.isBlockDevice()) {
      yield entry(path, { skip: { reason: 'not-a-file', message: `${displayOf(path, cwd)}: under ${tree}, a kernel interface, not a log (not read)` } });
      return;
    }
    if (info.isDirectory()) {
      yield* walk(path, real);
      return;
    }
    const special = specialKind(info);
    if (special !== undefined) {
      yield entry(path, { skip: { reason: 'not-a-file', message: `${displayOf(path, cwd)}: ${special}, not a log file (not read)` } });
      return;
    }
    yield entry(path);
  }

  for (const path of explicit) {
    if (given.has(path)) continue;
    given.add(path);
    yield* visit(path);
  }
}

/** All of walkInputs at once (small batches and tests). */
export async function discoverInputs(inputs: readonly string[], cwd: string): Promise<TriageInput[]> {
  const out: TriageInput[] = [];
  for await (const input of walkInputs(inputs, cwd)) out.push(input);
  return out;
}
