/**
 * `sipe-doctor collect` end to end with the real client (finch + pidgin-sipe, run headless by collect itself)
 * against the lab: for each scenario the compiled CLI runs `collect <the lab's checkArgs>` with a fake user
 * profile as HOME (accounts.xml with the account and its stored password, the certificates the user
 * accepted). Checked: the combined verdict names the scenario's root cause and both witnesses took part, the
 * bundle holds no secret, the fake profile is byte-identical afterwards, and `triage` of all bundles groups
 * them by root cause. One more run hides the client (a PATH without finch): the bundle is still useful.
 * Scenarios that need the lab's DNS, web tier or CA as the system's run collect inside a network namespace
 * (root only). Skipped, with the reason, when finch / pidgin-sipe / tmux or the compiled CLI are missing.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientMissing } from '../../src/client/runner.js';
import { main } from '../../src/cli/main.js';
import { findScenario, startLab } from '../../src/lab/index.js';
import type { Scenario } from '../../src/lab/types.js';
import { createFakeIo } from '../helpers/fake-io.js';
import { snapshotDir } from '../helpers/dir-snapshot.js';
import { CLI_JS, compiledCliMissing, startLabProcess } from './lab-process.js';
import { createLabNamespace, netnsSkipReason, type LabNamespace } from './netns.js';
import { namespaceReason, scenarioSkipReason, xmlReason } from './scenario-run.js';
import { xmlShim } from './xml-shim.js';

/** DNS missing, untrusted certificate, client version blocked, wrong password, web ticket SIP URI mismatch, healthy */
const SCENARIO_NAMES = ['dns-no-sip-records', 'tls-untrusted-certificate', 'client-version-blocked', 'auth-failed', 'sip-uri-mismatch', 'healthy'];

const missing = clientMissing() ?? compiledCliMissing();
const nsMissing = missing ? undefined : netnsSkipReason();

const skipReason = (s: Scenario): string | undefined => scenarioSkipReason(s, nsMissing);

interface Account {
  user: string;
  login: string;
  password: string;
  server: string;
  transport: string;
  auth: string;
}

function xml(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A user's ~/.purple: the account (password stored) and the certificate the user accepted earlier. */
function fakeHome(root: string, a: Account, peers: Record<string, string>): string {
  const home = join(root, 'home');
  const purple = join(home, '.purple');
  mkdirSync(join(purple, 'certificates', 'x509', 'tls_peers'), { recursive: true });
  for (const [host, file] of Object.entries(peers)) writeFileSync(join(purple, 'certificates', 'x509', 'tls_peers', host), readFileSync(file));
  const auth = a.auth === 'auto' ? [] : [`   <setting name='authentication' type='string'>${xml(a.auth)}</setting>`];
  writeFileSync(join(purple, 'accounts.xml'), [
    "<?xml version='1.0' encoding='UTF-8' ?>", "<account version='1.0'>", ' <account>', '  <protocol>prpl-sipe</protocol>',
    `  <name>${xml(`${a.user},${a.login}`)}</name>`, `  <password>${xml(a.password)}</password>`, '  <settings>',
    ...(a.server ? [`   <setting name='server' type='string'>${xml(a.server)}</setting>`] : []),
    `   <setting name='transport' type='string'>${xml(a.transport)}</setting>`, ...auth,
    '  </settings>', ' </account>', '</account>', '',
  ].join('\n'), { mode: 0o600 });
  writeFileSync(join(purple, 'prefs.xml'), "<?xml version='1.0' encoding='UTF-8' ?>\n<pref version='1' name='/'/>\n", { mode: 0o600 });
  return home;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: Record<string, string>, netns?: string): Promise<Run> {
  const [cmd, argv] = netns ? ['ip', ['netns', 'exec', netns, process.execPath, CLI_JS, ...args]] as const : [process.execPath, [CLI_JS, ...args]] as const;
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => { stdout += b.toString('utf8'); });
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString('utf8'); });
    const hard = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.on('exit', (code) => { clearTimeout(hard); resolve({ code, stdout, stderr }); });
  });
}

interface Collected {
  run: Run;
  bundle: string;
  /** the secrets that must not be in it */
  secrets: string[];
  profileBefore: Record<string, string>;
  profileAfter: Record<string, string>;
}

/** collect against a running lab scenario (loopback or namespace), the real client included unless `env` hides it. */
async function collectScenario(s: Scenario, out: string, work: string, ns: LabNamespace | undefined, env: Record<string, string> = {}, loopback = false): Promise<Collected> {
  const shim = xmlReason(s) ? xmlShim() : undefined;
  const shimEnv = shim ? { LD_PRELOAD: shim } : {};
  const inNs = !loopback && namespaceReason(s) !== undefined && ns !== undefined;
  const lab = inNs ? undefined : await startLab({ scenario: s.name });
  const proc = inNs ? await startLabProcess(ns.name, s.name) : undefined;
  try {
    const info = proc
      ? (proc.info as typeof proc.info & { checkArgs: string[] })
      : { ...lab!, checkArgs: lab!.checkArgs, password: lab!.clientPassword, login: s.client.login ?? '', pidgin: { server: lab!.pidginServer } };
    if (proc) await ns!.trustCa(proc.info.caFile);
    const account: Account = { user: info.user, login: info.login, password: info.password, server: info.pidgin.server, transport: s.client.transport, auth: s.client.auth };
    const home = fakeHome(work, account, inNs ? {} : { '127.0.0.1': info.sipCertFile });
    const before = snapshotDir(home);
    const run = await runCli(['collect', ...info.checkArgs, '--budget', '40s', '-o', out], { HOME: home, ...shimEnv, ...env }, inNs ? ns!.name : undefined);
    return { run, bundle: readFileSync(out, 'utf8'), secrets: [info.password, 'serverPassword' in info ? String(info.serverPassword) : lab!.password], profileBefore: before, profileAfter: snapshotDir(home) };
  } finally {
    await lab?.stop();
    await proc?.stop();
  }
}

function expectNoSecret(c: Collected): void {
  for (const secret of c.secrets) expect(c.bundle, 'a password in the bundle').not.toContain(secret);
  // NTLM messages (base64 'NTLMSSP'), web tickets and SAML assertions never survive redaction
  expect(c.bundle).not.toMatch(/TlRMTVNTUA[A-Za-z0-9+/]{8,}/);
  expect(c.bundle).not.toMatch(/<saml:Assertion[^>]*>[^<]/);
}

describe.skipIf(missing !== undefined)('collect with the real client against the lab', () => {
  let ns: LabNamespace | undefined;
  let dir: string;
  const bundles = new Map<string, string>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sipe-collect-e2e-'));
    mkdirSync(join(dir, 'bundles'));
    if (!nsMissing) ns = await createLabNamespace();
  }, 30_000);
  afterAll(async () => {
    await ns?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const name of SCENARIO_NAMES) {
    const s = findScenario(name)!;
    const skip = skipReason(s);
    it.skipIf(skip !== undefined)(`${name} → ${s.expectedRootCause ?? 'signed in'}${skip ? ` (skipped: ${skip})` : ''}`, async () => {
      const out = join(dir, 'bundles', `${name}.json`);
      const work = mkdtempSync(join(dir, `${name}-`));
      const c = await collectScenario(s, out, work, ns);
      const why = `${c.run.stderr}\n${c.run.stdout.slice(0, 3000)}`;
      expect(c.run.code, why).toBe(s.expectedRootCause === null ? 0 : 1);
      const b = JSON.parse(c.bundle);
      expect(b.client.status, why).toBe('captured');
      expect(b.check.status, why).not.toBe('skipped');
      expect(b.verdict.rootCause, `${JSON.stringify(b.verdict)}\n${why}`).toBe(s.expectedRootCause);
      expect(b.verdict.agreement, JSON.stringify(b.verdict)).toBe('agree');
      expectNoSecret(c);
      expect(c.profileAfter, 'the user profile is untouched').toEqual(c.profileBefore);
      bundles.set(name, out);
    }, 120_000);
  }

  it('without the client (finch not on PATH) the bundle still names the cause and says why the client is missing', async () => {
    const s = findScenario('auth-failed')!;
    const out = join(dir, 'hidden.json');
    const c = await collectScenario(s, out, mkdtempSync(join(dir, 'hidden-')), ns, { PATH: join(dir, 'no-such-bin') });
    const b = JSON.parse(c.bundle);
    expect(b.client.status, c.run.stderr).toBe('skipped');
    expect(b.client.reason).toMatch(/missing: finch/);
    expect(b.verdict).toMatchObject({ agreement: 'live-only', rootCause: 'auth-failed' });
    expectNoSecret(c);
    expect(c.profileAfter).toEqual(c.profileBefore);
  }, 120_000);

  it('disagreement: the user once accepted the untrusted certificate in Pidgin, so the client signs in and the probes do not', async () => {
    // on loopback the fake profile keeps the lab's self-signed SIP certificate in tls_peers, as Pidgin's "Accept" does
    const s = findScenario('tls-untrusted-certificate')!;
    const c = await collectScenario(s, join(dir, 'accepted.json'), mkdtempSync(join(dir, 'accepted-')), ns, {}, true);
    const b = JSON.parse(c.bundle);
    const why = `${JSON.stringify(b.verdict)}\n${c.run.stderr}`;
    expect(b.client).toMatchObject({ status: 'captured', ended: 'signed-in' });
    expect(b.verdict, why).toMatchObject({ agreement: 'disagree', decidedBy: 'real-client', outcome: 'signed-in', rootCause: null });
    expect(b.verdict.explanation).toMatch(/tls-untrusted-certificate/);
    expect(b.verdict.explanation).toMatch(/accepted in Pidgin's dialog/);
    expect(c.run.stdout).toMatch(/The real client and the live check disagree/);
    expectNoSecret(c);
    expect(c.profileAfter).toEqual(c.profileBefore);
  }, 120_000);

  it('triage groups the bundles by root cause', async () => {
    expect(bundles.size, 'bundles from the scenario runs').toBeGreaterThan(0);
    const io = createFakeIo({ cwd: dir });
    await main(['triage', 'bundles', '--json'], io);
    const tri = JSON.parse(io.out()) as { summary: { skipped: number; groups: { key: string; count: number; examples: string[] }[] } };
    expect(tri.summary.skipped).toBe(0);
    for (const name of bundles.keys()) {
      const s = findScenario(name)!;
      const key = s.expectedRootCause ?? 'signed-in';
      const group = tri.summary.groups.find((g) => g.key === key);
      expect(group, `a ${key} group for ${name}`).toBeDefined();
      expect(group!.count).toBe(1);
    }
  }, 60_000);
});

describe.skipIf(missing === undefined)('collect with the real client', () => {
  it.skip(`skipped: ${missing ?? ''}`, () => undefined);
});
