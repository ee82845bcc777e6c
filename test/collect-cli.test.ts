/**
 * `sipe-doctor collect` in-process against the loopback lab, without the real client (hidden with
 * SIPE_DOCTOR_NO_CLIENT=1, and a fake capture that replays a recorded client log): the bundle is
 * useful on its own (the live check's root cause, the reason the client was skipped), holds no
 * secret, the user's profile stays byte-identical, and the helpdesk commands read it.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, loadCollectDeps, type CollectArgs } from '../src/cli/commands/collect.js';
import { main } from '../src/cli/main.js';
import { startLab, type LabHandle } from '../src/lab/index.js';
import type { RealClientRequest } from '../src/pipeline/real-client.js';
import { createFakeIo } from './helpers/fake-io.js';
import { snapshotDir } from './helpers/dir-snapshot.js';

const RECORDED = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'lab', 'auth-failed.log'));

function xml(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A user's ~/.purple with the lab account (password stored, as Pidgin does when "Remember password" is on). */
function fakeHome(lab: LabHandle, root: string): string {
  const home = join(root, 'home');
  mkdirSync(join(home, '.purple', 'certificates', 'x509', 'tls_peers'), { recursive: true });
  writeFileSync(join(home, '.purple', 'certificates', 'x509', 'tls_peers', '127.0.0.1'), readFileSync(lab.sipCertFile));
  writeFileSync(join(home, '.purple', 'accounts.xml'), [
    "<?xml version='1.0' encoding='UTF-8' ?>", "<account version='1.0'>", ' <account>', '  <protocol>prpl-sipe</protocol>',
    `  <name>${xml(lab.user)},</name>`, `  <password>${xml(lab.clientPassword)}</password>`, '  <settings>',
    `   <setting name='server' type='string'>${xml(lab.pidginServer)}</setting>`,
    "   <setting name='transport' type='string'>tls</setting>", "   <setting name='authentication' type='string'>ntlm</setting>",
    '  </settings>', ' </account>', '</account>', '',
  ].join('\n'), { mode: 0o600 });
  return home;
}

describe('collect without the real client (wrong password in the lab)', () => {
  let lab: LabHandle;
  let dir: string;
  let home: string;
  beforeAll(async () => {
    lab = await startLab({ scenario: 'auth-failed' });
    dir = mkdtempSync(join(tmpdir(), 'sipe-collect-'));
    home = fakeHome(lab, dir);
  });
  afterAll(async () => {
    await lab.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('still writes a useful bundle: the live check decides, the skip is explained, no secret, profile untouched', async () => {
    const before = snapshotDir(home);
    const io = createFakeIo({ env: { HOME: home, SIPE_DOCTOR_NO_CLIENT: '1' }, now: new Date(), cwd: dir });
    const code = await main(['collect', ...lab.checkArgs, '-o', 'hidden.json'], io);
    expect(code, io.err()).toBe(1);
    expect(snapshotDir(home)).toEqual(before);

    const text = readFileSync(join(dir, 'hidden.json'), 'utf8');
    expect(text).not.toContain(lab.clientPassword);
    expect(text).not.toContain(lab.user);
    const b = JSON.parse(text);
    expect(b).toMatchObject({ format: 'sipe-doctor-collect', version: 1, redaction: { secrets: true, pii: true } });
    expect(b.account.passwordSource).toBe('accounts.xml');
    expect(b.client).toEqual({ status: 'skipped', reason: 'the real client is hidden (SIPE_DOCTOR_NO_CLIENT=1)' });
    expect(b.verdict).toMatchObject({ agreement: 'live-only', rootCause: 'auth-failed' });
    expect(b.environment.report.environment.platform).toBe(process.platform);
    // the local summary keeps the real names; progress went to stderr
    expect(io.out()).toContain(lab.user);
    expect(io.err()).toMatch(/\[4\/4\].*skipped — the real client is hidden/);
    expect(io.err()).toContain('bundle written to hidden.json');
  }, 60_000);

  it('with a capture (a recorded client log): agreement, and the helpdesk commands read the bundle', async () => {
    const seen: RealClientRequest[] = [];
    const deps = await loadCollectDeps({});
    deps.capture = {
      unavailable: async () => undefined,
      capture: async (req) => {
        seen.push(req);
        return { status: 'captured', log: new Uint8Array(RECORDED), ended: 'connection-error', client: 'recorded', durationMs: 5000 };
      },
    };
    const before = snapshotDir(home);
    const io = createFakeIo({ env: { HOME: home }, now: new Date(), cwd: dir });
    const args = { address: lab.user, dnsServer: `${lab.dns.host}:${lab.dns.port}`, ca: [lab.caFile], server: lab.pidginServer, transport: 'tls', auth: 'ntlm', output: 'cases/with-client.json', portMap: `443=${lab.https},80=${lab.http}` } as CollectArgs;
    mkdirSync(join(dir, 'cases'), { recursive: true });
    const code = await collect(args, io, deps);
    expect(code, io.err()).toBe(1);
    expect(snapshotDir(home)).toEqual(before);
    expect(seen[0]?.password).toBe(lab.clientPassword);
    expect(seen[0]?.account).toMatchObject({ username: lab.user, server: lab.pidginServer, transport: 'tls', authentication: 'ntlm' });
    expect(seen[0]?.trustedPeers?.map((p) => p.host)).toEqual(['127.0.0.1']);
    const text = readFileSync(join(dir, 'cases', 'with-client.json'), 'utf8');
    expect(text).not.toContain(lab.clientPassword);
    expect(text).not.toContain('TlRMTVNTUAAC');
    expect(JSON.parse(text).verdict).toMatchObject({ agreement: 'agree', rootCause: 'auth-failed', confidence: 'confirmed' });

    // analyze BUNDLE: the same verdict, side by side
    const a = createFakeIo({ cwd: dir });
    expect(await main(['analyze', 'cases/with-client.json', '--json'], a)).toBe(1);
    const report = JSON.parse(a.out());
    expect(report.verdict.rootCause).toBe('auth-failed');
    expect(report.collected.combined.agreement).toBe('agree');
    expect(report.collected.client.verdict.rootCause).toBe('auth-failed');
    expect(report.collected.live.verdict.rootCause).toBe('auth-failed');

    // replay BUNDLE as the helpdesk's reply and HTML page
    const r = createFakeIo({ cwd: dir });
    expect(await main(['replay', 'cases/with-client.json', '--reply'], r)).toBe(1);
    expect(r.out()).toMatch(/\| \| Environment \| Live check \| Real client \|/);
    expect(r.out()).toContain('The real client and the live check agree.');
    const h = createFakeIo({ cwd: dir });
    expect(await main(['replay', 'cases/with-client.json', '--format', 'html'], h)).toBe(1);
    expect(h.out()).toContain('<section id="side-by-side">');

    // triage: bundles mixed with a plain log, grouped by root cause
    writeFileSync(join(dir, 'cases', 'plain.log'), RECORDED);
    const t = createFakeIo({ cwd: dir });
    await main(['triage', 'cases', '--json'], t);
    const tri = JSON.parse(t.out());
    const group = tri.summary.groups.find((g: { key: string }) => g.key === 'auth-failed');
    expect(group?.count).toBe(2);
    expect(tri.summary.skipped).toBe(0);
  }, 60_000);

  it('a bundle that fails validation is exit 2 with a clear message', async () => {
    writeFileSync(join(dir, 'broken.json'), '{"format":"sipe-doctor-collect","version":1,"target":"x"}');
    for (const cmd of ['analyze', 'replay']) {
      const io = createFakeIo({ cwd: dir });
      expect(await main([cmd, 'broken.json'], io)).toBe(2);
      expect(io.err()).toMatch(/broken\.json: collect bundle: "createdAt" is missing/);
      expect(io.err()).toMatch(/sipe-doctor collect/);
    }
  });
});
