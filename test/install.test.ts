/**
 * A command on the PATH: `npm pack` gives a tarball with the built CLI, and `npm install -g` of it
 * (into a temporary prefix, never the machine's global one) gives a working `sipe-doctor`, run from
 * outside the repository. The dependencies come from the npm cache or the registry: without either
 * (ENOTCACHED / no network) the test skips and says so. Also: `npx sipe-doctor` in the clone.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'sipe-install-'));
  dirs.push(d);
  return d;
};
const npm = (args: string[], cwd: string) =>
  spawnSync('npm', args, { cwd, encoding: 'utf8', timeout: 240_000, env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } });

describe('installing the command', () => {
  afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

  // npx sets the mode only when it first links a directory; a fresh clone at a path it linked before
  // runs the file as the build left it
  it('the build leaves the command executable by itself', () => {
    expect(statSync(join(ROOT, 'dist', 'bin', 'sipe-doctor.js')).mode & 0o111).toBe(0o111);
  });

  it('npx sipe-doctor --version works in the clone (npm ci built it)', () => {
    const r = spawnSync('npx', ['--offline', 'sipe-doctor', '--version'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.stdout.trim(), r.stderr).toBe(VERSION);
  }, 90_000);

  it('npm pack + npm install -g <tarball> into a temporary prefix → a working sipe-doctor', (ctx) => {
    const out = tmp();
    const pack = npm(['pack', '--pack-destination', out, '--silent'], ROOT);
    expect(pack.status, pack.stderr).toBe(0);
    const tarball = readdirSync(out).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBe(`sipe-doctor-${VERSION}.tgz`);
    const prefix = tmp();
    const install = npm(['install', '-g', '--prefix', prefix, '--prefer-offline', join(out, tarball!)], out);
    if (install.status !== 0 && /ENOTCACHED|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT/.test(install.stderr)) {
      ctx.skip(); // no registry and no cache for the dependencies
      return;
    }
    expect(install.status, install.stderr).toBe(0);
    const cmd = join(prefix, 'bin', 'sipe-doctor');
    const elsewhere = tmp();
    const version = spawnSync(cmd, ['--version'], { cwd: elsewhere, encoding: 'utf8' });
    expect(version.stdout.trim()).toBe(VERSION);
    const analyze = spawnSync(cmd, ['analyze', join(ROOT, 'fixtures/logs/sample-ua-blocked-403.log')], { cwd: elsewhere, encoding: 'utf8' });
    expect(analyze.status, analyze.stderr).toBe(1);
    expect(analyze.stdout).toMatch(/client-version-blocked/);
    // the rule docs ship with the package
    const explain = spawnSync(cmd, ['rules', 'explain', 'sip/blocked-client-version'], { cwd: elsewhere, encoding: 'utf8' });
    expect(explain.stdout).toMatch(/Example \(/);
  }, 300_000);
});
