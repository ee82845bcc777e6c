/**
 * `npm run fixtures:corpus-review [-- --write-gaps]`: analyses every log of fixtures/corpus as test/corpus.test.ts does
 * (catalogs hidden) and prints one line per log that does not give its scenario's root cause. With
 * `--write-gaps` it records those in manifest.json as `knownGap` (a short reason, found by comparing the log
 * with its siblings: the same scenario in English, with bodies, in UTF-8; recomputed on every write) and
 * `gapVerdict` (what the analyzer said), and removes the mark from logs that now pass. Reviewed `exception`
 * entries are left alone.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { analyzeCorpusFile, CORPUS_DIR, namesRootCause, readCorpusManifest, verdictLabel, type CorpusEntry, type CorpusVerdict } from '../test/helpers/corpus.js';

function gapReason(e: CorpusEntry, right: (f: (x: CorpusEntry) => boolean) => boolean | undefined): string {
  const same = (x: CorpusEntry): boolean => x.scenario === e.scenario && !x.tail;
  if (e.tail) return right((x) => same(x) && x.language === e.language && x.encoding === e.encoding && x.bodies === e.bodies)
    ? `tail of ${e.tail} lines: the decisive evidence is earlier in the log` : `tail of ${e.tail} lines; the whole log fails too`;
  if (right((x) => same(x) && x.language === 'en' && x.bodies) === false) return 'fails in English with message bodies too';
  if (!e.bodies && right((x) => same(x) && x.language === e.language && x.encoding === e.encoding && x.bodies)) {
    if (e.language === 'en' || right((x) => same(x) && x.language === 'en' && !x.bodies) === false) return 'without message bodies';
    return 'translated and without message bodies: the translated error text is all that is left';
  }
  if (e.encoding !== 'utf-8' && right((x) => same(x) && x.language === e.language && x.encoding === 'utf-8' && x.bodies === e.bodies)) {
    return `legacy charset (${e.encoding})`;
  }
  if (e.language !== 'en') return 'translated text only, catalogs hidden';
  return 'other';
}

async function main(argv: string[]): Promise<number> {
  const write = argv.includes('--write-gaps');
  const entries = readCorpusManifest();
  const verdicts = new Map<string, CorpusVerdict>();
  for (const e of entries) verdicts.set(e.file, await analyzeCorpusFile(e.file));
  const ok = (x: CorpusEntry): boolean => namesRootCause(verdicts.get(x.file)!, x.expectedRootCause);
  const right = (f: (x: CorpusEntry) => boolean): boolean | undefined => {
    const m = entries.filter(f);
    return m.length ? m.every(ok) : undefined;
  };
  let failing = 0;
  const out = entries.map((e): CorpusEntry => {
    const v = verdicts.get(e.file)!;
    const { knownGap: _k, gapVerdict: _g, ...rest } = e;
    if (e.exception !== undefined || ok(e)) return write ? rest : e;
    failing++;
    const reason = gapReason(e, right);
    process.stdout.write(`${e.file}: ${verdictLabel(v) ?? 'none'} (${v.outcome}) instead of ${e.expectedRootCause ?? 'none'} — ${reason}\n`);
    return write ? { ...rest, knownGap: reason, gapVerdict: verdictLabel(v) } : e;
  });
  if (write) await writeFile(join(CORPUS_DIR, 'manifest.json'), `${JSON.stringify(out, null, 1)}\n`);
  process.stdout.write(`${entries.length} logs, ${entries.length - failing} right or reviewed, ${failing} not\n`);
  return 0;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e: unknown) => {
  process.stderr.write(`corpus-review: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exitCode = 3;
});
