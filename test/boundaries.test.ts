import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The pure core (parsers, rules, verdict, renderers) must do no I/O and read no clock or environment:
 * that is what lets every rule and decoder be tested in milliseconds without sockets
 * (architecture.md §1.5). This test scans imports and a few global uses.
 */
const root = join(import.meta.dirname, '..');
const PURE_DIRS = ['src/evidence', 'src/protocol', 'src/logs', 'src/rules', 'src/verdict', 'src/report'];
const PURE_FILES = ['src/pipeline/diagnose.ts', 'src/pipeline/render.ts', 'src/pipeline/types.ts'];
/** the documented I/O edges inside otherwise pure folders */
const IO_EDGES = new Set(['src/logs/read.ts', 'src/logs/i18n-load.ts']);

const FORBIDDEN_MODULES = /^(node:)?(fs|fs\/promises|net|tls|dns|dns\/promises|dgram|http|https|child_process|zlib)$|^undici$|^pino$/;
const FORBIDDEN_GLOBALS: readonly [RegExp, string][] = [
  [/\bprocess\.(env|argv|stdout|stderr|stdin|exit|cwd)\b/, 'process'],
  [/\bDate\.now\(/, 'Date.now()'],
  [/\bnew Date\(\s*\)/, 'new Date()'],
  [/\bconsole\.(log|error|warn|info)\(/, 'console'],
];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const files = [...PURE_DIRS.flatMap((d) => walk(join(root, d))), ...PURE_FILES.map((f) => join(root, f))]
  .map((abs) => relative(root, abs))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts') && !IO_EDGES.has(f));

function runtimeImports(source: string): string[] {
  const found: string[] = [];
  const re = /^\s*(import|export)\s+(?!type\b)[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (const m of source.matchAll(re)) found.push((m[2] ?? m[3] ?? m[4])!);
  return found;
}

describe('pure core boundaries', () => {
  it('scans a meaningful number of files', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it.each(files)('%s does no I/O and reads no clock or environment', (file) => {
    const source = readFileSync(join(root, file), 'utf8');
    const bad = runtimeImports(source).filter((m) => FORBIDDEN_MODULES.test(m));
    expect(bad, `${file} imports I/O modules`).toEqual([]);
    const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    for (const [pattern, name] of FORBIDDEN_GLOBALS) {
      expect(pattern.test(code), `${file} uses ${name}`).toBe(false);
    }
  });
});
