import { describe, expect, it } from 'vitest';
import { certNameCovers, commonName, hostOf, hostOfUrl, hostPortOfUrl, inDomain, isIpLiteral, isSfbOnlineHost, sfbOnlineHostsIn, splitHostPort } from './hosts.js';

describe('host names', () => {
  it('splits host[:port] strings, IPv6 included', () => {
    expect(splitHostPort('pool.corp.example:5061')).toEqual({ host: 'pool.corp.example', port: 5061 });
    expect(splitHostPort('[::1]:5061')).toEqual({ host: '::1', port: 5061 });
    expect(splitHostPort('::1')).toEqual({ host: '::1' });
    expect(splitHostPort('pool:0')).toEqual({ host: 'pool' });
    expect(hostOf('Pool.Corp.Example.:443')).toBe('pool.corp.example');
  });

  it('knows IP literals, URLs, domains and the Skype for Business Online names', () => {
    expect(['127.0.0.1', '::1', '[::1]', 'pool.corp.example'].map(isIpLiteral)).toEqual([true, true, true, false]);
    expect(hostOfUrl('https://LyncWeb.corp.example:4443/x')).toBe('lyncweb.corp.example');
    expect(hostPortOfUrl('https://lyncweb.corp.example/x')).toBe('lyncweb.corp.example:443');
    expect(hostPortOfUrl('http://lyncdiscover.corp.example:8080/')).toBe('lyncdiscover.corp.example:8080');
    expect(inDomain('pool.corp.example.', 'Corp.Example')).toBe(true);
    expect(inDomain('pool.other.example', 'corp.example')).toBe(false);
    expect(isSfbOnlineHost('sipdir.online.lync.com.')).toBe(true);
    expect(sfbOnlineHostsIn('see https://webdir1a.online.lync.com/x')).toEqual(['webdir1a.online.lync.com']);
    expect(certNameCovers('*.corp.example', 'pool.corp.example')).toBe(true);
    expect(certNameCovers('*.corp.example', 'a.pool.corp.example')).toBe(false);
    expect(commonName('CN=sip.corp.example, O=Corp')).toBe('sip.corp.example');
  });
});
