/**
 * `npm run fixtures:corpus [-- --lang fr,de] [--jobs 2] [--tails-only] [scenario …]`: records, with the real SIPE
 * client against the lab (the same harness as the e2e suite, test/e2e/scenario-run.ts), every lab scenario
 *   - in English, with and without message bodies (PURPLE_UNSAFE_DEBUG), and
 *   - in the UI languages below (different scripts; two in a legacy 8-bit / East-Asian charset, so the log is
 *     written in that charset), with and without bodies,
 * plus tails cut from the English logs (20 and 3 lines ending at the connection error: what users paste). Each log is
 * fixtures/corpus/<language>/<scenario>[.nobodies][.tailN].log.gz; fixtures/corpus/manifest.json lists them with
 * the scenario's expected root cause (test/corpus.test.ts analyses every one with message catalogs hidden).
 * Reviewed `exception` and `knownGap` fields already in the manifest are kept when it is rewritten.
 *
 * Locales the system lacks are compiled with localedef into a private directory (LOCPATH); nothing
 * system-wide changes. Namespace scenarios need root (as for `npm run fixtures:record`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { SCENARIOS, findScenario } from '../src/lab/index.js';
import { sipeClientMissing } from '../src/lab/sip/sipe-client.js';
import type { Scenario } from '../src/lab/types.js';
import { compiledCliMissing } from '../test/e2e/lab-process.js';
import { createLabNamespace, netnsSkipReason, type LabNamespace } from '../test/e2e/netns.js';
import { namespaceReason, runOnLab, startScenarioLab, xmlReason, type ScenarioLab } from '../test/e2e/scenario-run.js';
import { xmlShimMissing } from '../test/e2e/xml-shim.js';
import type { CorpusEntry } from '../test/helpers/corpus.js';

const OUT_DIR = resolve(process.env['CORPUS_DIR'] ?? 'fixtures/corpus');
const LOCALE_DIR = process.env['CORPUS_LOCALE_DIR'] ?? join(tmpdir(), 'sipe-doctor-locales');

/** One UI language of the corpus: the directory it lives in, the locale the client runs in, the log's charset. */
export interface CorpusLanguage {
  dir: string;
  /** BCP-47-ish language of the UI text */
  language: string;
  locale: string;
  /** the charset the client writes its log in */
  encoding: string;
}

export const LANGUAGES: readonly CorpusLanguage[] = [
  { dir: 'en', language: 'en', locale: 'C.UTF-8', encoding: 'utf-8' },
  { dir: 'fr', language: 'fr', locale: 'fr_FR.UTF-8', encoding: 'utf-8' },
  { dir: 'de', language: 'de', locale: 'de_DE.UTF-8', encoding: 'utf-8' },
  { dir: 'pl', language: 'pl', locale: 'pl_PL.UTF-8', encoding: 'utf-8' },
  { dir: 'ru', language: 'ru', locale: 'ru_RU.UTF-8', encoding: 'utf-8' },
  { dir: 'ja', language: 'ja', locale: 'ja_JP.UTF-8', encoding: 'utf-8' },
  { dir: 'zh_CN', language: 'zh_CN', locale: 'zh_CN.UTF-8', encoding: 'utf-8' },
  { dir: 'pl.iso-8859-2', language: 'pl', locale: 'pl_PL.ISO-8859-2', encoding: 'iso-8859-2' },
  { dir: 'ja.euc-jp', language: 'ja', locale: 'ja_JP.EUC-JP', encoding: 'euc-jp' },
];

/** Tails (last N lines) are cut from these languages' logs. */
const TAIL_LANGUAGES = ['en'];
const TAILS = [20, 3];


export function corpusFile(l: CorpusLanguage, scenario: string, bodies: boolean, tail?: number): string {
  return `${l.dir}/${scenario}${bodies ? '' : '.nobodies'}${tail ? `.tail${tail}` : ''}.log.gz`;
}

/** Compiles a locale into LOCALE_DIR unless the system or that directory has it. undefined = usable. */
function ensureLocale(locale: string): string | undefined {
  if (locale.startsWith('C.')) return undefined;
  if (existsSync(join(LOCALE_DIR, locale))) return undefined;
  const m = /^([a-z]{2}_[A-Z]{2})\.(.+)$/.exec(locale);
  if (!m) return `cannot compile locale ${locale}`;
  const r = spawnSync('localedef', ['-i', m[1]!, '-f', m[2]!, join(LOCALE_DIR, locale)], { encoding: 'utf8', timeout: 120_000 });
  // localedef exits 1 on warnings but still writes the locale
  return existsSync(join(LOCALE_DIR, locale, 'LC_CTYPE')) ? undefined : `localedef ${locale}: ${(r.stderr || r.error?.message || 'failed').trim().split('\n')[0]}`;
}

interface Job {
  scenario: Scenario;
  lang: CorpusLanguage;
  bodies: boolean;
}

/**
 * The last `n` lines up to and including libpurple's last `Connection error on` line (what a user pastes: the
 * error and what led to it), or up to the end of the log when there is none (a sign-in, a hang).
 */
export function tailOf(log: Buffer, n: number): Buffer {
  const marker = log.lastIndexOf('Connection error on ');
  let end = log.length;
  if (marker >= 0) {
    const nl = log.indexOf(0x0a, marker);
    end = nl < 0 ? log.length : nl;
  }
  while (end > 0 && (log[end - 1] === 0x0a || log[end - 1] === 0x0d)) end--;
  let at = end;
  for (let seen = 0; at > 0; at--) {
    if (log[at - 1] === 0x0a && ++seen === n) break;
  }
  return Buffer.concat([log.subarray(at, end), Buffer.from('\n')]);
}

async function readManifest(): Promise<Map<string, CorpusEntry>> {
  try {
    const entries = JSON.parse(await readFile(join(OUT_DIR, 'manifest.json'), 'utf8')) as CorpusEntry[];
    return new Map(entries.map((e) => [e.file, e]));
  } catch {
    return new Map();
  }
}

async function writeTails(): Promise<number> {
  let n = 0;
  for (const l of LANGUAGES.filter((x) => TAIL_LANGUAGES.includes(x.dir))) {
    for (const s of SCENARIOS) {
      for (const bodies of [true, false]) {
        const src = join(OUT_DIR, corpusFile(l, s.name, bodies));
        if (!existsSync(src)) continue;
        const log = gunzipSync(await readFile(src));
        for (const t of TAILS) {
          await writeFile(join(OUT_DIR, corpusFile(l, s.name, bodies, t)), gzipSync(tailOf(log, t), { level: 9 }));
          n++;
        }
      }
    }
  }
  return n;
}

/** Every corpus file on disk, in scenario / language order, keeping reviewed fields of the old manifest. */
async function writeManifest(): Promise<CorpusEntry[]> {
  const old = await readManifest();
  const entries: CorpusEntry[] = [];
  for (const l of LANGUAGES) {
    const dir = join(OUT_DIR, l.dir);
    const files = new Set(existsSync(dir) ? await readdir(dir) : []);
    for (const s of SCENARIOS) {
      for (const bodies of [true, false]) {
        for (const tail of [undefined, ...TAILS]) {
          const file = corpusFile(l, s.name, bodies, tail);
          if (!files.has(file.slice(l.dir.length + 1))) continue;
          const prev = old.get(file);
          entries.push({
            file, scenario: s.name, language: l.language, locale: l.locale, encoding: l.encoding, bodies,
            ...(tail ? { tail } : {}),
            expectedRootCause: s.expectedRootCause,
            ...(prev?.exception !== undefined ? { exception: prev.exception, exceptionRootCause: prev.exceptionRootCause ?? null } : {}),
            ...(prev?.knownGap !== undefined ? { knownGap: prev.knownGap, gapVerdict: prev.gapVerdict ?? null } : {}),
          });
        }
      }
    }
  }
  await writeFile(join(OUT_DIR, 'manifest.json'), `${JSON.stringify(entries, null, 1)}\n`);
  return entries;
}

function parseArgv(argv: string[]): { langs: string[] | undefined; jobs: number; tailsOnly: boolean; missingOnly: boolean; scenarios: string[] } {
  const out = { langs: undefined as string[] | undefined, jobs: 2, tailsOnly: false, missingOnly: false, scenarios: [] as string[] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--lang') out.langs = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (a === '--jobs') out.jobs = Math.max(1, Math.min(2, Number(argv[++i]) || 1));
    else if (a === '--tails-only') out.tailsOnly = true;
    else if (a === '--missing') out.missingOnly = true;
    else out.scenarios.push(a);
  }
  return out;
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgv(argv);
  await mkdir(OUT_DIR, { recursive: true });
  if (args.tailsOnly) {
    process.stdout.write(`tails: ${await writeTails()}\nmanifest.json: ${(await writeManifest()).length} logs\n`);
    return 0;
  }
  const missing = sipeClientMissing();
  if (missing) {
    process.stderr.write(`fixtures:corpus: ${missing}\n`);
    return 2;
  }
  const unknown = args.scenarios.filter((n) => !findScenario(n));
  if (unknown.length) {
    process.stderr.write(`fixtures:corpus: unknown scenario(s): ${unknown.join(', ')}\n`);
    return 2;
  }
  const scenarios = args.scenarios.length ? SCENARIOS.filter((s) => args.scenarios.includes(s.name)) : SCENARIOS;
  const langs = LANGUAGES.filter((l) => !args.langs || args.langs.includes(l.dir));
  await mkdir(LOCALE_DIR, { recursive: true });
  const usable: CorpusLanguage[] = [];
  for (const l of langs) {
    const why = ensureLocale(l.locale);
    if (why) process.stdout.write(`skip  ${l.dir}: ${why}\n`);
    else usable.push(l);
  }
  const nsMissing = netnsSkipReason() ?? compiledCliMissing();
  const jobs: Job[] = [];
  for (const s of scenarios) {
    const needs = namespaceReason(s);
    const xml = xmlReason(s);
    const shim = xml ? xmlShimMissing() : undefined;
    if (needs && nsMissing) { process.stdout.write(`skip  ${s.name}: ${needs}; ${nsMissing}\n`); continue; }
    if (xml && shim) { process.stdout.write(`skip  ${s.name}: ${xml}; ${shim}\n`); continue; }
    for (const lang of usable) {
      for (const bodies of [false, true]) {
        if (args.missingOnly && existsSync(join(OUT_DIR, corpusFile(lang, s.name, bodies)))) continue;
        jobs.push({ scenario: s, lang, bodies });
      }
    }
  }
  process.stdout.write(`${jobs.length} client runs, ${args.jobs} at a time\n`);
  const namespaces: LabNamespace[] = [];
  const cleanup = (): void => {
    void Promise.all(namespaces.map((ns) => ns.destroy())).finally(() => process.exit(130));
  };
  process.once('SIGINT', cleanup);
  let failures = 0;
  let done = 0;
  const started = Date.now();
  // one lab per worker and scenario, reused for all its languages (starting a lab process costs seconds)
  const worker = async (): Promise<void> => {
    let ns: LabNamespace | undefined;
    let lab: { name: string; lab: ScenarioLab } | undefined;
    const closeLab = async (): Promise<void> => {
      await lab?.lab.stop();
      lab = undefined;
    };
    try {
      for (let job = jobs.shift(); job; job = jobs.shift()) {
        const { scenario: s, lang, bodies } = job;
        if (namespaceReason(s) && !ns) namespaces.push((ns = await createLabNamespace()));
        const file = corpusFile(lang, s.name, bodies);
        let log: Buffer | undefined;
        for (let attempt = 1; attempt <= 2 && !log; attempt++) {
          try {
            if (lab?.name !== s.name || attempt > 1) {
              await closeLab();
              lab = { name: s.name, lab: await startScenarioLab(s, ns) };
            }
            const { run } = await runOnLab(lab.lab, {
              bodies, waitForAccounts: false,
              ...(lang.locale.startsWith('C.') ? { lang: lang.locale } : { lang: lang.locale, localeDir: LOCALE_DIR }),
            });
            if (/SIPE version/.test(run.logBytes.toString('latin1'))) log = run.logBytes;
          } catch (e) {
            process.stdout.write(`retry ${file}: ${(e as Error).message.split('\n')[0]}\n`);
          }
        }
        done++;
        if (!log) {
          failures++;
          process.stdout.write(`FAIL  ${file}: the client wrote no log\n`);
          continue;
        }
        await mkdir(join(OUT_DIR, lang.dir), { recursive: true });
        await writeFile(join(OUT_DIR, file), gzipSync(log, { level: 9 }));
        if (done % 10 === 0) process.stdout.write(`${done} done, ${jobs.length} left, ${Math.round((Date.now() - started) / 1000)} s\n`);
      }
    } finally {
      await closeLab();
    }
  };
  try {
    await Promise.all(Array.from({ length: args.jobs }, worker));
  } finally {
    process.off('SIGINT', cleanup);
    for (const ns of namespaces) await ns.destroy();
  }
  const tails = await writeTails();
  const manifest = await writeManifest();
  process.stdout.write(`tails: ${tails}; manifest.json: ${manifest.length} logs; ${failures} failed; ${Math.round((Date.now() - started) / 1000)} s\n`);
  return failures ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    process.stderr.write(`fixtures:corpus: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 3;
  },
);
