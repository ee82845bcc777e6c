import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../src/cli/exit-codes.js';
import { main } from '../src/cli/main.js';
import { createFakeIo } from './helpers/fake-io.js';

/** `sipe-doctor analyze` with the real reader and analyzer, on inputs that are not what they claim. */
const dir = mkdtempSync(join(tmpdir(), 'sd-analyze-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function analyze(file: string): Promise<{ code: number; out: string; err: string }> {
  const io = createFakeIo();
  const code = await main(['analyze', '--json', file], io);
  return { code, out: io.out(), err: io.err() };
}

describe('analyze: hostile and damaged input', () => {
  it('a truncated .gz is diagnosed as far as it goes, and the report says the input is incomplete', async () => {
    const raw = readFileSync(join(import.meta.dirname, '../fixtures/logs/register-403-warning.log'));
    const gz = gzipSync(raw);
    const p = join(dir, 'cut.log.gz');
    writeFileSync(p, gz.subarray(0, gz.length - 12));
    const { code, out } = await analyze(p);
    const report = JSON.parse(out) as { warnings: string[]; verdict: { rootCause: string | null }; evidence: { parseStats?: { incompleteInputs?: string[] } } };
    expect(report.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^The input is incomplete: '.*cut\.log\.gz' is a truncated gzip file/)]));
    expect(report.evidence.parseStats?.incompleteInputs).toHaveLength(1);
    expect(report.verdict.rootCause).toBe('client-version-blocked');
    expect(code).toBe(ExitCode.Problem);
  });

  it('a gzip text bomb stops at the ratio limit: exit 2 with a clear message, no stack', async () => {
    const member = gzipSync(Buffer.from('(10:11:12) sipe: transport_input_common: new buffer length 4096\n'.repeat(16_384)));
    const p = join(dir, 'bomb.log.gz');
    writeFileSync(p, Buffer.concat(Array.from({ length: 96 }, () => member)));
    const { code, err } = await analyze(p);
    expect(code).toBe(ExitCode.Usage);
    expect(err).toMatch(/inflates more than 250×.*decompression bomb/);
    expect(err).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });
});
