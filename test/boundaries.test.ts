import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Two boundaries, checked by scanning the source:
 * - the pure core (parsers, rules, verdict, renderers) does no I/O and reads no clock or
 *   environment: that is what lets every rule and decoder be tested in milliseconds without sockets;
 * - the layers import only downwards: evidence ← protocol ← (logs, probes, config) ← rules ←
 *   verdict ← report ← pipeline ← cli, with the derived views between protocol and the rules, the
 *   adapters beside the probes they serve, the lab beside the rules, and no import cycles.
 */
const root = join(import.meta.dirname, '..');
const PURE_DIRS = ['src/redact', 'src/evidence', 'src/protocol', 'src/logs', 'src/rules', 'src/verdict', 'src/report', 'src/env'];
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

/** Every layer, by path prefix (first match wins); `top` = the entry points above the CLI. */
const LAYERS: readonly (readonly [prefix: string, layer: Layer])[] = [
  ['src/redact/', 'redact'], ['src/evidence/derive/', 'derive'], ['src/evidence/', 'evidence'], ['src/protocol/', 'protocol'],
  ['src/logs/', 'logs'], ['src/probes/', 'probes'], ['src/config/', 'config'], ['src/env/', 'env'], ['src/adapters/', 'adapters'],
  ['src/rules/', 'rules'], ['src/verdict/', 'verdict'], ['src/report/', 'report'], ['src/pipeline/', 'pipeline'],
  ['src/lab/', 'lab'], ['src/client/', 'client'], ['src/triage/', 'triage'], ['src/rule-docs/', 'rule-docs'], ['src/cli/', 'cli'],
];
type Layer = 'redact' | 'evidence' | 'protocol' | 'derive' | 'logs' | 'probes' | 'config' | 'env' | 'adapters' | 'rules' | 'verdict' | 'report'
  | 'pipeline' | 'lab' | 'client' | 'triage' | 'rule-docs' | 'cli' | 'top';

const layerOf = (file: string): Layer => LAYERS.find(([prefix]) => file.startsWith(prefix))?.[1] ?? 'top';

const PRODUCERS: readonly Layer[] = ['logs', 'probes', 'config', 'env'];
const BELOW_RULES: readonly Layer[] = ['evidence', 'protocol', 'derive', ...PRODUCERS];
const BELOW_PIPELINE: readonly Layer[] = [...BELOW_RULES, 'rules', 'verdict', 'report'];

/**
 * What each layer may import besides itself: a typed table, so a new layer must be placed. The
 * redactor is the floor: every layer may use it, it uses none.
 */
const ABOVE_REDACT: Readonly<Record<Exclude<Layer, 'redact'>, readonly Layer[]>> = {
  evidence: [],
  protocol: ['evidence'],
  derive: ['evidence', 'protocol'],
  logs: ['evidence', 'protocol'],
  probes: ['evidence', 'protocol'],
  config: ['evidence', 'protocol'],
  // the machine the client runs on; it reads accounts.xml through the config producer
  env: ['evidence', 'protocol', 'config'],
  // the Node implementations of the probes' ports
  adapters: ['evidence', 'protocol', 'probes', 'env'],
  rules: BELOW_RULES,
  verdict: [...BELOW_RULES, 'rules'],
  report: [...BELOW_RULES, 'rules', 'verdict'],
  pipeline: BELOW_PIPELINE,
  // a simulated deployment: it speaks the protocol and names the root cause each scenario reproduces
  lab: ['evidence', 'protocol', 'rules', 'client'],
  // the real SIPE client run headless (a profile, a terminal, a log): stands alone
  client: [],
  triage: [...BELOW_PIPELINE, 'pipeline'],
  'rule-docs': [...BELOW_PIPELINE, 'pipeline'],
  cli: [...BELOW_PIPELINE, 'pipeline', 'adapters', 'lab', 'client', 'triage', 'rule-docs'],
  top: [...BELOW_PIPELINE, 'pipeline', 'adapters', 'lab', 'client', 'triage', 'rule-docs', 'cli'],
};
const MAY_IMPORT: Readonly<Record<Layer, readonly Layer[]>> = {
  redact: [],
  ...(Object.fromEntries(Object.entries(ABOVE_REDACT).map(([k, v]) => [k, ['redact', ...v]])) as unknown as Record<Exclude<Layer, 'redact'>, readonly Layer[]>),
};

const sourceFiles = ['src', 'bin', 'scripts', 'bench']
  .flatMap((d) => walk(join(root, d)))
  .map((abs) => relative(root, abs).split('\\').join('/'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'));

/** Relative imports of a file (static, type-only and re-exports; `lazy` = dynamic import()), resolved to repository paths. */
function importsOf(file: string): { target: string; lazy: boolean }[] {
  // examples in comments are not imports
  const source = readFileSync(join(root, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: { target: string; lazy: boolean }[] = [];
  const re = /^\s*(?:import|export)\b[^'"`;]*?\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]|^\s*import\s+['"](\.{1,2}\/[^'"]+)['"]|\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/gm;
  for (const m of source.matchAll(re)) {
    const spec = (m[1] ?? m[2] ?? m[3])!;
    out.push({ target: posix.normalize(posix.join(posix.dirname(file), spec)).replace(/\.js$/, '.ts'), lazy: m[3] !== undefined });
  }
  return out;
}

const graph = new Map(sourceFiles.map((f) => [f, importsOf(f)] as const));

describe('layers', () => {
  it('every import resolves to a file of the tree (the scan sees the real graph)', () => {
    const unresolved = [...graph].flatMap(([f, imps]) => imps.filter((i) => !graph.has(i.target) && !existsSync(join(root, i.target))).map((i) => `${f} -> ${i.target}`));
    expect(unresolved).toEqual([]);
    expect(graph.size).toBeGreaterThan(200);
  });

  it.each(sourceFiles)('%s imports only from the layers below it', (file) => {
    const from = layerOf(file);
    const bad = (graph.get(file) ?? []).map((i) => i.target).filter((t) => layerOf(t) !== from && !MAY_IMPORT[from].includes(layerOf(t)));
    expect(bad.map((t) => `${from} -> ${layerOf(t)} (${t})`)).toEqual([]);
  });

  const crossing = (from: Layer, to: Layer): string[] =>
    [...graph].flatMap(([f, imps]) => (layerOf(f) === from ? imps.filter((i) => layerOf(i.target) === to).map((i) => `${f} -> ${i.target}`) : []));

  it('nothing below the CLI imports the CLI', () => {
    for (const l of Object.keys(MAY_IMPORT) as Layer[]) if (l !== 'cli' && l !== 'top') expect(crossing(l, 'cli')).toEqual([]);
  });

  it('the verdict does not import the report, and the probes do not import the rules', () => {
    expect(crossing('verdict', 'report')).toEqual([]);
    expect(crossing('probes', 'rules')).toEqual([]);
  });

  /**
   * Cycles through static imports (a dynamic import() loads lazily and closes no cycle at load time).
   * The log analyzer's account/sip recognizers still import each other; their restructuring removes it.
   */
  it('has no import cycles', () => {
    const cycles = stronglyConnected(new Map([...graph].map(([f, imps]) => [f, imps.filter((i) => !i.lazy && graph.has(i.target)).map((i) => i.target)])))
      .filter((c) => c.length > 1)
      .map((c) => [...c].sort().join(' '));
    expect(cycles).toEqual([]);
  });
});

/** Tarjan's strongly connected components. */
function stronglyConnected(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index);
    index += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        c.push(w);
      } while (w !== v);
      out.push(c);
    }
  };
  for (const v of edges.keys()) if (!idx.has(v)) visit(v);
  return out;
}
