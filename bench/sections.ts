/**
 * BENCHMARKS.md is made of sections, each written by the script named in it between its own
 * `<!-- bench:NAME:start -->` / `<!-- bench:NAME:end -->` markers.
 */
import { readFile, writeFile } from 'node:fs/promises';

/** Replace (or append) the section between `start` and `end` in `file`. */
export async function writeBenchSection(file: string, start: string, end: string, section: string): Promise<void> {
  let text = await readFile(file, 'utf8').catch(() => '# Benchmarks\n\nSections are written by the scripts named in them; re-run to refresh.\n');
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  text = a >= 0 && b > a ? `${text.slice(0, a)}${section}${text.slice(b + end.length)}` : `${text.trimEnd()}\n\n${section}\n`;
  await writeFile(file, text);
  process.stdout.write(`written to ${file}\n`);
}
