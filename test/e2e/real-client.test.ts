/**
 * The real SIPE client (Debian's pidgin-sipe 1.25 in finch) against every lab scenario, one at a time: proves
 * the lab behaves like a Lync / Skype for Business server (what SIPE shows), and that the analyzer
 * (parseLogSources + diagnose) names each scenario's root cause from the log the client wrote.
 * Discovery, web-ticket and certificate scenarios run in a network namespace (root only; skipped otherwise,
 * test/e2e/netns.ts). Skipped entirely when finch / libsipe.so / tmux are missing.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS, findScenario, startLab } from '../../src/lab/index.js';
import { labClientOptions, runSipeClient, sipeClientMissing, type SipeClientRun } from '../../src/lab/sip/sipe-client.js';
import type { Scenario } from '../../src/lab/types.js';
import { analyzeLog } from './analyze-log.js';
import { ANALYZER_GAPS, EXPECT, type Expectation } from './expectations.js';
import { compiledCliMissing, packageRoot } from './lab-process.js';
import { createLabNamespace, netnsSkipReason, type LabNamespace } from './netns.js';
import { runScenario, scenarioSkipReason, type ScenarioRun } from './scenario-run.js';
import { withXmlShim } from './xml-shim.js';

const LOG_DIR = join(packageRoot(), 'test-results', 'e2e');
const missing = sipeClientMissing();
const nsMissing = missing ? undefined : netnsSkipReason() ?? compiledCliMissing();

const skipReason = (s: Scenario): string | undefined => scenarioSkipReason(s, nsMissing);

function checkOutcome(run: SipeClientRun, e: Expectation): void {
  expect(run.log, 'the client wrote a debug log').toMatch(/sipe: sipe_core_allocate: SIPE version/);
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
    expect(run.connectionError, 'no connection error: SIPE hangs').toBeUndefined();
    expect(run.signedIn).toBe(false);
  }
  for (const re of e.log ?? []) expect(run.log).toMatch(re);
  for (const re of e.notLog ?? []) expect(run.log).not.toMatch(re);
}

function describeOutcome(e: Expectation | undefined): string {
  if (!e) return 'runs (no expectation recorded)';
  if (e.signedIn) return 'signs in';
  if (e.error) return `reason ${e.error.reason}: ${e.error.description.source.replace(/^\^|\$$/g, '').replace(/\\/g, '')}`;
  if (e.quiet) return 'hangs without a connection error';
  return 'runs';
}

describe.skipIf(missing !== undefined)('real SIPE client against the lab', () => {
  let ns: LabNamespace | undefined;
  const runs = new Map<string, ScenarioRun>();
  const started = Date.now();

  beforeAll(async () => {
    if (!nsMissing) ns = await createLabNamespace();
  }, 30_000);
  afterAll(async () => {
    await ns?.destroy();
    console.info(`[e2e] ${runs.size} client runs in ${Math.round((Date.now() - started) / 1000)} s`);
  });

  for (const s of SCENARIOS) {
    const skip = skipReason(s);
    const e = EXPECT[s.name];
    describe(s.name, () => {
      it.skipIf(skip !== undefined)(`SIPE ${describeOutcome(e)}${skip ? ` (skipped: ${skip})` : ''}`, async () => {
        const r = await runScenario(s, ns);
        runs.set(s.name, r);
        // kept for inspection (CI artifact): test-results/e2e/<scenario>.log
        await mkdir(LOG_DIR, { recursive: true });
        await writeFile(join(LOG_DIR, `${s.name}.log`), r.run.log);
        expect(e, `an expectation for ${s.name} in test/e2e/expectations.ts`).toBeDefined();
        checkOutcome(r.run, e ?? {});
      }, 90_000);

      const gap = ANALYZER_GAPS[s.name];
      const title = `the analyzer names ${s.expectedRootCause ?? 'no problem'}${gap ? ` (known gap: ${gap})` : ''}`;
      const analyze = async (): Promise<void> => {
        const r = runs.get(s.name);
        expect(r, 'the client run of this scenario').toBeDefined();
        if (!r) return;
        const a = await analyzeLog(`${s.name}.log`, r.run.log);
        if ('unavailable' in a) throw new Error(`analyzer unavailable: ${a.unavailable}`);
        const why = `verdict for ${s.name}: ${a.rootCause ?? 'none'} (${a.outcome}; findings: ${a.all.join(', ') || 'none'})`;
        if (e?.signedIn && s.expectedRootCause !== null && a.outcome === 'signed-in') {
          // SIPE signs in despite the fault: the verdict is "signed in", the fault a finding beside it
          expect(a.all, why).toContain(s.expectedRootCause);
        } else {
          expect(a.rootCause, why).toBe(s.expectedRootCause);
        }
      };
      if (skip !== undefined) it.skip(title, analyze);
      else if (gap) it.fails(title, analyze, 30_000);
      else it(title, analyze, 30_000);
    });
  }

  it('client-version-blocked: a Lync User-Agent signs in', async () => {
    const s = findScenario('client-version-blocked');
    expect(s).toBeDefined();
    const lab = await startLab({ scenario: 'client-version-blocked' });
    try {
      const run = await withXmlShim(() => runSipeClient({
        ...labClientOptions(lab, s!), useragent: 'UCCAPI/15.0.4420.1017 OC/15.0.4420.1017 (Microsoft Lync)',
      }));
      checkOutcome(run, { signedIn: true });
    } finally {
      await lab.stop();
    }
  }, 60_000);
});

describe.skipIf(missing === undefined)('real SIPE client', () => {
  it.skip(`skipped: ${missing ?? ''}`, () => undefined);
});
