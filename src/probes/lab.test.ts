/**
 * `check` against every lab scenario: the diagnosis must name the scenario's expected root cause,
 * and silent / slow scenarios must finish within the budget. Loopback only; each lab is stopped.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createNodePorts } from '../adapters/node-ports.js';
import { diagnose } from '../pipeline/diagnose.js';
import { SCENARIOS, startLab, type LabHandle } from '../lab/index.js';
import type { AuthScheme } from '../evidence/kinds.js';
import { runCheckDetailed } from './run-check.js';

const TIMEOUT_MS = 1500;
const BUDGET_MS = 12_000;

/**
 * Scenarios check cannot reproduce yet: the TLS-DSK path needs SIPE's web-ticket and certificate
 * provisioning flow (SOAP, federated sign-in, CSR), which `check` does not implement. For them
 * check reports the TLS-DSK challenge and a probe error saying the credentials were not tested.
 */
const NOT_REPRODUCIBLE = new Set<string>([]);

const authOf = (a: string): AuthScheme => (a === 'krb5' ? 'kerberos' : (a as AuthScheme));

export async function checkLab(lab: LabHandle, extra: { budgetMs?: number; watchMs?: number } = {}) {
  const def = lab.definition;
  const ports = createNodePorts({ dnsServer: `${lab.dns.host}:${lab.dns.port}`, extraCaPem: [lab.caPem], timeoutMs: TIMEOUT_MS, httpPortMap: { 443: lab.https, 80: lab.http } });
  try {
    return await runCheckDetailed(lab.user, {
      ...(lab.pidginServer ? { server: lab.pidginServer } : {}),
      transport: def.client.transport,
      authentication: authOf(def.client.auth),
      ...(def.client.login ? { login: def.client.login } : {}),
      password: lab.clientPassword,
      timeoutMs: TIMEOUT_MS,
      budgetMs: extra.budgetMs ?? BUDGET_MS,
      ...(extra.watchMs ? { watchMs: extra.watchMs } : {}),
    }, ports);
  } finally {
    await ports.close();
  }
}

describe('check against the lab', () => {
  let lab: LabHandle | undefined;
  afterEach(async () => {
    await lab?.stop();
    lab = undefined;
  });

  for (const s of SCENARIOS) {
    const run = NOT_REPRODUCIBLE.has(s.name) ? it.skip : it;
    run(`${s.name} → ${s.expectedRootCause ?? 'no problem'}`, async () => {
      lab = await startLab({ scenario: s.name });
      const started = performance.now();
      const r = await checkLab(lab, s.sip.behaviour.kind === 'deregister' ? { watchMs: s.sip.behaviour.afterMs + 2000 } : {});
      const wall = performance.now() - started;
      const report = diagnose(r.bundle, { now: new Date(), startedAt: new Date().toISOString(), durationMs: r.durationMs, version: 'test', mode: 'live', partial: r.partial });
      const summary = `${report.verdict.rootCause} — ${report.verdict.summary}\n${report.findings.map((f) => `  ${f.role} ${f.rootCause} ${f.ruleId}`).join('\n')}\n${r.bundle.observations.map((o) => `  ${o.kind} ${JSON.stringify(o.data).slice(0, 220)}`).join('\n')}`;
      // every scenario reproduces a blocking failure (or none): the verdict names it
      expect(report.verdict.rootCause, summary).toBe(s.expectedRootCause);
      expect(wall).toBeLessThan(BUDGET_MS + 2000);
      // secrets never reach the evidence
      const text = JSON.stringify(r.bundle);
      expect(text).not.toContain(lab.clientPassword);
      expect(text).not.toMatch(/TlRMTVNTUA|gssapi-data="[^"<]/);
      expect(r.partial).toBe(false);
    }, 30_000);
  }
});
