/**
 * `config` and the user's files: nothing secret left on disk, errors named exactly, read-only and
 * foreign files respected, standard input read-only, every credential form masked in the diff.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileWriteError, describeWriteError } from '../../adapters/atomic-file.js';
import type { ReplaceFile } from '../../config/fix.js';
import { main } from '../main.js';
import { createFakeIo } from '../../../test/helpers/fake-io.js';
import { createConfigCommand, loadConfigDeps, type ConfigDeps } from './config.js';

const FIXTURES = new URL('../../../fixtures/accounts/', import.meta.url);
const PASSWORD = 'Zq9-SAFETY-pw-5521';
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sipe-doctor-config-safety-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function place(name = 'ua-blocked-403.accounts.xml', opts: { mode?: number; in?: string } = {}): string {
  const path = join(opts.in ?? dir, 'accounts.xml');
  copyFileSync(new URL(name, FIXTURES), path);
  writeFileSync(path, readFileSync(path, 'utf8').replace(/<password>[^<]*<\/password>/g, `<password>${PASSWORD}</password>`));
  chmodSync(path, opts.mode ?? 0o600);
  return path;
}

async function run(args: string[], over: Partial<ConfigDeps> = {}, stdin?: string): Promise<{ code: number; out: string; err: string }> {
  const io = createFakeIo({ env: { HOME: dir }, cwd: dir, now: new Date('2025-03-04T05:06:07.000Z'), ...(stdin !== undefined ? { stdin } : {}) });
  const factory = createConfigCommand(async () => ({ ...(await loadConfigDeps()), listProcesses: async () => [], ...over }));
  const code = await main(['config', ...args], io, [factory]);
  return { code, out: io.out(), err: io.err() };
}

const FIX = ['--fix', '--set', 'useragent=UCCAPI/16.0.4351.1000 OC/16.0.4351.1000 (Skype for Business)'];

/** A writer that fails like the file system would, after creating nothing. */
const failingWrite = (code: string): ReplaceFile => async (path) => {
  throw new FileWriteError(path, describeWriteError(Object.assign(new Error(code), { code }), path), { cause: Object.assign(new Error(code), { code }) });
};

describe('config --fix and the disk', () => {
  it('a full disk is a clear error naming the disk, exit 2, the file intact (injected ENOSPC)', async () => {
    const path = place();
    const before = readFileSync(path);
    const r = await run([path, ...FIX], { write: failingWrite('ENOSPC') });
    expect(r.code).toBe(2);
    expect(r.err).toContain(`the disk holding ${dir} is full (no space left on device)`);
    expect(r.err).toContain('was not changed');
    expect(r.err).not.toMatch(/internal error/i);
    expect(readFileSync(path)).toEqual(before);
    expect(readdirSync(dir)).toEqual(['accounts.xml']);
  });

  it.each([
    ['EACCES', /permission denied: you may not create files in /],
    ['EPERM', /operation not permitted: changing the owner or mode/],
    ['EROFS', /is on a read-only file system/],
  ])('%s is named exactly, exit 2, no temp file', async (code, message) => {
    const path = place();
    const r = await run([path, ...FIX], { write: failingWrite(code) });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(readdirSync(dir)).toEqual(['accounts.xml']);
  });

  const canMount = process.platform === 'linux' && process.getuid?.() === 0 && (() => {
    const probe = mkdtempSync(join(tmpdir(), 'sipe-doctor-tmpfs-probe-'));
    const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]).status === 0;
    if (ok) spawnSync('umount', [probe]);
    rmSync(probe, { recursive: true, force: true });
    return ok;
  })();

  it.runIf(canMount)('a really full disk (a small tmpfs): exit 2, the disk named, the file intact, no temp file', async () => {
    const mnt = join(dir, 'purple');
    mkdirSync(mnt);
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=128k', 'tmpfs', mnt]).status).toBe(0);
    try {
      const path = place('ua-blocked-403.accounts.xml', { in: mnt });
      const before = readFileSync(path);
      try {
        for (let i = 0; ; i++) writeFileSync(join(mnt, `fill${i}`), Buffer.alloc(4096));
      } catch {
        // the disk is full
      }
      const r = await run([path, ...FIX]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`the disk holding ${mnt} is full`);
      expect(readFileSync(path)).toEqual(before);
      expect(readdirSync(mnt).filter((f) => !f.startsWith('fill'))).toEqual(['accounts.xml']);
    } finally {
      spawnSync('umount', [mnt]);
    }
  });
});

describe("config and the user's files", () => {
  it('a read-only accounts.xml is refused unless --force, and then keeps its mode', async () => {
    const path = place('ua-blocked-403.accounts.xml', { mode: 0o400 });
    const before = readFileSync(path);
    const r = await run([path, ...FIX]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${path} is read-only`);
    expect(r.err).toContain('--force');
    expect(readFileSync(path)).toEqual(before);
    expect(readdirSync(dir)).toEqual(['accounts.xml']);
    const forced = await run([path, ...FIX, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(path, 'utf8')).toContain('UCCAPI/16.0.4351.1000');
  });

  it('`config -` reads accounts.xml from standard input, read-only', async () => {
    const text = readFileSync(place(), 'utf8');
    const r = await run(['-'], {}, text);
    expect(r.out).toContain('accounts.xml: (standard input)');
    expect(r.out).toMatch(/Username +alice@corp\.example/);
    expect(r.out).not.toContain(PASSWORD);
    const fix = await run(['-', ...FIX], {}, text);
    expect(fix.code).toBe(2);
    expect(fix.err).toContain('read-only');
  });

  it('a file that is not an accounts.xml says so (and does not advise restoring a backup)', async () => {
    const passwd = join(dir, 'passwd');
    writeFileSync(passwd, 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/sh\n');
    const r = await run([passwd]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${passwd} is not a Pidgin accounts.xml`);
    expect(r.err).not.toMatch(/backup/);
    const xml = join(dir, 'other.xml');
    writeFileSync(xml, "<?xml version='1.0'?>\n<prefs version='1'><pref name='/'/></prefs>\n");
    const r2 = await run([xml, ...FIX]);
    expect(r2.code).toBe(2);
    expect(r2.err).toContain('is not a Pidgin accounts.xml');
    expect(readdirSync(dir).sort()).toEqual(['other.xml', 'passwd']);
  });

  it('the next invocation of config removes a temp copy with the password that a killed --fix left', async () => {
    const path = place();
    const stale = join(dir, '.accounts.xml.sipe-doctor-999999-dead0.tmp');
    writeFileSync(stale, readFileSync(path));
    await run([path]);
    expect(existsSync(stale)).toBe(false);
  });

  it('any command removes such a leftover in ~/.purple at start-up', async () => {
    const purple = join(dir, '.purple');
    mkdirSync(purple);
    place('ua-blocked-403.accounts.xml', { in: purple });
    const stale = join(purple, '.accounts.xml.sipe-doctor-999999-dead0.tmp');
    writeFileSync(stale, `<password>${PASSWORD}</password>`);
    const io = createFakeIo({ env: { HOME: dir }, cwd: dir });
    await main(['rules', '--help'], io);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(join(purple, 'accounts.xml'))).toBe(true);
  });
});

describe('the config diff masks every credential form with the one redactor', () => {
  it('URL userinfo and tokens in URL settings, in the diff and its context', async () => {
    const path = place('windows-crlf.accounts.xml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('https://mail.corp.example/EWS/Exchange.asmx', 'https://alice:Url-Secret-77@mail.corp.example/EWS/Exchange.asmx?access_token=Tok-Secret-88'));
    const r = await run([path, '--fix', '--dry-run', '--set', 'email_url=https://bob:New-Secret-99@ews.corp.example/EWS/Exchange.asmx?sig=Sig-Secret-11']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^-.*email_url/m);
    expect(r.out).toMatch(/^\+.*email_url/m);
    for (const secret of ['Url-Secret-77', 'Tok-Secret-88', 'New-Secret-99', 'Sig-Secret-11', PASSWORD]) expect(r.out).not.toContain(secret);
    expect(r.out).toContain('https://alice:<redacted>@mail.corp.example');
  });
});
