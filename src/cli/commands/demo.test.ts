import { describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { createFakeIo } from '../../../test/helpers/fake-io.js';

describe('sipe-doctor demo (real pipeline)', () => {
  it('default scenario: diagnoses client-version-blocked live (check with the lab\'s arguments) and exits 0 because it named the scenario\'s problem', async () => {
    // a live check judges the lab's fresh certificates by the clock: use the real one
    const io = createFakeIo({ now: new Date() });
    const code = await main(['demo', '--json'], io);
    expect(io.err()).toContain("lab scenario 'client-version-blocked'");
    expect(code).toBe(0);
    const report = JSON.parse(io.out()) as { verdict?: { rootCause?: string } };
    expect(JSON.stringify(report.verdict)).toContain('client-version-blocked');
    // the password went through the environment, never onto the printed command line
    expect(io.err()).toMatch(/running sipe-doctor check alice@corp\.example .*--server 127\.0\.0\.1:\d+/);
    expect(io.err()).not.toContain('Passw0rd!');
  }, 60_000);
});

describe('--expect', () => {
  const sample = 'fixtures/logs/register-403-warning.log';
  it('exits 0 when the verdict names the expected root cause, 1 with a message when it names another', async () => {
    const ok = createFakeIo();
    expect(await main(['analyze', '--expect', 'client-version-blocked', sample], ok)).toBe(0);
    const other = createFakeIo();
    expect(await main(['analyze', '--expect', 'auth-failed', sample], other)).toBe(1);
    expect(other.err()).toContain('expected root cause auth-failed, the verdict is client-version-blocked');
  });
});
