/**
 * Triage throughput: generate N debug logs (variants of fixtures/logs: other users and domains,
 * every 5th gzipped, plus a few foreign files) in a temp dir, triage them with the real pipeline
 * (jsonl to a counting null sink, so full reports are built and serialized), and report files per
 * second and the process's peak RSS. `node dist/bench/triage.js [N]` runs it directly (it writes
 * its section of BENCHMARKS.md); bench/run.ts calls runTriageBenchInChild() so the RSS figure is
 * this process's alone.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import { loadTriageDeps } from '../src/cli/commands/triage.js';
import type { CliIo } from '../src/cli/io.js';
import { poolThreads } from '../src/triage/file-pool.js';
import { runTriage } from '../src/triage/run.js';

const START = '<!-- bench:triage:start -->';
const END = '<!-- bench:triage:end -->';
const DEFAULT_FILES = 10_000;

export interface TriageBenchResult {
  files: number;
  bytes: number;
  seconds: number;
  filesPerSecond: number;
  peakRssMb: number;
  outputBytes: number;
  problems: number;
  skipped: number;
  concurrency: number;
  groups: number;
  threads: number;
}

async function generate(dir: string, count: number, fixtures: string): Promise<number> {
  const names = (await readdir(fixtures)).filter((f) => f.endsWith('.log')).sort();
  const sources = await Promise.all(names.map(async (n) => ({ name: n, text: await readFile(join(fixtures, n), 'latin1') })));
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const src = sources[i % sources.length]!;
    const sub = join(dir, `t${Math.floor(i / 500)}`);
    if (i % 500 === 0) await mkdir(sub, { recursive: true });
    // a different user and company per file, so pseudonymization and grouping see real variety
    const text = src.text.split('alice').join(`u${i}`).split('corp.example').join(`corp${i % 97}.example`);
    const data = Buffer.from(text, 'latin1');
    if (i % 5 === 4) {
      const gz = gzipSync(data);
      bytes += gz.length;
      await writeFile(join(sub, `${i}-${src.name}.gz`), gz);
    } else {
      bytes += data.length;
      await writeFile(join(sub, `${i}-${src.name}`), data);
    }
  }
  await writeFile(join(dir, 'README.txt'), 'not a log\n');
  await writeFile(join(dir, 'image.bin'), Buffer.from([0, 1, 2, 3, 0, 255, 0, 7]));
  return bytes;
}

export async function runTriageBench(count = DEFAULT_FILES, concurrency = 4, threads?: number): Promise<TriageBenchResult> {
  const root = resolve(fileURLToPath(import.meta.url), '..', '..', ...(import.meta.url.includes('/dist/') ? ['..'] : []));
  const dir = await mkdtemp(join(tmpdir(), 'sipe-doctor-bench-triage-'));
  try {
    const bytes = await generate(dir, count, join(root, 'fixtures/logs'));
    let outputBytes = 0;
    const io: CliIo = {
      stdout: { write: (s: string) => (outputBytes += Buffer.byteLength(s)) },
      stderr: { write: () => true },
      stdin: Readable.from([]),
      env: {},
      isTTY: false,
      stderrIsTTY: false,
      now: () => new Date(),
      cwd: dir,
    };
    const deps = await loadTriageDeps(io);
    const t0 = performance.now();
    const { totals } = await runTriage({ inputs: [dir], format: 'jsonl', concurrency, threads, redactPii: true, color: false, verbose: false, progress: false }, io, deps);
    const seconds = (performance.now() - t0) / 1000;
    return {
      files: totals.files,
      bytes,
      seconds,
      filesPerSecond: totals.files / seconds,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      outputBytes,
      problems: totals.problems,
      skipped: totals.skipped,
      concurrency,
      groups: totals.groups.length,
      threads: threads ?? poolThreads(concurrency, Infinity),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function triageSection(r: TriageBenchResult): string {
  return [
    START,
    '## triage (batch analysis)',
    '',
    `Measured by \`node dist/bench/triage.js\` (bench/triage.ts; also run by \`npm run bench\`) on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} CPU cores (shared).`,
    `${r.files.toLocaleString('en-US')} files generated from fixtures/logs (other users and domains, every 5th gzipped, 2 foreign files), ${(r.bytes / 1024 / 1024).toFixed(0)} MB on disk;`,
    `\`triage --format jsonl --concurrency ${r.concurrency}\` (full reports built, pseudonymized and serialized: ${(r.outputBytes / 1024 / 1024).toFixed(0)} MB of output to a null sink).`,
    '',
    '| files | seconds | files/s | peak RSS MB | root-cause groups | skipped |',
    '|---:|---:|---:|---:|---:|---:|',
    `| ${r.files} | ${r.seconds.toFixed(1)} | ${r.filesPerSecond.toFixed(0)} | ${r.peakRssMb.toFixed(0)} | ${r.groups} | ${r.skipped} |`,
    '',
    `Files are analysed in ${r.threads} worker thread${r.threads === 1 ? '' : 's'} (one per core but one); the main thread pseudonymizes, renders and writes in input order.`,
    'Memory held across the batch: per-group counters, the in-flight files (each thread analyses one and a worker holds the next), the directories walked, and the',
    'pseudonym tables, capped at 20,000 values per kind (least recently seen forgotten first, placeholders never reused); no report',
    'outlives its output line; text/markdown/json/html lines that follow the summary are spooled to a temporary file past 1 MB.',
    'Peak RSS (one V8 heap per thread) still rises with the batch: compare a smaller run (`node dist/bench/triage.js 2000`); not yet explained.',
    END,
  ].join('\n');
}

export async function writeSection(section: string, file = resolve(process.cwd(), 'BENCHMARKS.md')): Promise<void> {
  let text = await readFile(file, 'utf8').catch(() => '# Benchmarks\n\nSections are written by the scripts named in them; re-run to refresh.\n');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  text = a >= 0 && b > a ? `${text.slice(0, a)}${section}${text.slice(b + END.length)}` : `${text.trimEnd()}\n\n${section}\n`;
  await writeFile(file, text);
}

/** For bench/run.ts: the triage bench in a fresh process (clean peak RSS); it prints and writes its own section. */
export function runTriageBenchInChild(count = Number(process.env['BENCH_TRIAGE_FILES'] ?? DEFAULT_FILES)): Promise<void> {
  return new Promise((done, fail) => {
    execFile(process.execPath, [fileURLToPath(import.meta.url), String(count)], { maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      process.stdout.write(stdout);
      if (err) fail(new Error(`triage bench failed: ${stderr || err.message}`));
      else done();
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const count = Number(process.argv[2] ?? DEFAULT_FILES);
  runTriageBench(count)
    .then(async (r) => {
      const section = triageSection(r);
      process.stdout.write(`${section}\n`);
      await writeSection(section);
    })
    .catch((e: unknown) => {
      process.stderr.write(`triage bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exitCode = 1;
    });
}
