/**
 * Loaded with `node --import` into a process the benchmark measures: at exit it writes the
 * process's peak resident set size and CPU time (all threads) to the file named by SIPE_DOCTOR_BENCH_RSS.
 */
import { writeFileSync } from 'node:fs';

const file = process.env['SIPE_DOCTOR_BENCH_RSS'];
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    // CPU time of the whole process (all threads), so a figure can be judged on a busy machine
    writeFileSync(file, JSON.stringify({ maxRssKb: u.maxRSS, cpuMicros: u.userCPUTime + u.systemCPUTime }));
  });
}
