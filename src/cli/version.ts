import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** sipe-doctor's version, from the nearest package.json named sipe-doctor (works from src/ and dist/). */
export function toolVersion(): string {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'sipe-doctor' && typeof pkg.version === 'string') return (cached = pkg.version);
    } catch {
      // not here: keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return (cached = '0.0.0-unknown');
}

let root: { dir: string; repository?: string } | null | undefined;

/** The installed package's directory (docs/ ships with it) and its repository URL, if package.json names one. */
export function packageInfo(): { dir: string; repository?: string } | undefined {
  if (root !== undefined) return root ?? undefined;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; repository?: unknown };
      if (pkg.name === 'sipe-doctor') {
        const r = pkg.repository;
        const url = typeof r === 'string' ? r : r && typeof r === 'object' && typeof (r as { url?: unknown }).url === 'string' ? (r as { url: string }).url : undefined;
        const repository = url?.replace(/^git\+/, '').replace(/\.git$/, '');
        return (root = { dir, ...(repository ? { repository } : {}) });
      }
    } catch {
      // keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  root = null;
  return undefined;
}
