#!/usr/bin/env node
// Bundle the command (after tsc): dist/bin/sipe-doctor.js becomes a few ESM files instead of the
// ~300 modules Node would otherwise compile one by one on every run (Node 20 has no compile cache).
// Code splitting keeps the lazy command table lazy: each command, and every dynamic import, is its
// own chunk, so `analyze` still loads only what it uses.
//
// Everything lands flat in dist/bin/: the worker threads' entry files (scan-worker.js, file-worker.js)
// are found as `new URL('./x-worker.js', import.meta.url)` from whichever chunk starts them.
// Data files are found at run time by walking up from import.meta.url to package.json, which works
// from dist/bin/ as from dist/src/. dist/src/ (tsc's output) stays: it is the library export.
//
// Plain JavaScript: it runs right after tsc. Without esbuild (a devDependency) it says so and leaves
// tsc's dist/bin/sipe-doctor.js, which works unbundled (only slower to start).
import { readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bin');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  process.stderr.write('sipe-doctor: esbuild is not installed; dist/bin/ stays unbundled (slower start-up)\n');
  process.exit(0);
}

// chunks of an earlier build (their names carry a content hash)
try {
  for (const f of readdirSync(outdir)) if (/^chunk-[A-Z0-9]+\.js(\.map)?$/.test(f)) rmSync(join(outdir, f));
} catch {
  // no dist/bin yet
}

/**
 * Two dependencies do work at module load that a run seldom needs, patched here (and only in the
 * bundle; a pattern that no longer matches leaves the file as it is, with a warning):
 * - string-width (under yargs' help layout) creates an Intl.Segmenter at load: ~11 ms of ICU set-up on
 *   every run, for help text that is rendered only for --help. It is now created on first use.
 * - yargs finds its message translations relative to its own file; bundled, that file is a chunk in
 *   dist/bin/, so the directory is taken from where yargs is installed instead.
 */
const PATCHES = [
  {
    file: /[\\/]node_modules[\\/](?:.*[\\/])?string-width[\\/]index\.js$/,
    from: 'const segmenter = new Intl.Segmenter();',
    to: 'let realSegmenter;\nconst segmenter = {segment: (text) => (realSegmenter ??= new Intl.Segmenter()).segment(text)};',
  },
  {
    file: /[\\/]node_modules[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/,
    from: "directory: resolve(__dirname, '../../../locales'),",
    to: "directory: (() => { try { return resolve(fileURLToPath(import.meta.resolve('yargs')), '../locales'); } catch { return resolve(__dirname, '../../../locales'); } })(),",
  },
];

const deferredStartupWork = {
  name: 'deferred-start-up-work',
  setup(build) {
    for (const patch of PATCHES) {
      build.onLoad({ filter: patch.file }, async (args) => {
        const text = await readFile(args.path, 'utf8');
        if (!text.includes(patch.from)) {
          return { contents: text, loader: 'js', warnings: [{ text: `start-up patch not applied (the dependency changed): ${patch.from}` }] };
        }
        return { contents: text.replace(patch.from, patch.to), loader: 'js' };
      });
    }
  },
};

await esbuild.build({
  absWorkingDir: root,
  entryPoints: {
    'sipe-doctor': 'bin/sipe-doctor.ts',
    'scan-worker': 'src/logs/scan-worker.ts',
    'file-worker': 'src/triage/file-worker.ts',
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunk-[hash]',
  sourcemap: true,
  logLevel: 'warning',
  // the CommonJS dependencies bundled in (pino, yargs' helpers …) call require() for Node's own modules
  plugins: [deferredStartupWork],
  banner: { js: "import { createRequire as __sipeDoctorCreateRequire } from 'node:module';\nconst require = __sipeDoctorCreateRequire(import.meta.url);" },
});
