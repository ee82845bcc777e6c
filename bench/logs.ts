/**
 * Log-analysis benchmark (run by `npm run bench`; alone: `node dist/bench/logs.js`). Generates the
 * inputs of bench/log-inputs.ts in a temp dir and measures, in the same run and over the same bytes:
 * - the reference: `node dist/bench/readline-count.js FILE` (Node's readline counting lines);
 * - `node dist/bin/sipe-doctor.js analyze --json FILE`: the CLI itself, whole process (start-up,
 *   reading, analysis, diagnosis, report; the report goes to a null sink).
 * Speed is reported as a ratio: reference seconds / analyze seconds (1.0× = as fast as readline
 * merely counting lines). Peak RSS is the process's (all threads), read at exit (bench/rss-hook.ts).
 * Each figure is the median of BENCH_LOG_RUNS runs (default 3), reference and analyze alternating.
 * Environment: BENCH_REAL_MB (300), BENCH_DAY_MESSAGES (100000), BENCH_REGISTER_EXCHANGES
 * (1000,100000,1000000), BENCH_BIN (another build's bin, to compare), BENCH_NO_WRITE=1 (print only).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeBenchSection } from './sections.js';
import { writeRealSessions, writeRegisterLoop, writeSignedInDay } from './log-inputs.js';

const START = '<!-- bench:logs:start -->';
const END = '<!-- bench:logs:end -->';
const here = dirname(fileURLToPath(import.meta.url));
/** the repository (this file runs from dist/bench) */
const ROOT = resolve(here, '..', ...(import.meta.url.includes('/dist/') ? ['..'] : []));
const DIST = import.meta.url.includes('/dist/') ? resolve(here, '..') : join(ROOT, 'dist');

const RUNS = Number(process.env['BENCH_LOG_RUNS'] ?? 3);
const REAL_MB = Number(process.env['BENCH_REAL_MB'] ?? 300);
const DAY_MESSAGES = Number(process.env['BENCH_DAY_MESSAGES'] ?? 100_000);
const REGISTER_EXCHANGES = (process.env['BENCH_REGISTER_EXCHANGES'] ?? '1000,100000,1000000').split(',').map(Number).filter((n) => n > 0);
const BIN = process.env['BENCH_BIN'] ? resolve(process.env['BENCH_BIN']) : join(DIST, 'bin/sipe-doctor.js');

interface Run {
  seconds: number;
  maxRssMb: number;
  /** user + system CPU seconds of the process, all threads */
  cpuSeconds?: number;
}

export interface LogBenchRow {
  input: string;
  megabytes: number;
  readline?: Run;
  analyze: Run;
  /** reference seconds / analyze seconds */
  ratio?: number;
  ratioTarget?: number;
  rssTargetMb: number;
  verdict: string;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

/** Run `node --import rss-hook <args>` to its end: wall seconds and peak RSS. */
export async function measure(dir: string, args: readonly string[], env: Record<string, string> = {}): Promise<Run & { code: number; stdout: string }> {
  const rssFile = join(dir, `rss-${process.hrtime.bigint()}.json`);
  const hook = pathToFileURL(join(DIST, 'bench/rss-hook.js')).href;
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', hook, ...args], {
    env: { ...process.env, ...env, SIPE_DOCTOR_BENCH_RSS: rssFile, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    if (stdout.length < 4096) stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const code = await new Promise<number>((r) => child.on('close', (c) => r(c ?? -1)));
  const seconds = (performance.now() - t0) / 1000;
  if (code !== 0 && code !== 1) throw new Error(`${args.join(' ')} exited ${code}: ${stderr.slice(0, 2000)}`);
  const { maxRssKb, cpuMicros } = JSON.parse(await readFile(rssFile, 'utf8')) as { maxRssKb: number; cpuMicros?: number };
  await rm(rssFile, { force: true });
  return { seconds, maxRssMb: maxRssKb / 1024, ...(cpuMicros !== undefined ? { cpuSeconds: cpuMicros / 1e6 } : {}), code, stdout };
}

/** analyze as the CLI runs it (reading half in a worker thread on a large file), and all in one thread */
const VARIANTS: readonly { label: string; env: Record<string, string> }[] = [
  { label: '', env: {} },
  { label: ' — one thread (SIPE_DOCTOR_LOG_WORKER=0)', env: { SIPE_DOCTOR_LOG_WORKER: '0' } },
];
/** …and, on the log of many sessions, with every attempt read in full (no light reading: src/logs/light.ts) */
const REAL_VARIANTS: readonly { label: string; env: Record<string, string>; noRatioTarget?: boolean }[] = [
  ...VARIANTS,
  // for comparison only: the target is for analyze as it runs
  { label: ' — every attempt read in full (SIPE_DOCTOR_LOG_LIGHT=0)', env: { SIPE_DOCTOR_LOG_LIGHT: '0' }, noRatioTarget: true },
];

async function bench(dir: string, file: string, input: string, megabytes: number, targets: { ratio?: number; rssMb: number; noRatioTarget?: boolean }, runs = RUNS, env: Record<string, string> = {}): Promise<LogBenchRow> {
  const ref: Run[] = [];
  const ana: Run[] = [];
  for (let i = 0; i < runs; i += 1) {
    if (targets.ratio !== undefined) ref.push(await measure(dir, [join(DIST, 'bench/readline-count.js'), file]));
    ana.push(await measure(dir, [BIN, 'analyze', '--json', file], env));
  }
  const analyze = { seconds: median(ana.map((r) => r.seconds)), maxRssMb: Math.max(...ana.map((r) => r.maxRssMb)) };
  const row: LogBenchRow = { input, megabytes, analyze, rssTargetMb: targets.rssMb, verdict: '' };
  if (ref.length) {
    row.readline = { seconds: median(ref.map((r) => r.seconds)), maxRssMb: Math.max(...ref.map((r) => r.maxRssMb)) };
    row.ratio = row.readline.seconds / analyze.seconds;
    if (targets.ratio !== undefined && !targets.noRatioTarget) row.ratioTarget = targets.ratio;
  }
  const speedOk = row.ratio === undefined || row.ratioTarget === undefined || row.ratio >= row.ratioTarget;
  row.verdict = speedOk && analyze.maxRssMb < targets.rssMb ? 'met' : 'NOT met';
  process.stdout.write(`${input}: ${JSON.stringify(row)}\n`);
  return row;
}

function table(rows: readonly LogBenchRow[]): string {
  const head = '| input | MB | readline s | analyze s | speed (× readline) | target | analyze peak RSS MB | target | |\n|---|---:|---:|---:|---:|---:|---:|---:|---|';
  return [head, ...rows.map((r) => `| ${r.input} | ${r.megabytes.toFixed(0)} | ${r.readline ? r.readline.seconds.toFixed(2) : '–'} | ${r.analyze.seconds.toFixed(2)} | `
    + `${r.ratio !== undefined ? `${r.ratio.toFixed(2)}×` : '–'} | ${r.ratioTarget !== undefined ? `≥ ${r.ratioTarget.toFixed(1)}×` : '–'} | ${r.analyze.maxRssMb.toFixed(0)} | < ${r.rssTargetMb} | ${r.verdict} |`)].join('\n');
}

export async function runLogsBench(): Promise<LogBenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'sipe-doctor-bench-logs-'));
  const rows: LogBenchRow[] = [];
  try {
    const real = join(dir, 'real-sessions.log');
    const r = await writeRealSessions(real, ROOT, REAL_MB * 1024 * 1024);
    for (const v of REAL_VARIANTS) {
      rows.push(await bench(dir, real, `recorded sessions (fixtures) concatenated: ${r.sessions.toLocaleString('en')} sessions${v.label}`, r.bytes / 1048576, { ratio: 1.0, rssMb: 200, noRatioTarget: v.noRatioTarget === true }, RUNS, v.env));
    }
    await rm(real, { force: true });
    const day = join(dir, 'signed-in-day.log');
    const d = await writeSignedInDay(day, ROOT, DAY_MESSAGES);
    for (const v of VARIANTS) {
      rows.push(await bench(dir, day, `signed-in day: ${d.messages.toLocaleString('en')} SIP messages after sign-in, failed reconnect${v.label}`, d.bytes / 1048576, { ratio: 0.5, rssMb: 200 }, RUNS, v.env));
    }
    await rm(day, { force: true });
    for (const n of REGISTER_EXCHANGES) {
      const loop = join(dir, `register-loop-${n}.log`);
      const l = await writeRegisterLoop(loop, ROOT, n);
      rows.push(await bench(dir, loop, `${n.toLocaleString('en')} REGISTER exchanges in one attempt`, l.bytes / 1048576, { rssMb: 200 }, 1));
      await rm(loop, { force: true });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

async function writeSection(rows: readonly LogBenchRow[]): Promise<void> {
  const load = loadavg().map((l) => l.toFixed(1)).join(' ');
  const section = [
    START,
    '## Log analysis (analyze) against readline',
    '',
    `Measured by \`npm run bench\` (bench/logs.ts; alone \`node dist/bench/logs.js\`) on ${new Date().toISOString().slice(0, 10)}, Node ${process.version},`,
    `${cpus().length} CPU cores shared with other jobs (load average ${load} at the end). Inputs generated into a temp dir (bench/log-inputs.ts).`,
    'Each line: `node dist/bin/sipe-doctor.js analyze --json FILE` - the CLI, whole process (start-up, reading, analysis, diagnosis,',
    'JSON report to a null sink) - against the reference `node dist/bench/readline-count.js FILE` (readline counting the lines of the same',
    `file), median of ${RUNS} alternating runs (one run for the REGISTER loops, which have no speed target); speed = reference seconds /`,
    'analyze seconds; peak RSS = the process\'s maximum resident set size, all threads. By default a log of 8 MiB or more is scanned,',
    'decoded and redacted in a worker thread (its heap capped: src/logs/parallel.ts) while the main thread recognizes; the "one thread"',
    'lines run the same CLI with SIPE_DOCTOR_LOG_WORKER=0. Both cores are shared: a busy machine takes the worker\'s gain away first.',
    'A file of 16 MiB or more is first searched for its sign-in attempts; the ones the evidence leaves out (all but the last 25, less two',
    'read in full before them) are read lightly: only who signed in, their messages counted, not read (src/logs/light.ts; the evidence and',
    'the line and message counts are those of a full reading). The "every attempt read in full" line turns that off (SIPE_DOCTOR_LOG_LIGHT=0).',
    '',
    table(rows),
    '',
    'Inputs: the recorded fixture sessions (fixtures/lab, fixtures/logs, UTF-8 ones) concatenated to the size; a signed-in day as SIPE 1.25',
    'logs it with PURPLE_UNSAFE_DEBUG (the recorded sign-in, then presence NOTIFY + 200, roaming BENOTIFY, batched presence SUBSCRIBE + 200,',
    'SERVICE publish + 200 and a re-REGISTER every two hours, in the recorded session\'s shapes, then a dropped connection and a refused',
    'reconnect); REGISTER refreshes in one attempt as SIPE 1.24+ logs them by default (message markers without bodies).',
    END,
  ].join('\n');
  await writeBenchSection(join(ROOT, 'BENCHMARKS.md'), START, END, section);
}

export async function logsBenchSection(): Promise<void> {
  const rows = await runLogsBench();
  process.stdout.write(`${table(rows)}\n`);
  if (process.env['BENCH_NO_WRITE'] !== '1') await writeSection(rows);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  logsBenchSection().catch((e: unknown) => {
    process.stderr.write(`logs bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 1;
  });
}
