import { describe, expect, it } from 'vitest';
import {
  isResolvedStub, isVpnInterface, libxml2VersionFromFile, localeFacts, parseClientVersion, parseDpkgQuery, parseOsRelease,
  parsePasswd, parseResolvConf, parseResolvectl, parseRpmQuery, profileDirFromArgs, redactProxyValue, releaseOf, rpmUpstream,
  sipeBinaryFacts, summarizeAccounts, tlsPluginsIn, uidFromProcStatus,
} from './parse.js';

describe('parseDpkgQuery', () => {
  it('reads name:arch, version and the state; not-installed and config-files entries are not installed', () => {
    const out = 'finch\t2.14.12-1\tii \nlibpurple0:amd64\t2.14.12-1\tii \nlibxml2:i386\t2.9.14+dfsg-1.3~deb12u6\tiF \npidgin\t\tun \npidgin-sipe\t1.24.0-2\trc \n';
    expect(parseDpkgQuery(out)).toEqual([
      { name: 'finch', version: '2.14.12-1', installed: true },
      { name: 'libpurple0', arch: 'amd64', version: '2.14.12-1', installed: true },
      { name: 'libxml2', arch: 'i386', version: '2.9.14+dfsg-1.3~deb12u6', installed: true, state: 'half-configured' },
      { name: 'pidgin', version: '', installed: false },
      { name: 'pidgin-sipe', version: '', installed: false },
    ]);
  });

  it('skips lines that are not its format (stderr mixed in, blank lines)', () => {
    expect(parseDpkgQuery('dpkg-query: no packages found matching libxml2-16\n\n')).toEqual([]);
  });
});

describe('parseRpmQuery', () => {
  it('reads installed packages and skips "is not installed" lines', () => {
    const out = 'pidgin\t2.14.12-3.fc39\tx86_64\npackage finch is not installed\npurple-sipe\t1.25.0-9.fc39\tx86_64\nlibxml2\t2.10.4-3.fc39\tx86_64\n';
    expect(parseRpmQuery(out).map((p) => [p.name, p.version])).toEqual([
      ['pidgin', '2.14.12-3.fc39'],
      ['purple-sipe', '1.25.0-9.fc39'],
      ['libxml2', '2.10.4-3.fc39'],
    ]);
    expect(rpmUpstream('1:2.14.12-3.fc39')).toBe('2.14.12');
  });
});

describe('releaseOf', () => {
  it.each([
    ['2.9.14+dfsg', '2.9.14'],
    ['2.12.7+dfsg+really2.9.14', '2.9.14'],
    ['1.25.0', '1.25.0'],
    ['2.9.10+dfsg', '2.9.10'],
    ['1.0~ds1', '1.0'],
  ])('%s → %s', (a, b) => expect(releaseOf(a)).toBe(b));
});

describe('parseClientVersion', () => {
  it.each([
    ['Pidgin 2.14.12 (libpurple 2.14.12)\n', { client: 'pidgin', version: '2.14.12', libpurple: '2.14.12' }],
    ['Finch 2.14.12 (2fc862e230a7d64799e614a49ee49ef9d54f89a9)\n', { client: 'finch', version: '2.14.12' }],
    ['Pidgin 2.10.11 (libpurple 2.10.11)\n', { client: 'pidgin', version: '2.10.11', libpurple: '2.10.11' }],
  ])('%j', (out, want) => expect(parseClientVersion(out)).toEqual(want));

  it('returns nothing for other output', () => {
    expect(parseClientVersion('(pidgin:123): Gtk-WARNING **: cannot open display:\n')).toBeUndefined();
  });
});

describe('parseOsRelease', () => {
  it.each([
    ['Debian 12', 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nID=debian\n', { id: 'debian', versionId: '12', codename: 'bookworm', name: 'Debian GNU/Linux 12 (bookworm)' }],
    ['Debian 13', 'PRETTY_NAME="Debian GNU/Linux 13 (trixie)"\nVERSION_ID="13"\nVERSION_CODENAME=trixie\nID=debian\n', { id: 'debian', versionId: '13', codename: 'trixie', name: 'Debian GNU/Linux 13 (trixie)' }],
    ['Ubuntu', 'NAME="Ubuntu"\nVERSION_ID="24.04"\nID=ubuntu\nID_LIKE=debian\nPRETTY_NAME="Ubuntu 24.04.1 LTS"\nUBUNTU_CODENAME=noble\n', { id: 'ubuntu', versionId: '24.04', codename: 'noble', name: 'Ubuntu 24.04.1 LTS' }],
    ['sid without VERSION_ID', 'PRETTY_NAME="Debian GNU/Linux trixie/sid"\nID=debian\n', { id: 'debian', name: 'Debian GNU/Linux trixie/sid' }],
    ['empty', '', {}],
  ])('%s', (_n, text, want) => expect(parseOsRelease(text)).toEqual(want));
});

describe('sipeBinaryFacts', () => {
  const bin = (s: string): Uint8Array => new Uint8Array(Buffer.from(`\x7fELF\x00\x00${s}\x00\x00`, 'latin1'));
  it('reads the version line and the crypto library', () => {
    expect(sipeBinaryFacts(bin('NSS_NoDB_Init\x00sipe_core_allocate: SIPE version 1.25.0 (%s)\x00%s Sipe/1.25.0 (linux-x86_64)'))).toEqual({ version: '1.25.0', crypto: 'nss' });
    expect(sipeBinaryFacts(bin('EVP_CIPHER_CTX_new\x00Purple/%s Sipe/1.18.2 (%s)'))).toEqual({ version: '1.18.2', crypto: 'openssl' });
  });
  it('says nothing about a file that is not SIPE', () => {
    expect(sipeBinaryFacts(bin('libjabber'))).toEqual({});
  });
});

describe('files', () => {
  it('libxml2 versions from the real file name only', () => {
    expect(libxml2VersionFromFile('libxml2.so.2.9.14')).toBe('2.9.14');
    expect(libxml2VersionFromFile('libxml2.so.2')).toBeUndefined();
    expect(libxml2VersionFromFile('libxml2.a')).toBeUndefined();
  });
  it('TLS plugins are ssl-*.so/.dll (ssl.so only loads them)', () => {
    expect(tlsPluginsIn(['ssl.so', 'ssl-nss.so', 'libjabber.so', 'ssl-gnutls.so', 'nss-prefs.so'])).toEqual(['ssl-nss', 'ssl-gnutls']);
    expect(tlsPluginsIn(['ssl-nss.dll', 'libsipe.dll'])).toEqual(['ssl-nss']);
  });
});

describe('parseResolvConf', () => {
  it.each([
    ['plain', 'nameserver 10.0.0.2\nnameserver 10.0.0.3\nsearch corp.example lab.corp.example\n', ['10.0.0.2', '10.0.0.3'], ['corp.example', 'lab.corp.example']],
    ['systemd-resolved stub', '# This is /run/systemd/resolve/stub-resolv.conf managed by man:systemd-resolved(8).\nnameserver 127.0.0.53\noptions edns0 trust-ad\nsearch .\n', ['127.0.0.53'], ['.']],
    ['domain then search: the last wins', 'domain old.example\nsearch corp.example\n', [], ['corp.example']],
    ['comments and IPv6', '; old\nnameserver fd00::53 # VPN\nnameserver 192.0.2.1\n', ['fd00::53', '192.0.2.1'], []],
    ['empty', '', [], []],
  ])('%s', (_n, text, ns, search) => {
    expect(parseResolvConf(text)).toEqual({ nameservers: ns, search });
  });

  it('recognises the resolved stub', () => {
    expect(isResolvedStub(['127.0.0.53'])).toBe(true);
    expect(isResolvedStub(['127.0.0.53', '10.0.0.2'])).toBe(false);
    expect(isResolvedStub([])).toBe(false);
  });
});

describe('parseResolvectl', () => {
  it('reads per-link servers and domains, with continuation lines and IPv6', () => {
    const text = [
      'Global',
      '       Protocols: +LLMNR +mDNS -DNSOverTLS DNSSEC=no/unsupported',
      'resolv.conf mode: stub',
      '',
      'Link 2 (eth0)',
      '    Current Scopes: DNS',
      'Current DNS Server: 192.168.1.1',
      '       DNS Servers: 192.168.1.1',
      '                    fe80::1%2',
      '        DNS Domain: ~.',
      '',
      'Link 5 (tun0)',
      'Current DNS Server: 10.8.0.1',
      '       DNS Servers: 10.8.0.1 10.8.0.2',
      '        DNS Domain: corp.example ~lab.corp.example',
    ].join('\n');
    expect(parseResolvectl(text)).toEqual([
      { link: 'eth0', servers: ['192.168.1.1', 'fe80::1%2'], domains: ['~.'], current: '192.168.1.1' },
      { link: 'tun0', servers: ['10.8.0.1', '10.8.0.2'], domains: ['corp.example', '~lab.corp.example'], current: '10.8.0.1' },
    ]);
  });
});

describe('redactProxyValue', () => {
  it.each([
    ['http://alice:Secr3t@proxy.corp.example:3128/', 'http://<redacted>@proxy.corp.example:3128/'],
    ['http://alice:p@ss@proxy:8080', 'http://<redacted>@proxy:8080'],
    ['alice:secret@proxy:3128', '<redacted>@proxy:3128'],
    ['http://proxy.corp.example:3128', 'http://proxy.corp.example:3128'],
    ['localhost,127.0.0.1,.corp.example', 'localhost,127.0.0.1,.corp.example'],
    ['socks5h://u:p@10.0.0.1:1080', 'socks5h://<redacted>@10.0.0.1:1080'],
  ])('%s', (a, b) => {
    expect(redactProxyValue(a)).toBe(b);
    expect(redactProxyValue(a)).not.toMatch(/Secr3t|p@ss|secret/);
  });
});

describe('localeFacts', () => {
  it.each([
    ['LANG only', { LANG: 'de_DE.UTF-8' }, 'de_DE.UTF-8', 'UTF-8'],
    ['LC_ALL wins', { LANG: 'de_DE.UTF-8', LC_ALL: 'C' }, 'C', 'ANSI_X3.4-1968'],
    ['LC_MESSAGES before LANG', { LANG: 'de_DE.ISO-8859-1', LC_MESSAGES: 'en_US.UTF-8' }, 'en_US.UTF-8', 'ISO-8859-1'],
    ['modifier', { LANG: 'de_DE.UTF-8@euro' }, 'de_DE.UTF-8@euro', 'UTF-8'],
    ['no codeset', { LANG: 'fr_FR' }, 'fr_FR', undefined],
    ['nothing set', {}, 'C', 'ANSI_X3.4-1968'],
    ['empty values do not count', { LC_ALL: '', LANG: 'ja_JP.eucJP' }, 'ja_JP.eucJP', 'eucJP'],
  ])('%s', (_n, env, messages, charset) => {
    const f = localeFacts(env);
    expect(f.messages).toBe(messages);
    expect(f.charset).toBe(charset);
  });
});

describe('isVpnInterface', () => {
  it.each([
    ['tun0', true], ['tap1', true], ['wg0', true], ['wg-corp', true], ['ppp0', true], ['cscotun0', true], ['utun3', true],
    ['gpd0', true], ['tailscale0', true], ['ipsec0', true], ['vpn0', true],
    ['TAP-Windows Adapter V9', true], ['Cisco AnyConnect Secure Mobility Client Connection', true], ['OpenVPN Wintun', true], ['PANGP Virtual Ethernet Adapter', true],
    ['lo', false], ['eth0', false], ['enp3s0', false], ['wlan0', false], ['wlp2s0', false], ['docker0', false], ['br-1a2b', false], ['veth12ab', false],
    ['en0', false], ['Ethernet', false], ['Wi-Fi', false], ['virbr0', false], ['tunnelbroker', false],
  ])('%s → %s', (name, vpn) => expect(isVpnInterface(name)).toBe(vpn));
});

describe('profileDirFromArgs', () => {
  it.each([
    [['pidgin'], undefined],
    [['pidgin', '-c', '/home/alice/.purple-work'], '/home/alice/.purple-work'],
    [['pidgin', '-c/tmp/p'], '/tmp/p'],
    [['pidgin', '--config=/tmp/p'], '/tmp/p'],
    [['pidgin', '--config', 'work'], 'work'],
    [['finch', '-dc', '/tmp/f'], '/tmp/f'],
    [['pidgin', '-d', '--', '-c', '/x'], undefined],
    [['pidgin', '-s', 'c', '-n'], undefined],
    [['pidgin', '-c', '/a', '-c', '/b'], '/b'],
    [['pidgin', '-c'], undefined],
  ])('%j → %s', (args, dir) => expect(profileDirFromArgs(args)).toBe(dir));
});

describe('/proc and /etc/passwd', () => {
  it('reads the real uid', () => {
    expect(uidFromProcStatus('Name:\tpidgin\nUmask:\t0022\nState:\tS (sleeping)\nUid:\t1000\t1000\t1000\t1000\nGid:\t1000\n')).toBe(1000);
    expect(uidFromProcStatus('Name:\tpidgin\n')).toBeUndefined();
  });
  it('maps uids to names and homes; the first entry of a uid wins', () => {
    const users = parsePasswd('root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000:Alice,,,:/home/alice:/bin/bash\n+::::::\ntoor:x:0:0::/root:/bin/sh\n');
    expect(users.get(1000)).toEqual({ name: 'alice', home: '/home/alice' });
    expect(users.get(0)?.name).toBe('root');
  });
});

describe('summarizeAccounts', () => {
  const xml = (accounts: string): string => `<?xml version='1.0' encoding='UTF-8' ?>\n<account version='1.0'>${accounts}</account>\n`;
  const sipe = (name: string, password?: string): string =>
    `<account><protocol>prpl-sipe</protocol><name>${name}</name>${password ? `<password>${password}</password>` : ''}<settings><setting name='server' type='string'></setting></settings></account>`;
  it('counts SIPE accounts among all, and keeps nothing else', () => {
    const summary = summarizeAccounts(xml(sipe('alice@corp.example', 'Fixture-Pw-1') + '<account><protocol>prpl-jabber</protocol><name>a@jabber.example/x</name></account>'));
    expect(summary).toEqual({ accounts: 2, sipeAccounts: 1 });
    expect(JSON.stringify(summary)).not.toContain('Fixture-Pw-1');
  });
  it('says when the file is not well-formed', () => {
    expect(summarizeAccounts('<account><account>')).toMatchObject({ problem: expect.stringMatching(/not well-formed/) });
  });
});
