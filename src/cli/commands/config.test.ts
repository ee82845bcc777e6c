import { chmodSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { procfsLister } from '../../config/processes.js';
import { main } from '../main.js';
import { createFakeIo } from '../../../test/helpers/fake-io.js';
import { createConfigCommand, loadConfigDeps, type ConfigDeps } from './config.js';

const FIXTURES = new URL('../../../fixtures/accounts/', import.meta.url);
const PASSWORD = 'Zq9-UNIQUE-pw-7731';
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sipe-doctor-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Copy a fixture into the temp dir as accounts.xml (optionally with the distinctive password). */
function place(name: string, opts: { mode?: number; password?: boolean } = {}): string {
  const path = join(dir, 'accounts.xml');
  copyFileSync(new URL(name, FIXTURES), path);
  if (opts.password) writeFileSync(path, readFileSync(path, 'utf8').replace(/<password>[^<]*<\/password>/g, `<password>${PASSWORD}</password>`));
  chmodSync(path, opts.mode ?? 0o600);
  return path;
}

async function run(args: string[], over: Partial<ConfigDeps> = {}): Promise<{ code: number; out: string; err: string }> {
  const io = createFakeIo({ env: { HOME: dir }, cwd: dir, now: new Date('2025-03-04T05:06:07.000Z') });
  const factory = createConfigCommand(async () => ({ ...(await loadConfigDeps()), listProcesses: async () => [], ...over }));
  const code = await main(['config', ...args], io, [factory]);
  return { code, out: io.out(), err: io.err() };
}

const backups = (): string[] => readdirSync(dir).filter((f) => f.endsWith('.bak'));

describe('sipe-doctor config (show)', () => {
  it('shows the account and the findings, found in ~/.purple by default', async () => {
    const purple = join(dir, '.purple');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(purple);
    copyFileSync(new URL('ua-blocked-403.accounts.xml', FIXTURES), join(purple, 'accounts.xml'));
    chmodSync(join(purple, 'accounts.xml'), 0o600);
    const r = await run([]);
    expect(r.out).toContain(`accounts.xml: ${join(purple, 'accounts.xml')} (mode 0600)`);
    expect(r.out).toMatch(/Username +alice@corp\.example/);
    expect(r.out).toMatch(/Password +stored \(clear text\)/);
    expect(r.out).toMatch(/Authentication +NTLM \(no setting: SIPE 1\.25's code default/);
    expect(r.out).toContain('7 PURPLE_CONNECTION_ERROR_INVALID_SETTINGS: You have been rejected by the server');
    expect(r.out).toContain('--fix --set');
    expect(r.code).toBe(1);
  });

  it('lists skipped accounts and every SIPE account', async () => {
    const r = await run([place('multi-account.accounts.xml')]);
    expect(r.out).toContain('Skipped 1 non-SIPE account: carol@jabber.example/Home (prpl-jabber)');
    expect(r.out).toContain('SIPE account 1 of 2: alice@corp.example');
    expect(r.out).toContain('SIPE account 2 of 2: alice@partner.example');
  });

  it('--json gives one report per account, the password only as a mark', async () => {
    const r = await run([place('multi-account.accounts.xml'), '--json', '--account', 'alice@partner.example']);
    const j = JSON.parse(r.out) as { accounts: { username: string; password: string; report: { findings: { ruleId: string }[] } }[] };
    expect(j.accounts).toHaveLength(1);
    expect(j.accounts[0]?.password).toBe('not stored');
    expect(j.accounts[0]?.report.findings.map((f) => f.ruleId)).toContain('config/kerberos-login-without-realm');
  });

  it('reports a malformed file with exit 2 and leaves it untouched, also with --fix', async () => {
    const path = place('malformed-truncated.accounts.xml');
    const before = readFileSync(path);
    const shown = await run([path]);
    expect(shown.code).toBe(2);
    expect(shown.err).toMatch(/not well-formed XML/);
    const fixed = await run([path, '--fix', '--set', 'useragent=X']);
    expect(fixed.code).toBe(2);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(backups()).toEqual([]);
  });

  it('a missing file is an input error with a hint', async () => {
    const r = await run(['--purple-dir', join(dir, 'nowhere')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('no such file');
  });
});

describe('sipe-doctor config --fix', () => {
  it('--dry-run prints only the diff and writes nothing', async () => {
    const path = place('ua-blocked-403.accounts.xml');
    const before = readFileSync(path);
    const r = await run([path, '--fix', '--dry-run', '--set', 'useragent=UA/1.0']);
    expect(r.code).toBe(0);
    expect(r.out.startsWith('--- a/')).toBe(true);
    expect(r.out).toContain("+\t\t\t<setting name='useragent' type='string'>UA/1.0</setting>");
    expect(r.out.split('\n').filter((l) => /^[+-][^+-]/.test(l))).toHaveLength(1);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(backups()).toEqual([]);
  });

  it('changes exactly the intended span, keeps a backup equal to the original and the mode', async () => {
    const path = place('recorded-connect-refused.accounts.xml', { mode: 0o640 });
    const before = readFileSync(path);
    const r = await run([path, '--fix', '--set', 'transport=tls']);
    expect(r.code, r.err).toBe(0);
    const after = readFileSync(path);
    // byte diff: one span, inside the transport setting
    let s = 0;
    while (before[s] === after[s]) s++;
    let e = 0;
    while (before[before.length - 1 - e] === after[after.length - 1 - e]) e++;
    expect(before.subarray(s, before.length - e).toString()).toBe('cp');
    expect(after.subarray(s, after.length - e).toString()).toBe('ls');
    expect(before.subarray(0, s).toString().endsWith("<setting name='transport' type='string'>t")).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o640);
    expect(backups()).toEqual(['accounts.xml.sipe-doctor-20250304T050607Z.bak']);
    const backup = join(dir, backups()[0] ?? '');
    expect(readFileSync(backup).equals(before)).toBe(true);
    expect(statSync(backup).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
    expect(r.out).toContain('The original is kept as');
  });

  it('inserts a CRLF line into a Windows-style file', async () => {
    const path = place('windows-crlf.accounts.xml');
    const r = await run([path, '--fix', '--set', 'useragent=UA/2']);
    expect(r.code, r.err).toBe(0);
    const text = readFileSync(path, 'latin1');
    expect(text).toContain("<setting name='sso' type='bool'>0</setting>\r\n\t\t\t<setting name='useragent' type='string'>UA/2</setting>\r\n\t\t</settings>");
    expect(text.startsWith('\xef\xbb\xbf')).toBe(true);
  });

  it('refuses while Finch runs (fake /proc), and writes with --force', async () => {
    const path = place('ua-blocked-403.accounts.xml');
    const before = readFileSync(path);
    const proc = join(dir, 'proc');
    const { mkdirSync } = await import('node:fs');
    for (const [pid, comm] of [['1', 'init'], ['4242', 'finch']] as const) {
      mkdirSync(join(proc, pid), { recursive: true });
      writeFileSync(join(proc, pid, 'comm'), `${comm}\n`);
    }
    const listProcesses = procfsLister(proc);
    const refused = await run([path, '--fix', '--set', 'useragent=UA'], { listProcesses });
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('finch (pid 4242) is running');
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(backups()).toEqual([]);
    const forced = await run([path, '--fix', '--force', '--set', 'useragent=UA'], { listProcesses });
    expect(forced.code).toBe(0);
    expect(forced.err).toContain('--force');
    expect(readFileSync(path, 'utf8')).toContain("<setting name='useragent' type='string'>UA</setting>");
  });

  it.skipIf(process.getuid?.() !== 0)('keeps the owner of a file that belongs to another user (run as root)', async () => {
    const path = place('ua-blocked-403.accounts.xml');
    const { chownSync } = await import('node:fs');
    chownSync(path, 1234, 2345);
    const r = await run([path, '--fix', '--set', 'useragent=UA']);
    expect(r.code, r.err).toBe(0);
    expect([statSync(path).uid, statSync(path).gid]).toEqual([1234, 2345]);
    const backup = join(dir, backups()[0] ?? '');
    expect([statSync(backup).uid, statSync(backup).gid]).toEqual([1234, 2345]);
  });

  it('applies the verdict of a --from-report JSON report', async () => {
    const path = place('ua-blocked-403.accounts.xml');
    const report = {
      schemaVersion: 1, verdict: { rootCause: 'client-version-blocked' }, account: { signinName: 'alice@corp.example' },
      findings: [
        { role: 'warning', rootCause: 'insecure-password-storage', remediation: { summary: 's', steps: [], audience: 'user' } },
        { role: 'primary', rootCause: 'client-version-blocked', remediation: { summary: 's', steps: [], audience: 'user', settings: [{ field: 'User Agent', key: 'useragent', value: 'UCCAPI/15.0.4420.1017 OC/15.0.4420.1017 (Microsoft Lync)', tab: 'Advanced' }] } },
      ],
    };
    writeFileSync(join(dir, 'report.json'), JSON.stringify(report));
    const r = await run([path, '--fix', '--from-report', 'report.json']);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(path, 'utf8')).toContain("<setting name='useragent' type='string'>UCCAPI/15.0.4420.1017 OC/15.0.4420.1017 (Microsoft Lync)</setting>");
  });

  it('a report with no setting to change is an input error', async () => {
    const path = place('ua-blocked-403.accounts.xml');
    writeFileSync(join(dir, 'report.json'), JSON.stringify({ schemaVersion: 1, verdict: { rootCause: null }, findings: [] }));
    const r = await run([path, '--fix', '--from-report', 'report.json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('no Pidgin setting to change');
  });

  it('needs --account when the file has several SIPE accounts, and edits only that one', async () => {
    const path = place('multi-account.accounts.xml');
    const ambiguous = await run([path, '--fix', '--set', 'sso=1']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.err).toContain('say which one with --account');
    const ok = await run([path, '--fix', '--account', 'alice@partner.example', '--set', 'login=alice@PARTNER.EXAMPLE', '--clear', 'useragent']);
    expect(ok.code, ok.err).toBe(0);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('<name>alice@partner.example,alice@PARTNER.EXAMPLE</name>');
    expect(text).toContain('<name>alice@corp.example,CORP\\alice</name>');
  });

  it('rejects bad usage: --set without --fix, bad values, passwords, clearing a list', async () => {
    const path = place('ua-blocked-403.accounts.xml');
    for (const args of [
      ['--set', 'useragent=X'],
      ['--fix', '--set', 'transport=udp'],
      ['--fix', '--set', 'password=hunter2'],
      ['--fix', '--clear', 'authentication'],
      ['--fix', '--set', 'nosuchkey=1'],
      ['--fix'],
    ]) {
      const r = await run([path, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).not.toContain('hunter2');
    }
  });
});

describe('the password never reaches the output', () => {
  const cases: string[][] = [
    [],
    ['--json'],
    ['--fix', '--dry-run', '--set', 'login=CORP\\alice'],
    ['--fix', '--dry-run', '--json', '--set', 'login=CORP\\alice'],
    ['--fix', '--set', 'login=CORP\\alice'],
    ['--fix', '--json', '--set', 'login=CORP\\bob'],
    ['--verbose', '--debug'],
  ];
  for (const args of cases) {
    it(`config ${args.join(' ') || '(show)'}`, async () => {
      const path = place('ua-blocked-403.accounts.xml', { password: true });
      expect(readFileSync(path, 'utf8')).toContain(PASSWORD);
      const r = await run([path, ...args]);
      expect(r.code).toBeLessThan(2);
      expect(r.out + r.err).not.toContain(PASSWORD);
      expect(r.out.length).toBeGreaterThan(0);
    });
  }
  it('nor the error of a malformed file whose password is unterminated', async () => {
    const path = join(dir, 'accounts.xml');
    writeFileSync(path, `<account version='1.0'><account><protocol>prpl-sipe</protocol><name>a@b.example</name><password>${PASSWORD}`);
    const r = await run([path]);
    expect(r.code).toBe(2);
    expect(r.out + r.err).not.toContain(PASSWORD);
  });
});
