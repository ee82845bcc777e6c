import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { Resolver } from 'node:dns/promises';
import { main } from '../main.js';
import { createFakeIo, type FakeIo } from '../../../test/helpers/fake-io.js';
import { ROOT_CAUSES, ROOT_CAUSE_IDS } from '../../rules/root-causes.js';
import type { AnalyzeArgs } from './analyze.js';
import type { CheckArgs } from './check.js';
import { createDemoCommand, runDemo, type DemoDeps } from './demo.js';

async function waitFor(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('sipe-doctor lab', () => {
  it('--list --json lists ≥ 20 scenarios covering every server-side root cause', async () => {
    const io = createFakeIo();
    expect(await main(['lab', '--list', '--json'], io)).toBe(0);
    const rows = JSON.parse(io.out()) as { name: string; rootCause: string | null; description: string }[];
    expect(rows.length).toBeGreaterThanOrEqual(20);
    const covered = new Set(rows.map((r) => r.rootCause));
    expect(ROOT_CAUSE_IDS.filter((id) => ROOT_CAUSES[id].serverSide && !covered.has(id))).toEqual([]);
    expect(rows.find((r) => r.name === 'healthy')).toMatchObject({ rootCause: null });
  });

  it('--list prints a table', async () => {
    const io = createFakeIo();
    expect(await main(['lab', '--list'], io)).toBe(0);
    expect(io.out()).toMatch(/^tls-certificate-expired\s+tls-certificate-expired\s+/m);
  });

  it('--json prints one line with the lab coordinates, serves until Ctrl-C, then stops', async () => {
    const io: FakeIo = createFakeIo();
    const done = main(['lab', '--scenario', 'auth-failed', '--json'], io);
    await waitFor(() => io.out().includes('\n'));
    const j = JSON.parse(io.out().trim()) as Record<string, unknown> & { dns: string; checkArgs: string[]; caFile: string; pidgin: Record<string, string> };
    expect(j).toMatchObject({ scenario: 'auth-failed', rootCause: 'auth-failed', user: 'alice@corp.example', password: 'Wr0ng-Passw0rd!' });
    expect(j.dns).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(j.checkArgs).toEqual(['alice@corp.example', '--dns-server', j.dns, '--ca', j.caFile, '--server', j.pidgin['server'], '--transport', 'tls', '--auth', 'ntlm',
      '--port-map', `443=${String(j['https'])},80=${String(j['http'])}`]);
    expect(j['env']).toEqual({ SIPE_DOCTOR_PASSWORD: 'Wr0ng-Passw0rd!' });
    expect(j.checkArgs.join(' ')).not.toContain('Wr0ng');
    expect(j.pidgin).toMatchObject({ connectionType: 'SSL/TLS', authentication: 'NTLM' });
    expect(existsSync(j.caFile)).toBe(true);
    // it is really serving
    const r = new Resolver({ timeout: 1000, tries: 1 });
    r.setServers([j.dns]);
    expect(await r.resolve4('pool.corp.example')).toEqual(['127.0.0.1']);
    io.interrupt();
    expect(await done).toBe(0);
    expect(existsSync(j.caFile)).toBe(false);
  });

  it('text output has the Pidgin settings and the check command', async () => {
    const io = createFakeIo();
    const done = main(['lab', '--scenario', 'client-version-blocked'], io);
    await waitFor(() => io.out().includes('Ctrl-C'));
    const out = io.out();
    expect(out).toMatch(/Username\s+alice@corp\.example/);
    expect(out).toMatch(/Server\[:Port\]\s+127\.0\.0\.1:\d+/);
    expect(out).toMatch(/Connection type\s+SSL\/TLS/);
    expect(out).toMatch(/Authentication scheme\s+NTLM/);
    // 80 columns: the long command continues with " \\" (it still pastes as one command)
    expect(out.replace(/ \\\n\s+/g, " ")).toMatch(/sipe-doctor check alice@corp\.example --dns-server 127\.0\.0\.1:\d+ --ca \S+lab-ca\.pem/);
    io.interrupt();
    expect(await done).toBe(0);
  });

  it('unknown scenario and bad ports are usage errors (exit 2)', async () => {
    const io = createFakeIo();
    expect(await main(['lab', '--scenario', 'nope'], io)).toBe(2);
    expect(io.err()).toContain("unknown scenario 'nope'");
    const io2 = createFakeIo();
    expect(await main(['lab', '--dns-port', '70000'], io2)).toBe(2);
  });
});

describe('sipe-doctor demo', () => {
  const unused = async (): Promise<number> => { throw new Error('not this command'); };

  it('without check: analyses the recorded log of the scenario while the lab runs, then stops it', async () => {
    const calls: AnalyzeArgs[] = [];
    const deps: DemoDeps = {
      check: unused,
      analyze: async (args) => { calls.push(args); return 1; },
      hasCheck: async () => false,
      fixturesDir: new URL('../../../fixtures/lab/', import.meta.url).pathname,
      runClient: undefined,
    };
    const io = createFakeIo();
    expect(await runDemo({ scenario: 'client-version-blocked', json: true }, io, deps)).toBe(1);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.files).toHaveLength(1);
    expect(calls[0]?.files[0]).toMatch(/fixtures\/lab\/client-version-blocked\.log$/);
    expect(calls[0]?.json).toBe(true);
  });

  it('with check: runs check with the lab arguments', async () => {
    const calls: CheckArgs[] = [];
    const io = createFakeIo();
    const cmd = createDemoCommand(async () => ({ check: async (args) => { calls.push(args); return 0; }, analyze: unused, hasCheck: async () => true, fixturesDir: undefined, runClient: undefined }));
    expect(await main(['demo', '--scenario', 'healthy'], io, [cmd])).toBe(0);
    expect(calls[0]?.address).toBe('alice@corp.example');
    expect(calls[0]?.dnsServer).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('a scenario without recording and without a client is an input error', async () => {
    const io = createFakeIo();
    const deps: DemoDeps = { check: unused, analyze: unused, hasCheck: async () => false, fixturesDir: undefined, runClient: undefined };
    await expect(runDemo({ scenario: 'healthy' }, io, deps)).rejects.toMatchObject({ code: 'E_INPUT' });
  });
});
