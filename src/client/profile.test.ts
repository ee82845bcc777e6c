import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { accountName, accountsXml, clientEnvironment, peerFileName, prefsXml, profileFiles } from './profile.js';
import { launchScript, parseConnectionError, shellQuote } from './runner.js';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (n) => n === 'account' || n === 'setting' || n === 'settings' });

describe('accounts.xml of the throw-away profile', () => {
  it('stores every field as Pidgin does', () => {
    const xml = accountsXml([{
      user: 'alice@corp.example', login: 'CORP\\alice', password: `P<&>'"w`, server: 'sip.corp.example:443',
      transport: 'tls', auth: 'tls-dsk', useragent: 'UCCAPI/15.0.4420.1017 OC/15.0.4420.1017 (Microsoft Lync)',
      proxy: { type: 'http', host: '127.0.0.1', port: 3128 },
    }]);
    expect(xml.startsWith("<?xml version='1.0' encoding='UTF-8' ?>\n<account version='1.0'>")).toBe(true);
    const a = parser.parse(xml).account[0].account[0];
    expect(a.protocol).toBe('prpl-sipe');
    expect(a.name).toBe('alice@corp.example,CORP\\alice');
    expect(a.password).toBe(`P<&>'"w`);
    const settings = Object.fromEntries(a.settings[0].setting.map((s: Record<string, string>) => [s['@name'], s['#text']]));
    expect(settings).toEqual({
      server: 'sip.corp.example:443', transport: 'tls', authentication: 'tls-dsk',
      useragent: 'UCCAPI/15.0.4420.1017 OC/15.0.4420.1017 (Microsoft Lync)',
    });
    expect(a.settings[1]['@ui']).toBe('gnt-purple');
    expect(a.settings[1].setting[0]).toMatchObject({ '@name': 'auto-login', '@type': 'bool', '#text': 1 });
    expect(a.proxy).toEqual({ type: 'http', host: '127.0.0.1', port: 3128 });
    expect(xml).toContain('P&lt;&amp;&gt;&apos;&quot;w');
  });

  it('leaves out what the dialog leaves empty (auto-discovery, SIPE default scheme and User-Agent)', () => {
    const xml = accountsXml([{ user: 'bob@corp.example', password: 'x', auth: 'auto' }]);
    expect(xml).toContain('<name>bob@corp.example,</name>');
    expect(xml).toContain("<setting name='transport' type='string'>auto</setting>");
    expect(xml).not.toMatch(/name='(server|authentication|useragent)'/);
    expect(xml).not.toContain('<proxy>');
    expect(accountName({ user: 'u@d' })).toBe('u@d,');
  });

  it('holds several accounts and refuses none or a bad proxy port', () => {
    expect(parser.parse(accountsXml([{ user: 'a@x', password: '1' }, { user: 'b@x', password: '2' }])).account[0].account).toHaveLength(2);
    expect(() => accountsXml([])).toThrow(/at least one/);
    expect(() => accountsXml([{ user: '', password: '' }])).toThrow(/user/);
    expect(() => accountsXml([{ user: 'a@x', password: '', proxy: { type: 'http', host: 'h', port: 0 } }])).toThrow(/port/);
  });
});

describe('prefs.xml and trusted peers', () => {
  it('silences sounds, chat logs and idle reporting', () => {
    const xml = prefsXml();
    expect(() => parser.parse(xml)).not.toThrow();
    expect(xml).toContain("<pref name='method' type='string' value='nosound'/>");
    expect(xml).toContain("<pref name='log_ims' type='bool' value='0'/>");
    expect(xml).toContain("<pref name='idle_reporting' type='string' value='none'/>");
  });

  it("puts certificates in libpurple's tls_peers cache under the host name", () => {
    const files = profileFiles([{ user: 'a@x', password: 'p' }], [{ host: '127.0.0.1', pem: 'PEM' }, { host: 'lyncweb.corp.example', pem: 'PEM2' }]);
    expect([...files.keys()]).toEqual(['accounts.xml', 'prefs.xml', 'certificates/x509/tls_peers/127.0.0.1', 'certificates/x509/tls_peers/lyncweb.corp.example']);
    expect(files.get('certificates/x509/tls_peers/lyncweb.corp.example')).toBe('PEM2');
    expect(() => peerFileName('../etc/passwd')).toThrow();
    expect(() => peerFileName('..')).toThrow();
  });
});

describe('client environment and launch script', () => {
  it('sets or unsets PURPLE_UNSAFE_DEBUG and the UI language; HOME is the profile', () => {
    expect(clientEnvironment({ bodies: true, home: '/tmp/p' })).toEqual({ PURPLE_UNSAFE_DEBUG: '1', HOME: '/tmp/p' });
    expect(clientEnvironment({ bodies: false, home: '/tmp/p', lang: 'pl_PL.ISO-8859-2', localeDir: '/tmp/loc' })).toEqual({
      PURPLE_UNSAFE_DEBUG: undefined, HOME: '/tmp/p', LANG: 'pl_PL.ISO-8859-2', LC_ALL: 'pl_PL.ISO-8859-2', LANGUAGE: 'pl_PL', LOCPATH: '/tmp/loc',
    });
  });

  it('quotes everything it hands to the shell', () => {
    const s = launchScript({ env: { PURPLE_UNSAFE_DEBUG: undefined, LD_PRELOAD: "/tmp/it's.so" }, netns: 'ns1', profile: '/tmp/a b', log: '/tmp/l.log' });
    expect(s.split('\n')).toEqual(['#!/bin/sh', 'unset PURPLE_UNSAFE_DEBUG', `export LD_PRELOAD='/tmp/it'\\''s.so'`,
      "exec ip netns exec ns1 finch -c '/tmp/a b' -d 2>/tmp/l.log >/dev/null", '']);
    expect(shellQuote('CORP\\alice')).toBe(`'CORP\\alice'`);
  });

  it("reads libpurple's connection error line", () => {
    expect(parseConnectionError('(10:00:00) connection: Connection error on 0x55d0 (reason: 2 description: Authentication failed)\n'))
      .toEqual({ reason: 2, description: 'Authentication failed' });
    expect(parseConnectionError('no error\n')).toBeUndefined();
  });
});

describe('the npm run client command a lab run prints', () => {
  it('reproduces the run: bodies, language, preload; never the password', async () => {
    const { clientArgs } = await import('../lab/sip/sipe-client.js');
    const a = clientArgs({ user: 'alice@corp.example', password: 'Passw0rd!', server: '127.0.0.1:5061', transport: 'tls', seconds: 12, until: '',
      lang: 'ja_JP.EUC-JP', env: { LD_PRELOAD: '/tmp/saxfix.so' } }, 'out.log');
    expect(a.join(' ')).toBe('--user alice@corp.example --password <password> --transport tls --seconds 12 --out out.log --server 127.0.0.1:5061 --until  --bodies --lang ja_JP.EUC-JP --preload /tmp/saxfix.so');
    expect(a).not.toContain('Passw0rd!');
    expect(clientArgs({ user: 'a@x', password: 'p', server: '', transport: 'auto', seconds: 5, bodies: false }, 'o')).not.toContain('--bodies');
  });
});
