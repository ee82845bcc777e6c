import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../src/cli/exit-codes.js';
import { main } from '../src/cli/main.js';
import { createFakeIo } from './helpers/fake-io.js';

/** `sipe-doctor analyze` on what users paste: tails, a few lines, bare SIP messages (fixtures/partial). */
const fixture = (name: string): string => join(import.meta.dirname, '../fixtures/partial', name);

interface Out { code: number; warnings: string[]; verdict: { rootCause: string | null; confidence: string | null; outcome: string; summary: string } }

async function analyze(name: string): Promise<Out> {
  const io = createFakeIo();
  const code = await main(['analyze', '--json', fixture(name)], io);
  const out = io.out();
  const report = out ? (JSON.parse(out) as { verdict: Out['verdict']; warnings: string[] }) : undefined;
  return { code, warnings: report?.warnings ?? [], verdict: report?.verdict ?? { rootCause: null, confidence: null, outcome: 'none', summary: io.err() } };
}

describe('partial input is analysed, not refused', () => {
  it('a tail whose only evidence is NSS SEC_ERROR_EXPIRED_CERTIFICATE for the SIP host: expired certificate, inferred (no SIPE line ties it to the account)', async () => {
    const { code, verdict, warnings } = await analyze('tail-nss-expired.log');
    expect(warnings).toEqual(expect.arrayContaining([expect.stringMatching(/is a fragment of a log \(no sign-in starts in it\)/)]));
    expect(verdict).toMatchObject({ rootCause: 'tls-certificate-expired', confidence: 'inferred', outcome: 'failed' });
    expect(verdict.summary).toMatch(/^From a fragment of a log/);
    expect(verdict.summary).toMatch(/log from the start of the sign-in would show/);
    expect(code).toBe(ExitCode.Problem);
  });

  it("three pasted lines: `Proxy protocol 'http' is not supported` + Connection error: the proxy is the cause", async () => {
    const { verdict } = await analyze('three-lines-proxy-unsupported.log');
    expect(verdict).toMatchObject({ rootCause: 'proxy-failed', confidence: 'inferred', outcome: 'failed' });
  });

  it('a bare SIP response pasted without (HH:MM:SS) prefixes: 403 with the client-version Warning', async () => {
    const { code, verdict, warnings } = await analyze('bare-register-403.txt');
    expect(warnings).toEqual(expect.arrayContaining([expect.stringMatching(/holds SIP\/HTTP message\(s\) pasted without the debug log/)]));
    expect(verdict).toMatchObject({ rootCause: 'client-version-blocked', confidence: 'confirmed', outcome: 'failed' });
    expect(verdict.summary).toMatch(/^From the pasted message\(s\) alone: .* a debug log of the whole sign-in/);
    expect(code).toBe(ExitCode.Problem);
  });

  it('a bare 404 with ms-diagnostics 4005: user not SIP-enabled', async () => {
    expect((await analyze('bare-register-404.txt')).verdict).toMatchObject({ rootCause: 'user-not-sip-enabled', confidence: 'confirmed' });
  });

  it('text that is not a log at all still exits 2', async () => {
    const { code, verdict } = await analyze('not-a-log.txt');
    expect(code).toBe(ExitCode.Usage);
    expect(verdict.summary).toMatch(/does not look like a Pidgin\/Finch debug log/);
  });
});
