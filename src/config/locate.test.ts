import { describe, expect, it } from 'vitest';
import { locateAccountsXml } from './locate.js';

const base = { env: {}, home: '/home/alice', cwd: '/srv' };

describe('locateAccountsXml', () => {
  it('uses ~/.purple on Linux, BSD and macOS', () => {
    for (const platform of ['linux', 'freebsd', 'darwin'] as const) {
      expect(locateAccountsXml({ ...base, platform })).toBe('/home/alice/.purple/accounts.xml');
    }
  });
  it('uses %APPDATA%\\.purple on Windows, PURPLEHOME first', () => {
    expect(locateAccountsXml({ ...base, platform: 'win32', home: 'C:\\Users\\alice', env: { APPDATA: 'C:\\Users\\alice\\AppData\\Roaming' } }))
      .toBe('C:\\Users\\alice\\AppData\\Roaming\\.purple\\accounts.xml');
    expect(locateAccountsXml({ ...base, platform: 'win32', home: 'C:\\Users\\alice', env: { APPDATA: 'C:\\x', PURPLEHOME: 'D:\\portable' } }))
      .toBe('D:\\portable\\.purple\\accounts.xml');
  });
  it('--purple-dir and a path argument win; a directory argument means its accounts.xml', () => {
    expect(locateAccountsXml({ ...base, platform: 'linux', purpleDir: 'cfg' })).toBe('/srv/cfg/accounts.xml');
    expect(locateAccountsXml({ ...base, platform: 'linux', path: '/tmp/a.xml', purpleDir: 'ignored' })).toBe('/tmp/a.xml');
    expect(locateAccountsXml({ ...base, platform: 'linux', path: '/tmp/dotpurple' }, (p) => p === '/tmp/dotpurple')).toBe('/tmp/dotpurple/accounts.xml');
  });
});
