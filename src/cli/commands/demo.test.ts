import { describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { createFakeIo } from '../testing.js';

describe('sipe-doctor demo (real pipeline)', () => {
  it('default scenario: diagnoses client-version-blocked from the recorded SIPE log and exits 1', async () => {
    const io = createFakeIo();
    const code = await main(['demo', '--json'], io);
    expect(io.err()).toContain("lab scenario 'client-version-blocked'");
    expect(code).toBe(1);
    const report = JSON.parse(io.out()) as { verdict?: { rootCause?: string } };
    expect(JSON.stringify(report.verdict)).toContain('client-version-blocked');
  }, 60_000);
});
