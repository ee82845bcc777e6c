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
import { chmodSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bin');
const command = join(outdir, 'sipe-doctor.js');

// The command must be executable by itself (`npx sipe-doctor` in a clone, a `bin` link). tsc writes it
// 0644 and a rewrite keeps the mode; npm's bin linking would set it, but npx skips that when its cache
// already holds this directory (a fresh clone at a path used before).
function makeExecutable() {
  try {
    chmodSync(command, 0o755);
  } catch {
    // no dist/bin/sipe-doctor.js: tsc failed, and said so
  }
}

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  process.stderr.write('sipe-doctor: esbuild is not installed; dist/bin/ stays unbundled (slower start-up)\n');
  makeExecutable();
  process.exit(0);
}

// chunks of an earlier build (their names carry a content hash)
try {
  for (const f of readdirSync(outdir)) if (/^chunk-[A-Z0-9]+\.js(\.map)?$/.test(f)) rmSync(join(outdir, f));
} catch {
  // no dist/bin yet
}

/**
 * Two dependencies do work at module load that a run seldom needs, changed here (only in the
 * bundle; a file that no longer looks as expected is left as it is, with a warning):
 * - string-width (three copies, under yargs' help layout) builds an Intl.Segmenter and Unicode
 *   property regexes (\p{RGI_Emoji} alone ~20 ms) at load, on every run, for help text that is
 *   rendered only for --help. Its module body now runs on the first call of stringWidth().
 * - yargs finds its message translations relative to its own file; bundled, that file is a chunk in
 *   dist/bin/, so the directory is taken from where yargs is installed instead.
 * - chalk detects the terminal's colours at load (node:tty, node:os, node:net: ~4 ms), a level we
 *   never use: every Chalk here is made with an explicit level (--color). Its browser variant of
 *   that detection, which loads nothing, is bundled instead.
 */
const PATCHES = [
  {
    file: /[\\/]node_modules[\\/](?:.*[\\/])?string-width[\\/]index\.js$/,
    transform: deferModuleBody,
  },
  {
    file: /[\\/]node_modules[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/,
    transform: (text) => {
      const edits = [
        [
          "directory: resolve(__dirname, '../../../locales'),",
          "directory: (() => { try { return resolve(fileURLToPath(import.meta.resolve('yargs')), '../locales'); } catch { return resolve(__dirname, '../../../locales'); } })(),",
        ],
      ];
      if (!edits.every(([from]) => text.includes(from))) return undefined;
      return edits.reduce((t, [from, to]) => t.replace(from, to), text);
    },
  },
];

/**
 * `import …` lines, then a body whose one export is `export default function stringWidth(` →
 * the imports, then a stringWidth that runs the body on its first call.
 */
function deferModuleBody(text) {
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length && (/^import\s[^;]*;\s*$/.test(lines[i]) || lines[i].trim() === '')) i++;
  const imports = lines.slice(0, i).join('\n');
  const body = lines.slice(i).join('\n');
  const head = 'export default function stringWidth(';
  if (/^\s*import\b/m.test(body) || body.split(/\bexport\b/).length !== 2 || !body.includes(head)) return undefined;
  return `${imports}
let loaded;
export default function stringWidth(...args) {
  loaded ??= (() => {
${body.replace(head, 'function stringWidth(')}
return stringWidth;
  })();
  return loaded(...args);
}
`;
}

const deferredStartupWork = {
  name: 'deferred-start-up-work',
  setup(build) {
    build.onResolve({ filter: /^#supports-color$/ }, (args) => {
      const browser = join(dirname(args.importer), 'vendor', 'supports-color', 'browser.js');
      if (!/[\\/]node_modules[\\/]chalk[\\/]/.test(args.importer) || !existsSync(browser)) {
        return { warnings: [{ text: `start-up change not applied (chalk changed): ${args.importer}` }] };
      }
      return { path: browser };
    });
    for (const patch of PATCHES) {
      build.onLoad({ filter: patch.file }, async (args) => {
        const text = await readFile(args.path, 'utf8');
        const contents = patch.transform(text);
        if (contents === undefined) {
          return { contents: text, loader: 'js', warnings: [{ text: `start-up change not applied (the file changed): ${args.path}` }] };
        }
        return { contents, loader: 'js' };
      });
    }
  },
};

const result = await esbuild.build({
  metafile: true,
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
  sourcesContent: false, // the maps point at src/ and node_modules/ (lines, names); the package stays small
  minifyWhitespace: process.env.BUNDLE_NO_MINIFY !== '1',
  minifySyntax: process.env.BUNDLE_NO_MINIFY !== '1',
  logLevel: 'warning',
  // the CommonJS dependencies bundled in (pino, yargs' helpers …) call require() for Node's own modules
  plugins: [deferredStartupWork],
  banner: { js: "import { createRequire as __sipeDoctorCreateRequire } from 'node:module';\nconst require = __sipeDoctorCreateRequire(import.meta.url);" },
});
// what went into which file (`npx esbuild --analyze`-style questions: which chunk holds a module)
writeFileSync(join(root, 'dist', 'bundle-meta.json'), JSON.stringify(result.metafile));
makeExecutable();
