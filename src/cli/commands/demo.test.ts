import { describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { createFakeIo } from '../testing.js';

describe('sipe-doctor demo (real pipeline)', () => {
  it('default scenario: diagnoses client-version-blocked live (check with the lab\'s arguments) and exits 1', async () => {
    // a live check judges the lab's fresh certificates by the clock: use the real one
    const io = createFakeIo({ now: new Date() });
    const code = await main(['demo', '--json'], io);
    expect(io.err()).toContain("lab scenario 'client-version-blocked'");
    expect(code).toBe(1);
    const report = JSON.parse(io.out()) as { verdict?: { rootCause?: string } };
    expect(JSON.stringify(report.verdict)).toContain('client-version-blocked');
    // the password went through the environment, never onto the printed command line
    expect(io.err()).toMatch(/running sipe-doctor check alice@corp\.example .*--server 127\.0\.0\.1:\d+/);
    expect(io.err()).not.toContain('Passw0rd!');
  }, 60_000);
});
