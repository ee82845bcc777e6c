/**
 * `npm run docs:rules`: (re)write docs/rules/<category>/<name>.md and docs/rules/README.md from
 * the rule metadata (+ example excerpts from fixtures/logs), and remove docs of rules that are gone.
 * test/rules-docs.test.ts fails when the committed docs differ from what this writes.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateRuleDocs } from '../src/rule-docs/generate.js';

async function listMarkdown(dir: string): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listMarkdown(p)));
    else if (e.name.endsWith('.md')) out.push(p);
  }
  return out;
}

/** The repository root: two levels up from scripts/ (source) or dist/scripts/ (built). */
function repoRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return resolve(here, here.includes(`${join('dist', 'scripts')}`) ? '../..' : '..');
}

async function main(): Promise<void> {
  const root = process.argv[2] ? resolve(process.argv[2]) : repoRoot();
  const docs = await generateRuleDocs(root);
  let written = 0;
  for (const [path, content] of docs) {
    const target = join(root, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content, 'utf8');
    written += 1;
  }
  let removed = 0;
  for (const file of await listMarkdown(join(root, 'docs/rules'))) {
    const rel = relative(root, file).split('\\').join('/');
    if (!docs.has(rel)) {
      await rm(file);
      removed += 1;
    }
  }
  process.stdout.write(`docs:rules: ${written} files written${removed ? `, ${removed} stale removed` : ''} under ${join(root, 'docs/rules')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`gen-rules-docs: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
