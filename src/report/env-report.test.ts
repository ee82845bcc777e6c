import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../report/types.js';
import type { EnvironmentData } from '../env/interpret.js';
import { wrapParagraph } from '../report/formatters/text.js';
import { buildEnvReport, formatEnvMarkdown, formatEnvText, summarizeMachine } from './env-report.js';
import { machineLine } from './formatters/shared.js';

const broken: EnvironmentData = {
  platform: 'linux', arch: 'x64',
  os: { id: 'debian', versionId: '12', codename: 'bookworm', name: 'Debian GNU/Linux 12 (bookworm)', kernel: '6.1.0-28-amd64' },
  packageManager: 'dpkg',
  pidgin: { installed: false, via: 'dpkg' },
  finch: { installed: true, version: '2.14.12-1', upstream: '2.14.12', via: 'dpkg', package: 'finch' },
  libpurple: { installed: true, version: '2.14.12-1', upstream: '2.14.12', via: 'dpkg', package: 'libpurple0' },
  sipe: { installed: true, version: '1.25.0-2.1+b1', upstream: '1.25.0', via: 'dpkg', package: 'pidgin-sipe', path: '/usr/lib/purple-2/libsipe.so', crypto: 'nss' },
  libxml2: { installed: true, version: '2.9.14+dfsg-1.3~deb12u6', upstream: '2.9.14', via: 'dpkg', package: 'libxml2' },
  tlsPlugins: ['ssl-nss'],
  purpleDir: { path: '/home/alice-with-a-rather-long-user-name/.purple-profiles/work-account-for-lync', exists: true },
  accountsXml: { path: '/home/alice-with-a-rather-long-user-name/.purple-profiles/work-account-for-lync/accounts.xml', exists: true, accounts: 3, sipeAccounts: 1 },
  runningClients: [{ name: 'pidgin', pid: 4242, user: 'alice', profileDir: '/home/alice/.purple-work', profileDirFrom: 'option' }],
  resolver: { source: '/etc/resolv.conf', nameservers: ['127.0.0.53'], search: ['corp.example'], resolved: [{ link: 'tun0', servers: ['10.8.0.1', '10.8.0.2'], domains: ['corp.example'] }] },
  proxyVariables: { https_proxy: 'http://<redacted>@proxy.corp.example:3128', no_proxy: 'localhost,127.0.0.1,.corp.example,.lab.corp.example,.very-long-internal-domain.example' },
  locale: { variables: { LANG: 'de_DE.UTF-8' }, messages: 'de_DE.UTF-8', charset: 'UTF-8' },
  interfaces: ['lo', 'wlp2s0', 'tun0'], vpnInterfaces: ['tun0'],
  clock: { local: '2026-11-22T11:00:00+01:00', timeZone: 'Europe/Berlin', utcOffsetMinutes: 60 },
  user: { name: 'alice', uid: 1000 },
  unknown: ['resolvectl: timed out after 3 s'],
};

const finding: Finding = {
  rootCause: 'client-xml-parser-broken', ruleId: 'client/broken-xml-parser', severity: 'error', step: 'client', confidence: 'confirmed',
  title: "SIPE cannot parse the server's XML answers",
  explanation: 'This machine has pidgin-sipe 1.25.0-2.1+b1 with libxml2 2.9.14+dfsg-1.3~deb12u6: the XML callbacks are no longer called.',
  remediation: { summary: 'Run SIPE with an XML library it can use.', steps: ['Check the installed libxml2: `dpkg -l libxml2`.', 'Or report it to your distribution.'], audience: 'user' },
  evidence: [], role: 'primary', docsUrl: 'docs/rules/client/broken-xml-parser.md',
};

describe('wrapParagraph (as the env report uses it)', () => {
  it('never breaks a word and keeps every line within the width unless one word is longer', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z/.~+-]{1,30}$/), { maxLength: 40 }), fc.integer({ min: 10, max: 100 }), (words, width) => {
        const lines = wrapParagraph(words.join(' '), width);
        expect(lines.join(' ')).toBe(words.join(' '));
        for (const l of lines) if (l.includes(' ')) expect(l.length).toBeLessThanOrEqual(width);
      }),
    );
  });
});

describe('formatEnvText', () => {
  const report = buildEnvReport(broken, [finding], '0.1.0', '2026-11-22T10:00:00.000Z');
  const text = formatEnvText(report, { color: false });

  it('fits 80 columns; a value too long for its column gets a line of its own, unbroken', () => {
    const lines = text.split('\n');
    // only a single token longer than the line may exceed it, alone on its line
    expect(lines.filter((l) => l.length > 80 && !/^ {4}\S+$/.test(l))).toEqual([]);
    expect(lines).toContain('    /home/alice-with-a-rather-long-user-name/.purple-profiles/work-account-for-lync/accounts.xml');
    expect(lines).toContain('    no_proxy=localhost,127.0.0.1,.corp.example,.lab.corp.example,.very-long-internal-domain.example');
    expect(lines).toContain('  directory');
    expect(lines).toContain('    /home/alice-with-a-rather-long-user-name/.purple-profiles/work-account-for-lync');
  });

  it('names the versions, the broken pair and its fix, and what was not determined', () => {
    expect(text).toMatch(/libxml2 +2\.9\.14\+dfsg-1\.3~deb12u6 \(dpkg package libxml2\)\n +✖ breaks pidgin-sipe 1\.25\.0-2\.1\+b1/);
    expect(text).toContain('pidgin        not installed (dpkg)');
    expect(text).toContain('pidgin pid 4242 of alice: /home/alice/.purple-work (-c)');
    expect(text).toContain('VPN-looking: tun0');
    expect(text).toContain('https_proxy=http://<redacted>@proxy.corp.example:3128');
    expect(text).toContain("✖ SIPE cannot parse the server's XML answers (client-xml-parser-broken,");
    expect(text).toContain('More: sipe-doctor rules explain client/broken-xml-parser');
    expect(text).toMatch(/Not determined\n  - resolvectl: timed out after 3 s/);
    expect(text).not.toMatch(/\u001b\[/);
  });

  it('says so when nothing known-broken is installed', () => {
    const ok = formatEnvText(buildEnvReport({ ...broken, libxml2: { installed: true, version: '2.9.14+dfsg-1.3~deb12u1', via: 'dpkg', package: 'libxml2' } }, [], '0.1.0', 'x'), { color: false });
    expect(ok).toContain('✔ no known problem with SIPE');
    expect(ok).toContain('No known-broken combination');
    expect(ok).not.toContain('Known problems');
  });

  it('an environment with nothing known still renders', () => {
    const bare = formatEnvText(buildEnvReport({}, [], '0.1.0', 'x'), { color: false });
    expect(bare).toContain('pidgin-sipe   unknown');
    expect(bare).toContain('? not decided: the libxml2 version is unknown');
    expect(bare).toContain('resolver      unknown');
  });
});

describe('formatEnvMarkdown', () => {
  it('lists the same facts for a ticket, escaped', () => {
    const md = formatEnvMarkdown(buildEnvReport(broken, [finding], '0.1.0', '2026-11-22T10:00:00.000Z'));
    expect(md).toContain('# sipe-doctor env');
    expect(md).toContain('- **libxml2:** ✖ 2.9.14+dfsg-1.3~deb12u6 (dpkg package libxml2); breaks pidgin-sipe');
    expect(md).toContain('https\\_proxy=http://\\<redacted\\>@proxy.corp.example:3128');
    expect(md).toContain("**✖ SIPE cannot parse the server's XML answers** (`client-xml-parser-broken`, confirmed)");
  });
});

describe('summarizeMachine (the line above check\'s report)', () => {
  it('names the SIPE stack, a running client and the known-broken pair', () => {
    const m = summarizeMachine(broken);
    expect(m.facts).toEqual(['pidgin-sipe 1.25.0-2.1+b1', 'libpurple 2.14.12-1', 'libxml2 2.9.14+dfsg-1.3~deb12u6', 'pidgin running']);
    expect(m.knownProblems).toEqual(['client-xml-parser-broken']);
    expect(machineLine(m)).toBe('This machine: pidgin-sipe 1.25.0-2.1+b1, libpurple 2.14.12-1, libxml2 2.9.14+dfsg-1.3~deb12u6, pidgin running; known problem here: client-xml-parser-broken (details: sipe-doctor env)');
  });
  it('says when SIPE is not installed, and no problem for a libxml2 before the update', () => {
    const m = summarizeMachine({ ...broken, sipe: { installed: false, via: 'dpkg' }, libxml2: { installed: true, version: '2.9.14+dfsg-1.3~deb12u1', via: 'dpkg', package: 'libxml2' }, runningClients: [] });
    expect(m.facts[0]).toBe('pidgin-sipe not installed');
    expect(m.knownProblems).toEqual([]);
  });
});
