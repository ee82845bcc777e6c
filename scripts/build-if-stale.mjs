#!/usr/bin/env node
// Build dist/ only when a TypeScript source (or the build settings) changed since the last build,
// and say so when it does: `npm run demo` must not sit silent for half a minute recompiling.
// Plain JavaScript: it runs before anything is compiled.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.build-stamp');

function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return /\.(ts|json|mjs)$/.test(path) ? s.mtimeMs : 0;
  let max = 0;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

const sources = ['src', 'bin', 'bench', 'scripts', 'tsconfig.json', 'package.json'].map((p) => newest(join(root, p)));
const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
if (built >= Math.max(...sources) && existsSync(join(root, 'dist', 'bin', 'sipe-doctor.js'))) process.exit(0);

process.stderr.write('sipe-doctor: building (TypeScript → dist/, about 15-40 s; only when the sources changed)…\n');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
// then the command's bundle (dist/bin/: a few files to load instead of ~300 modules)
const b = spawnSync(process.execPath, [join(root, 'scripts', 'bundle.mjs')], { stdio: 'inherit' });
if (b.status !== 0) process.exit(b.status ?? 1);
writeFileSync(stamp, `${new Date().toISOString()}\n`);
