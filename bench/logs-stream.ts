/**
 * Log analyzer streaming benchmark: a generated 200 MB-equivalent debug log (never written to
 * disk) through parseLogSources; prints throughput and heap. Run after `npm run build`:
 *   node --expose-gc dist/bench/logs-stream.js [megabytes]
 */
import { parseLogSources } from '../src/logs/index.js';
import type { LogLine } from '../src/logs/types.js';

const SESSION = [
  '(23:38:56) account: Connecting to account alice@corp.example,.',
  '(23:38:56) connection: Connecting. gc = 0x55f39099b8e0',
  "(23:38:56) sipe: sipe_purple_login: username 'alice@corp.example,'",
  '(23:38:56) sipe: sipe_core_allocate: SIPE version 1.25.0 (Kerberos 5 & NTLM)',
  '(23:38:56) sipe: transport_connect - hostname: 127.0.0.1 port: 5062',
  '(23:38:56) sipe: using SSL',
  '(23:38:56) proxy: Connecting to 127.0.0.1:5062 with no proxy',
  '(23:38:56) proxy: Error connecting to 127.0.0.1:5062 (Connection refused).',
  '(23:38:56) connection: Connection error on 0x55f39099b8e0 (reason: 0 description: SSL Connection Failed)',
];

async function main(): Promise<void> {
  const megabytes = Number(process.argv[2] ?? 200);
  const target = megabytes * 1024 * 1024;
  let bytes = 0;
  let peak = 0;
  async function* gen(): AsyncGenerator<LogLine> {
    let no = 0;
    while (bytes < target) {
      const block = no % 5000 === 0 ? SESSION : [`(10:11:12) nss: Cipher - TLS_RSA_WITH_AES_128_CBC_SHA_${no}: Enabled`];
      for (const text of block) {
        no += 1;
        bytes += text.length + 1;
        if (no % 20_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
        yield { no, text };
      }
    }
  }
  (globalThis as { gc?: () => void }).gc?.();
  const start = process.memoryUsage().heapUsed;
  const t0 = Date.now();
  const { bundle } = await parseLogSources([{ name: 'generated.log', lines: gen() }]);
  const ms = Date.now() - t0;
  const mb = bytes / 1024 / 1024;
  process.stdout.write(`${mb.toFixed(0)} MB, ${bundle.parseStats?.lines} lines in ${ms} ms (${(mb / (ms / 1000)).toFixed(1)} MB/s); ` +
    `observations kept ${bundle.observations.length}; heap start ${(start / 1e6).toFixed(1)} MB, peak ${(peak / 1e6).toFixed(1)} MB\n`);
}

void main();
