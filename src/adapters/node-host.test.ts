import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatherHost } from '../env/gather.js';
import type { HostPorts, RunResult } from '../env/host.js';
import { collectEnvironment } from '../env/index.js';
import { assessXmlParser } from '../env/known-broken.js';
import { nodeHostPorts, spawnRunner } from './node-host.js';

function tree(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'sd-env-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** Scripted commands; records each call. Anything unscripted is "not installed". */
function fakeRunner(script: Record<string, RunResult>): { run: HostPorts['run']; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    run: async (command, args) => {
      calls.push([command, ...args].join(' '));
      return script[command] ?? { ran: false, reason: 'not-found', message: `${command} is not installed` };
    },
  };
}

const DEBIAN12 = 'finch\t2.14.12-1\tii \nlibpurple0:amd64\t2.14.12-1\tii \nlibxml2:amd64\t2.9.14+dfsg-1.3~deb12u6\tii \npidgin\t\tun \npidgin-sipe\t1.25.0-2.1+b1\tii \n';
const ACCOUNTS = `<?xml version='1.0' encoding='UTF-8' ?>
<account version='1.0'><account><protocol>prpl-sipe</protocol><name>alice@corp.example</name><password>Fixture-Pw-3</password><settings><setting name='server' type='string'></setting></settings></account></account>
`;

function debianTree(): string {
  const root = tree({
    'etc/os-release': 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nID=debian\n',
    'etc/resolv.conf': 'nameserver 127.0.0.53\nsearch corp.example\n',
    'etc/passwd': 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n',
    'usr/lib/purple-2/libsipe.so': Buffer.from('\x7fELF\x00NSS_NoDB_Init\x00sipe_core_allocate: SIPE version 1.25.0 (%s)\x00', 'latin1'),
    'usr/lib/x86_64-linux-gnu/purple-2/ssl.so': 'x',
    'usr/lib/x86_64-linux-gnu/purple-2/ssl-nss.so': 'x',
    'usr/lib/x86_64-linux-gnu/libxml2.so.2.9.14': 'x',
    'usr/local/bin/pidgin': '#!/bin/sh\n',
    'usr/bin/finch': '#!/bin/sh\n',
    'home/alice/.purple/accounts.xml': ACCOUNTS,
    'proc/4242/comm': 'pidgin\n',
    'proc/4242/cmdline': 'pidgin\0-c\0.purple-work\0',
    'proc/4242/status': 'Name:\tpidgin\nUid:\t1000\t1000\t1000\t1000\n',
    'proc/77/comm': 'bash\n',
    'proc/77/cmdline': 'bash\0',
  });
  symlinkSync('/home/alice', join(root, 'proc/4242/cwd'));
  return root;
}

function ports(root: string, run: HostPorts['run'], over: Partial<Parameters<typeof nodeHostPorts>[0]> = {}): HostPorts {
  return nodeHostPorts({
    root,
    run,
    platform: 'linux',
    arch: 'x64',
    env: { HOME: '/home/alice', PATH: '/usr/local/bin:/usr/bin', LANG: 'en_US.UTF-8', http_proxy: 'http://alice:Fixture-Pw-4@proxy.corp.example:3128' },
    home: '/home/alice',
    user: { name: 'alice', uid: 1000 },
    now: () => new Date('2026-11-22T10:00:00Z'),
    interfaces: () => ['lo', 'eth0', 'tun0'],
    ...over,
  });
}

describe('gatherHost over a fake Debian 12 tree', () => {
  it('finds versions, plugins, profile, processes and resolver through the ports', async () => {
    const runner = fakeRunner({
      'dpkg-query': { ran: true, code: 1, stdout: DEBIAN12, stderr: 'dpkg-query: no packages found matching libxml2-16\n' },
      '/usr/local/bin/pidgin': { ran: true, code: 0, stdout: 'Pidgin 2.14.10 (libpurple 2.14.10)\n', stderr: '' },
      resolvectl: { ran: true, code: 0, stdout: 'Link 2 (eth0)\nCurrent DNS Server: 10.0.0.2\n       DNS Servers: 10.0.0.2\n        DNS Domain: corp.example\n', stderr: '' },
    });
    const data = await collectEnvironment(ports(debianTree(), runner.run));

    // the self-built pidgin in /usr/local/bin is asked, the packaged finch is not; rpm is not needed
    expect(runner.calls.filter((c) => c.endsWith('--version'))).toEqual(['/usr/local/bin/pidgin --version']);
    expect(runner.calls.some((c) => c.startsWith('rpm'))).toBe(false);
    expect(runner.calls).toContain('resolvectl status --no-pager');

    expect(data.os).toMatchObject({ id: 'debian', codename: 'bookworm' });
    expect(data.pidgin).toMatchObject({ installed: true, version: '2.14.10', via: 'version-output', path: '/usr/local/bin/pidgin' });
    expect(data.finch).toMatchObject({ version: '2.14.12-1', via: 'dpkg' });
    expect(data.sipe).toMatchObject({ version: '1.25.0-2.1+b1', path: '/usr/lib/purple-2/libsipe.so', crypto: 'nss' });
    expect(data.libxml2).toMatchObject({ version: '2.9.14+dfsg-1.3~deb12u6', via: 'dpkg' });
    expect(data.tlsPlugins).toEqual(['ssl-nss']);
    expect(assessXmlParser(data).status).toBe('broken');

    expect(data.purpleDir).toEqual({ path: '/home/alice/.purple', exists: true });
    expect(data.accountsXml).toEqual({ path: '/home/alice/.purple/accounts.xml', exists: true, accounts: 1, sipeAccounts: 1 });
    expect(data.runningClients).toEqual([{ name: 'pidgin', pid: 4242, user: 'alice', profileDir: '/home/alice/.purple-work', profileDirFrom: 'option' }]);
    expect(data.resolver?.resolved?.[0]).toMatchObject({ link: 'eth0', servers: ['10.0.0.2'] });
    expect(data.vpnInterfaces).toEqual(['tun0']);
    expect(data.proxyVariables).toEqual({ http_proxy: 'http://<redacted>@proxy.corp.example:3128' });

    const text = JSON.stringify(data);
    expect(text).not.toContain('Fixture-Pw-3');
    expect(text).not.toContain('Fixture-Pw-4');
  });

  it('the snapshot itself never holds the accounts.xml text', async () => {
    const snap = await gatherHost(ports(debianTree(), fakeRunner({}).run));
    expect(JSON.stringify(snap, (_k, v: unknown) => (v instanceof Uint8Array ? '' : v))).not.toContain('Fixture-Pw-3');
  });

  it('--purple-dir: another settings directory, relative to the working directory', async () => {
    const root = debianTree();
    mkdirSync(join(root, 'srv/.purple-work'), { recursive: true });
    const data = await collectEnvironment(ports(root, fakeRunner({}).run), { purpleDir: '.purple-work', cwd: '/srv' });
    expect(data.purpleDir).toEqual({ path: '/srv/.purple-work', exists: true });
    expect(data.accountsXml).toEqual({ path: '/srv/.purple-work/accounts.xml', exists: false });
  });

  it('a package database that hangs is cut at the deadline and reported', async () => {
    const hanging: HostPorts['run'] = async (command) => (command === 'dpkg-query' ? { ran: false, reason: 'timeout', message: 'no answer' } : { ran: false, reason: 'not-found', message: '' });
    const data = await collectEnvironment(ports(debianTree(), hanging), { commandTimeoutMs: 500 });
    expect(data.unknown).toContain('dpkg-query: timed out after 0.5 s');
    // the plugin file still tells SIPE's version
    expect(data.sipe).toMatchObject({ version: '1.25.0', via: 'file' });
  });

  it('an empty machine: nothing found, every part unknown, no throw', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sd-env-empty-'));
    const data = await collectEnvironment(ports(root, fakeRunner({}).run, { env: {}, interfaces: () => { throw new Error('no interfaces'); } }));
    expect(data.sipe).toBeUndefined();
    expect(data.libxml2).toBeUndefined();
    expect(data.runningClients).toBeUndefined();
    expect(data.resolver).toBeUndefined();
    expect(data.accountsXml).toEqual({ path: '/home/alice/.purple/accounts.xml', exists: false });
    expect(data.unknown).toEqual(expect.arrayContaining([
      'package versions: neither dpkg-query nor rpm is installed',
      'network interfaces: no interfaces',
      'running Pidgin/Finch: not detectable on linux',
    ]));
  });

  it('a dpkg-query that fails (exit 2) is no answer, not "nothing installed"', async () => {
    const runner = fakeRunner({ 'dpkg-query': { ran: true, code: 2, stdout: '', stderr: 'dpkg-query: error: cannot access archive: Permission denied\n' } });
    const data = await collectEnvironment(ports(debianTree(), runner.run));
    expect(data.packageManager).toBeUndefined();
    expect(data.finch).toMatchObject({ installed: true, via: 'file', path: '/usr/bin/finch' });
    expect(data.unknown).toContain('dpkg-query: error: cannot access archive: Permission denied');
  });

  it('rpm when there is no dpkg-query', async () => {
    const runner = fakeRunner({ rpm: { ran: true, code: 1, stdout: 'package pidgin is not installed\npurple-sipe\t1.25.0-9.fc39\tx86_64\nlibxml2\t2.10.4-3.fc39\tx86_64\n', stderr: '' } });
    const data = await collectEnvironment(ports(debianTree(), runner.run));
    expect(runner.calls[0]).toMatch(/^dpkg-query /);
    expect(runner.calls[1]).toMatch(/^rpm -q --qf .* purple-sipe pidgin-sipe libxml2$/);
    expect(data.packageManager).toBe('rpm');
    expect(data.sipe).toMatchObject({ version: '1.25.0-9.fc39', via: 'rpm' });
  });
});

describe('nodeHostPorts file reading', () => {
  it('reads under the root, refuses files over the cap, and reports missing ones as undefined', async () => {
    const root = tree({ 'a/small.txt': 'hello', 'a/big.txt': 'x'.repeat(5000) });
    const p = nodeHostPorts({ root });
    expect(await p.readText('/a/small.txt')).toBe('hello');
    expect(await p.readText('/a/big.txt', 4096)).toBeUndefined();
    expect(await p.readText('/a/missing.txt')).toBeUndefined();
    expect(await p.kind('/a')).toBe('dir');
    expect(await p.kind('/a/small.txt')).toBe('file');
    expect(await p.listDir('/nope')).toBeUndefined();
  });
});

describe('spawnRunner', () => {
  const run = spawnRunner(process.env);
  it('runs a command and returns its output and exit code', async () => {
    const r = await run(process.execPath, ['-e', 'console.log(process.env.LC_ALL); process.exit(3)'], 10_000);
    expect(r).toEqual({ ran: true, code: 3, stdout: 'C\n', stderr: '' });
  });
  it('kills a command at its deadline', async () => {
    const started = Date.now();
    const r = await run(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], 300);
    expect(r).toMatchObject({ ran: false, reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(30_000);
  });
  it('a missing command is "not-found"', async () => {
    expect(await run('sipe-doctor-no-such-command', [], 5000)).toMatchObject({ ran: false, reason: 'not-found' });
  });
});
