/**
 * The real SIPE client (Debian's pidgin-sipe 1.25 in finch) against every lab scenario it can reach, one at a
 * time: proves the lab behaves like a Lync / Skype for Business server, and that the analyzer names each
 * scenario's root cause from the log the client wrote. Skipped when finch / libsipe.so / tmux are missing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SCENARIOS, startLab } from '../../src/lab/index.js';
import { headlessSkipReason, labClientOptions, runSipeClient, sipeClientMissing, type SipeClientRun } from '../../src/lab/sip/sipe-client.js';
import { analyzeLog } from './analyze-log.js';

const missing = sipeClientMissing();

/** What SIPE 1.25 does against each scenario (libpurple reason number + description, or no error). */
interface Expectation {
  error?: { reason: number; description: RegExp };
  signedIn?: boolean;
  /** no connection error within the run; `sawStatus` = a response SIPE received and ignored */
  quiet?: { sawStatus?: number; registerUnanswered?: boolean };
}

const EXPECT: Record<string, Expectation> = {
  healthy: { signedIn: true },
  'auth-failed': { error: { reason: 2, description: /^Authentication failed$/ } },
  'client-version-blocked': {
    error: { reason: 7, description: /^You have been rejected by the server: You are currently not using the recommended version of the client$/ },
  },
  'user-not-sip-enabled': {
    error: { reason: 1, description: /^Not found: Destination URI either not enabled for SIP or does not exist\.\. Please contact your Administrator$/ },
  },
  'remote-access-denied': { error: { reason: 7, description: /^You have been rejected by the server: From URI not enabled for remote access\.$/ } },
  'sip-uri-mismatch-register': { error: { reason: 7, description: /^You have been rejected by the server: Credentials provided are not authorized/ } },
  'server-error': { error: { reason: 0, description: /^Service unavailable: One or more critical applications are not running\.$/ } },
  'register-timeout': { quiet: { registerUnanswered: true } },
  'register-unhandled-response': { quiet: { sawStatus: 480 } },
  'auth-scheme-mismatch': { error: { reason: 3, description: /^Incompatible authentication scheme chosen$/ } },
  'server-disconnected': { error: { reason: 0, description: /^Server has disconnected$/ } },
  'signed-out-by-server': { error: { reason: 1, description: /^You have been rejected by the server: / } },
  'clock-skew': { error: { reason: 2, description: /^Authentication failed$/ } },
  'tcp-connect-refused': { error: { reason: 0, description: /^(SSL Connection Failed|Could not connect)$/ } },
};

function checkOutcome(run: SipeClientRun, e: Expectation): void {
  if (e.signedIn) {
    expect(run.signedIn, 'SIPE logs "authentication handshake completed successfully"').toBe(true);
    expect(run.connectionError).toBeUndefined();
  }
  if (e.error) {
    expect(run.connectionError, 'SIPE logs a Connection error line').toBeDefined();
    expect(run.connectionError?.reason).toBe(e.error.reason);
    expect(run.connectionError?.description).toMatch(e.error.description);
  }
  if (e.quiet) {
    expect(run.connectionError).toBeUndefined();
    expect(run.log).toMatch(/MESSAGE START >>>>>>>>>> SIP\([^)]*\)[^\n]*\nREGISTER sip:/);
    if (e.quiet.registerUnanswered) expect(run.log).not.toMatch(/MESSAGE START <<<<<<<<<< SIP/);
    if (e.quiet.sawStatus !== undefined) expect(run.log).toMatch(new RegExp(`\\nSIP/2\\.0 ${e.quiet.sawStatus} `));
  }
}

describe.skipIf(missing !== undefined)('real SIPE client against the lab', () => {
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => { await stop?.(); stop = undefined; });

  for (const s of SCENARIOS) {
    const why = headlessSkipReason(s);
    it.skipIf(why !== undefined)(`${s.name}${why ? ` (skipped: ${why})` : ''}`, async () => {
      const lab = await startLab({ scenario: s.name });
      stop = () => lab.stop();
      const e = EXPECT[s.name] ?? {};
      const run = await runSipeClient(labClientOptions(lab, s));
      expect(run.log, 'the client wrote a debug log').toMatch(/sipe: sipe_core_allocate: SIPE version/);
      checkOutcome(run, e);

      const a = await analyzeLog(`${s.name}.log`, run.log);
      if ('unavailable' in a) {
        console.warn(`[${s.name}] analyzer check skipped: ${a.unavailable}`);
      } else {
        expect(a.rootCause, `analyzer verdict for ${s.name} (findings: ${a.all.join(', ') || 'none'})`).toBe(s.expectedRootCause);
      }
    }, 60_000);
  }

  it('client-version-blocked: a Lync User-Agent signs in', async () => {
    const s = SCENARIOS.find((x) => x.name === 'client-version-blocked');
    expect(s).toBeDefined();
    const lab = await startLab({ scenario: 'client-version-blocked' });
    stop = () => lab.stop();
    const run = await runSipeClient({
      ...labClientOptions(lab, s!), useragent: 'UCCAPI/15.0.4420.1017 OC/15.0.4420.1017 (Microsoft Lync)',
    });
    checkOutcome(run, { signedIn: true });
  }, 60_000);
});

describe.skipIf(missing === undefined)('real SIPE client', () => {
  it.skip(`skipped: ${missing ?? ''}`, () => undefined);
});
