/**
 * Writes the evidence bundle of every recorded fixture log (fixtures/logs, fixtures/lab), parsed the
 * way `analyze` parses it (streamed reader, translation catalogs), one JSON file each, into a
 * directory. Run before and after a change to the log analyzer and diff the two directories:
 *   npm run build && node dist/bench/dump-bundles.js /tmp/before
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadTranslationCatalogs } from '../src/logs/i18n-load.js';
import { parseLogSources } from '../src/logs/index.js';
import { readLogBytes } from '../src/logs/read.js';

async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) throw new Error('usage: dump-bundles.js OUTPUT_DIR');
  await mkdir(out, { recursive: true });
  const catalogs = await loadTranslationCatalogs();
  let n = 0;
  for (const dir of ['fixtures/logs', 'fixtures/lab']) {
    const names = (await readdir(resolve(dir))).filter((f) => /\.log(\.gz)?$/.test(f)).sort();
    for (const name of names) {
      const path = join(dir, name);
      const parsed = await parseLogSources([{ name: path, bytes: readLogBytes(path, { stdin: process.stdin }) }], catalogs ? { catalogs } : {});
      await writeFile(join(out, `${dir.replace('/', '_')}_${name}.json`), `${JSON.stringify(parsed, null, 1)}\n`);
      n += 1;
    }
  }
  // all fixtures as one analysis (attempt numbering and state across files)
  const all: string[] = [];
  for (const dir of ['fixtures/logs', 'fixtures/lab']) {
    for (const f of (await readdir(resolve(dir))).filter((x) => x.endsWith('.log')).sort()) all.push(join(dir, f));
  }
  const parsed = await parseLogSources(all.map((p) => ({ name: p, bytes: readLogBytes(p, { stdin: process.stdin }) })), catalogs ? { catalogs } : {});
  await writeFile(join(out, '_all.json'), `${JSON.stringify(parsed, null, 1)}\n`);
  process.stdout.write(`${n + 1} bundles written to ${out}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
