/**
 * Loaded with `node --import` into a process the benchmark measures: at exit it writes the
 * process's peak resident set size (all threads) to the file named by SIPE_DOCTOR_BENCH_RSS.
 */
import { writeFileSync } from 'node:fs';

const file = process.env['SIPE_DOCTOR_BENCH_RSS'];
if (file) {
  process.on('exit', () => {
    writeFileSync(file, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }));
  });
}
