import { describe, expect, it } from 'vitest';
import type { HostSnapshot, RunResult } from './host.js';
import { interpretHost } from './interpret.js';
import { assessXmlParser } from './known-broken.js';

const ran = (stdout: string, code = 0): RunResult => ({ ran: true, code, stdout, stderr: '' });
const dpkgLines = (rows: readonly (readonly [string, string])[]): RunResult =>
  ran(rows.map(([p, v]) => `${p}\t${v}\t${v ? 'ii ' : 'un '}`).join('\n') + '\n', 1);

/** A Linux machine where nothing has been found yet; each test adds what it needs. */
function snapshot(over: Partial<HostSnapshot> = {}): HostSnapshot {
  return {
    platform: 'linux',
    arch: 'x64',
    env: { HOME: '/home/alice', LANG: 'en_US.UTF-8' },
    user: { name: 'alice', uid: 1000 },
    now: new Date('2026-11-22T10:00:00Z'),
    timeZone: 'Europe/Berlin',
    utcOffsetMinutes: 60,
    versionOutputs: [],
    clientBinaries: [],
    pluginDirs: [],
    libxml2Files: [],
    purpleDir: { path: '/home/alice/.purple', exists: true },
    accounts: { path: '/home/alice/.purple/accounts.xml', exists: true, summary: { accounts: 2, sipeAccounts: 1 } },
    processes: [],
    resolvConf: { path: '/etc/resolv.conf', text: 'nameserver 10.0.0.2\nsearch corp.example\n' },
    interfaces: ['lo', 'eth0'],
    notes: [],
    ...over,
  };
}

/** dpkg-query answers as each release's packages name and number them (binary:Package, Version). */
const RELEASES = {
  'Debian 11': [['finch', ''], ['libpurple0:amd64', '2.14.1-1'], ['libxml2:amd64', '2.9.10+dfsg-6.7+deb11u4'], ['pidgin', '2.14.1-1'], ['pidgin-sipe', '1.24.0-2']],
  'Debian 12 before the update': [['finch', '2.14.12-1'], ['libpurple0:amd64', '2.14.12-1'], ['libxml2:amd64', '2.9.14+dfsg-1.3~deb12u1'], ['pidgin', ''], ['pidgin-sipe', '1.25.0-2.1+b1']],
  'Debian 12': [['finch', '2.14.12-1'], ['libpurple0:amd64', '2.14.12-1'], ['libxml2:amd64', '2.9.14+dfsg-1.3~deb12u6'], ['pidgin', ''], ['pidgin-sipe', '1.25.0-2.1+b1']],
  'Debian 13': [['finch', ''], ['libpurple0t64:amd64', '2.14.14-1'], ['libxml2:amd64', '2.12.7+dfsg+really2.9.14-2.1+deb13u1'], ['pidgin', '2.14.14-1'], ['pidgin-sipe', '1.25.0-3']],
  'Ubuntu 24.04': [['finch', ''], ['libpurple0t64:amd64', '1:2.14.12-1.1build2'], ['libxml2:amd64', '2.9.14+dfsg-1.3ubuntu3'], ['pidgin', '1:2.14.12-1.1build2'], ['pidgin-sipe', '1.25.0-2.1build3']],
} as const;

describe('interpretHost: package databases', () => {
  it.each([
    ['Debian 11', { sipe: '1.24.0-2', sipeUp: '1.24.0', libpurplePkg: 'libpurple0', xml: '2.9.10+dfsg-6.7+deb11u4', xmlUp: '2.9.10', status: 'not-known' }],
    ['Debian 12 before the update', { sipe: '1.25.0-2.1+b1', sipeUp: '1.25.0', libpurplePkg: 'libpurple0', xml: '2.9.14+dfsg-1.3~deb12u1', xmlUp: '2.9.14', status: 'not-known' }],
    ['Debian 12', { sipe: '1.25.0-2.1+b1', sipeUp: '1.25.0', libpurplePkg: 'libpurple0', xml: '2.9.14+dfsg-1.3~deb12u6', xmlUp: '2.9.14', status: 'broken' }],
    ['Debian 13', { sipe: '1.25.0-3', sipeUp: '1.25.0', libpurplePkg: 'libpurple0t64', xml: '2.12.7+dfsg+really2.9.14-2.1+deb13u1', xmlUp: '2.9.14', status: 'not-known' }],
    ['Ubuntu 24.04', { sipe: '1.25.0-2.1build3', sipeUp: '1.25.0', libpurplePkg: 'libpurple0t64', xml: '2.9.14+dfsg-1.3ubuntu3', xmlUp: '2.9.14', status: 'not-known' }],
  ] as const)('%s', (release, want) => {
    const data = interpretHost(snapshot({ packageManager: { name: 'dpkg', result: dpkgLines(RELEASES[release]) } }));
    expect(data.packageManager).toBe('dpkg');
    expect(data.sipe).toMatchObject({ installed: true, version: want.sipe, upstream: want.sipeUp, via: 'dpkg', package: 'pidgin-sipe' });
    expect(data.libxml2).toMatchObject({ installed: true, version: want.xml, upstream: want.xmlUp, via: 'dpkg' });
    expect(data.libpurple).toMatchObject({ installed: true, package: want.libpurplePkg });
    expect(assessXmlParser(data).status).toBe(want.status);
  });

  it('a client the database does not have is "not installed", not unknown', () => {
    const data = interpretHost(snapshot({ packageManager: { name: 'dpkg', result: dpkgLines(RELEASES['Debian 12']) } }));
    expect(data.pidgin).toEqual({ installed: false, via: 'dpkg' });
    expect(data.finch).toMatchObject({ installed: true, version: '2.14.12-1' });
    expect(data.unknown).toBeUndefined();
  });

  it('prefers the native architecture when several are installed', () => {
    const result = ran('libxml2:i386\t2.9.14+dfsg-1.3~deb12u1\tii \nlibxml2:amd64\t2.9.14+dfsg-1.3~deb12u6\tii \n');
    expect(interpretHost(snapshot({ packageManager: { name: 'dpkg', result } })).libxml2?.version).toBe('2.9.14+dfsg-1.3~deb12u6');
    expect(interpretHost(snapshot({ arch: 'ia32', packageManager: { name: 'dpkg', result } })).libxml2?.version).toBe('2.9.14+dfsg-1.3~deb12u1');
  });

  it('RPM distributions: Fedora names SIPE purple-sipe', () => {
    const result = ran('pidgin\t2.14.12-3.fc39\tx86_64\npackage finch is not installed\nlibpurple\t2.14.12-3.fc39\tx86_64\npurple-sipe\t1.25.0-9.fc39\tx86_64\nlibxml2\t2.10.4-3.fc39\tx86_64\n');
    const data = interpretHost(snapshot({ packageManager: { name: 'rpm', result } }));
    expect(data.sipe).toMatchObject({ version: '1.25.0-9.fc39', upstream: '1.25.0', via: 'rpm', package: 'purple-sipe' });
    expect(data.finch).toEqual({ installed: false, via: 'rpm' });
    expect(assessXmlParser(data).status).toBe('not-known');
  });

  it('the plugin file adds its path and crypto library to the package answer', () => {
    const data = interpretHost(snapshot({
      packageManager: { name: 'dpkg', result: dpkgLines(RELEASES['Debian 12']) },
      pluginDirs: [{ path: '/usr/lib/purple-2', files: ['libsipe.so'] }, { path: '/usr/lib/x86_64-linux-gnu/purple-2', files: ['libjabber.so', 'ssl-nss.so', 'ssl.so'] }],
      sipeBinary: { path: '/usr/lib/purple-2/libsipe.so', version: '1.25.0', crypto: 'nss' },
    }));
    expect(data.sipe).toMatchObject({ version: '1.25.0-2.1+b1', via: 'dpkg', path: '/usr/lib/purple-2/libsipe.so', crypto: 'nss' });
    expect(data.tlsPlugins).toEqual(['ssl-nss']);
  });
});

describe('interpretHost: without a package database', () => {
  it('a self-built client: --version, the plugin file and the library file name', () => {
    const data = interpretHost(snapshot({
      clientBinaries: [{ client: 'pidgin', path: '/usr/local/bin/pidgin' }],
      versionOutputs: [{ client: 'pidgin', path: '/usr/local/bin/pidgin', result: ran('Pidgin 2.14.12 (libpurple 2.14.12)\n') }],
      pluginDirs: [{ path: '/usr/local/lib/purple-2', files: ['libsipe.so', 'ssl-gnutls.so', 'ssl.so'] }],
      sipeBinary: { path: '/usr/local/lib/purple-2/libsipe.so', version: '1.25.0', crypto: 'openssl' },
      libxml2Files: ['/usr/lib/x86_64-linux-gnu/libxml2.so.2.9.14'],
    }));
    expect(data.pidgin).toEqual({ installed: true, version: '2.14.12', upstream: '2.14.12', via: 'version-output', path: '/usr/local/bin/pidgin' });
    expect(data.libpurple).toMatchObject({ version: '2.14.12', via: 'version-output' });
    expect(data.sipe).toMatchObject({ version: '1.25.0', via: 'file', crypto: 'openssl' });
    expect(data.libxml2).toMatchObject({ version: '2.9.14', via: 'file' });
    expect(data.tlsPlugins).toEqual(['ssl-gnutls']);
    // the file name says 2.9.14, not which Debian build: not decided
    expect(assessXmlParser(data).status).toBe('not-known');
    expect(data.finch).toBeUndefined();
    expect(data.unknown).toContain('finch: no package database answer and no file found');
  });

  it('missing everything: every component unknown, never a crash', () => {
    const data = interpretHost(snapshot({
      env: {},
      user: {},
      purpleDir: { path: '/home/alice/.purple', exists: false },
      accounts: { path: '/home/alice/.purple/accounts.xml', exists: false },
      resolvConf: { path: '/etc/resolv.conf' },
      notes: ['package versions: neither dpkg-query nor rpm is installed'],
    }));
    for (const c of ['pidgin', 'finch', 'libpurple', 'sipe', 'libxml2'] as const) expect(data[c], c).toBeUndefined();
    expect(data.packageManager).toBeUndefined();
    expect(data.resolver).toBeUndefined();
    expect(data.tlsPlugins).toEqual([]);
    expect(data.accountsXml).toEqual({ path: '/home/alice/.purple/accounts.xml', exists: false });
    expect(data.locale).toEqual({ variables: {}, messages: 'C', charset: 'ANSI_X3.4-1968' });
    expect(data.unknown).toEqual(expect.arrayContaining([
      'package versions: neither dpkg-query nor rpm is installed',
      'pidgin-sipe: no package database answer and no file found',
      'libxml2: no package database answer and no file found',
      'resolver: /etc/resolv.conf cannot be read',
    ]));
    expect(assessXmlParser(data)).toEqual({ status: 'unknown', reason: 'the libxml2 version is unknown' });
  });

  it('a package database that timed out counts as no answer', () => {
    const data = interpretHost(snapshot({ packageManager: { name: 'dpkg', result: { ran: false, reason: 'timeout', message: 'x' } }, notes: ['dpkg-query: timed out after 3 s'] }));
    expect(data.packageManager).toBeUndefined();
    expect(data.sipe).toBeUndefined();
    expect(data.unknown).toContain('dpkg-query: timed out after 3 s');
  });

  it('Windows: no /proc, no locale variables, no resolv.conf', () => {
    const { resolvConf: _r, processes: _p, ...rest } = snapshot();
    const data = interpretHost({
      ...rest,
      platform: 'win32',
      env: { APPDATA: 'C:\\Users\\alice\\AppData\\Roaming' },
      purpleDir: { path: 'C:\\Users\\alice\\AppData\\Roaming\\.purple', exists: true },
      pluginDirs: [{ path: 'C:\\Program Files (x86)\\Pidgin\\plugins', files: ['libsipe.dll', 'ssl-nss.dll', 'ssl.dll'] }],
      sipeBinary: { path: 'C:\\Program Files (x86)\\Pidgin\\plugins\\libsipe.dll', version: '1.25.0' },
      interfaces: ['Ethernet', 'TAP-Windows Adapter V9'],
    });
    expect(data.runningClients).toBeUndefined();
    expect(data.locale).toBeUndefined();
    expect(data.resolver).toBeUndefined();
    expect(data.sipe).toMatchObject({ version: '1.25.0', via: 'file' });
    expect(data.vpnInterfaces).toEqual(['TAP-Windows Adapter V9']);
    expect(data.unknown).toEqual(expect.arrayContaining(['running Pidgin/Finch: not detectable on win32', 'resolver: not read on win32']));
  });
});

describe('interpretHost: profile, processes, network, clock', () => {
  const passwd = 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\nbob:x:1001:1001::/home/bob:/bin/bash\n';

  it('running clients: -c DIR (relative to the process cwd) or the default of the user that runs it', () => {
    const data = interpretHost(snapshot({
      passwd,
      env: { HOME: '/srv/alice-home' },
      processes: [
        { pid: 4242, name: 'pidgin', args: ['pidgin', '-c', '.purple-work'], uid: 1000, cwd: '/home/alice' },
        { pid: 4343, name: 'finch', args: ['finch'], uid: 1001 },
        { pid: 4444, name: 'pidgin', args: ['/usr/bin/pidgin'], uid: 1000 },
        { pid: 4545, name: 'finch', args: ['finch'] },
      ],
    }));
    expect(data.runningClients).toEqual([
      { name: 'pidgin', pid: 4242, user: 'alice', profileDir: '/home/alice/.purple-work', profileDirFrom: 'option' },
      { name: 'finch', pid: 4343, user: 'bob', profileDir: '/home/bob/.purple', profileDirFrom: 'default' },
      // our own process: HOME of this run, as libpurple uses $HOME
      { name: 'pidgin', pid: 4444, user: 'alice', profileDir: '/srv/alice-home/.purple', profileDirFrom: 'default' },
      { name: 'finch', pid: 4545, profileDirFrom: 'unknown' },
    ]);
  });

  it('resolver: resolv.conf, and systemd-resolved links behind its stub', () => {
    const data = interpretHost(snapshot({
      resolvConf: { path: '/etc/resolv.conf', text: 'nameserver 127.0.0.53\nsearch corp.example\n' },
      resolvectl: ran('Link 2 (eth0)\nCurrent DNS Server: 10.0.0.2\n       DNS Servers: 10.0.0.2\n        DNS Domain: corp.example\n'),
    }));
    expect(data.resolver).toEqual({
      source: '/etc/resolv.conf', nameservers: ['127.0.0.53'], search: ['corp.example'],
      resolved: [{ link: 'eth0', servers: ['10.0.0.2'], domains: ['corp.example'], current: '10.0.0.2' }],
    });
  });

  it('proxy variables with credentials redacted; locale; VPN interfaces; local clock with its offset', () => {
    const data = interpretHost(snapshot({
      env: { LANG: 'de_DE.UTF-8', https_proxy: 'http://alice:Fixture-Pw-2@proxy.corp.example:3128', no_proxy: '.corp.example', FTP: 'x' },
      interfaces: ['lo', 'wlp2s0', 'cscotun0', 'docker0'],
    }));
    expect(data.proxyVariables).toEqual({ https_proxy: 'http://<redacted>@proxy.corp.example:3128', no_proxy: '.corp.example' });
    expect(JSON.stringify(data)).not.toContain('Fixture-Pw-2');
    expect(data.locale).toEqual({ variables: { LANG: 'de_DE.UTF-8' }, messages: 'de_DE.UTF-8', charset: 'UTF-8' });
    expect(data.vpnInterfaces).toEqual(['cscotun0']);
    expect(data.clock).toEqual({ local: '2026-11-22T11:00:00+01:00', timeZone: 'Europe/Berlin', utcOffsetMinutes: 60 });
    expect(interpretHost(snapshot({ utcOffsetMinutes: -210 })).clock?.local).toBe('2026-11-22T06:30:00-03:30');
  });

  it('accounts.xml: counts, or the problem with it', () => {
    expect(interpretHost(snapshot()).accountsXml).toEqual({ path: '/home/alice/.purple/accounts.xml', exists: true, accounts: 2, sipeAccounts: 1 });
    const bad = interpretHost(snapshot({ accounts: { path: '/p/accounts.xml', exists: true, summary: { problem: 'not well-formed XML (line 3: x)' } } }));
    expect(bad.accountsXml).toEqual({ path: '/p/accounts.xml', exists: true, problem: 'not well-formed XML (line 3: x)' });
  });
});
