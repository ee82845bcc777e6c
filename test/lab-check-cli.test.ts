/**
 * For every lab scenario, the `sipe-doctor check …` command the lab prints
 * (RunningLab.checkArgs, password in RunningLab.checkEnv) diagnoses the scenario's root cause as
 * the verdict, exit 1; healthy scenarios give no root cause, exit 0. In-process, loopback only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { createFakeIo } from './helpers/fake-io.js';
import { SCENARIOS, startLab, type LabHandle } from '../src/lab/index.js';

/** the whole check may take its default budget at most; the printed --timeout keeps silent scenarios short */
const WALL_MS = 20_000;

interface JsonReport {
  verdict: { rootCause: string | null; outcome: string; summary: string };
  findings: { role: string; rootCause: string; ruleId: string; remediation?: { summary: string } }[];
}

describe('the printed check command reproduces every lab scenario', () => {
  let lab: LabHandle | undefined;
  afterEach(async () => {
    await lab?.stop();
    lab = undefined;
  });

  for (const s of SCENARIOS) {
    it(`${s.name} → ${s.expectedRootCause ?? 'no root cause'}`, async () => {
      lab = await startLab({ scenario: s.name });
      expect(lab.checkArgs.join(' ')).not.toContain(lab.clientPassword);
      const io = createFakeIo({ env: { ...lab.checkEnv }, now: new Date() });
      const started = performance.now();
      const code = await main(['check', ...lab.checkArgs, '--json'], io);
      const wall = performance.now() - started;
      const report = JSON.parse(io.out()) as JsonReport;
      const why = `${report.verdict.summary}\n${report.findings.map((f) => `  ${f.role} ${f.rootCause} (${f.ruleId})`).join('\n')}\n${io.err()}`;
      expect(report.verdict.rootCause, why).toBe(s.expectedRootCause);
      expect(code, why).toBe(s.expectedRootCause === null ? 0 : 1);
      if (s.expectedRootCause !== null) {
        const primary = report.findings.find((f) => f.role === 'primary');
        expect(primary?.remediation?.summary, why).toBeTruthy();
      }
      expect(wall).toBeLessThan(WALL_MS);
      expect(io.out()).not.toContain(lab.clientPassword);
    }, WALL_MS + 10_000);
  }
});
