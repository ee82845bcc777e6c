import { promises as fsp } from 'node:fs';
import { join } from 'node:path';

/** A running program that rewrites accounts.xml when it exits (so an edit made now would be lost). */
export interface PurpleClientProcess {
  pid: number;
  name: string;
}

/** Process names as the kernel reports them (`/proc/<pid>/comm`); injectable for tests. */
export type ProcessLister = () => Promise<PurpleClientProcess[] | undefined>;

const PURPLE_CLIENTS = new Set(['pidgin', 'finch', 'pidgin.exe', 'finch.exe']);

/** Linux/BSD with procfs: scan `<procDir>/*\/comm`. Returns undefined when there is no procfs to scan. */
export function procfsLister(procDir = '/proc'): ProcessLister {
  return async () => {
    let entries: string[];
    try {
      entries = await fsp.readdir(procDir);
    } catch {
      return undefined;
    }
    const found: PurpleClientProcess[] = [];
    for (const entry of entries) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const name = (await fsp.readFile(join(procDir, entry, 'comm'), 'utf8')).trim();
        if (PURPLE_CLIENTS.has(name.toLowerCase())) found.push({ pid: Number(entry), name });
      } catch {
        // the process ended between readdir and read, or is not ours to read
      }
    }
    return found;
  };
}
