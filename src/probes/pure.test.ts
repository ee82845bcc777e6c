import { describe, expect, it } from 'vitest';
import { AUTODISCOVER_XML_TYPE, isAutodiscoverProblem, parseAutodiscoverResponse, type AutodiscoverDocument } from '../protocol/autodiscover.js';
import { autodiscoverServers } from './autodiscover.js';
import { parseServerSetting, parseSigninAddress } from '../protocol/account-settings.js';
import { aRecordHosts, srvServices } from '../protocol/discovery.js';
import { inDomain as isInDomain, isSfbOnlineHost } from '../protocol/hosts.js';
import { isClientVersionBlock as isVersionBlock } from '../protocol/sip-status.js';
import { firstSrvTarget } from './discovery.js';
import { sipeSchemeChoice } from './register.js';
import { createSipFramer } from '../protocol/sip/framer.js';
import { redirectTarget } from './register-transaction.js';

describe('sign-in address and Server field', () => {
  it('validates like SIPE', () => {
    expect(parseSigninAddress('sip:Alice@Corp.Example')).toEqual({ ok: true, address: 'Alice@corp.example', user: 'Alice', domain: 'corp.example' });
    expect(parseSigninAddress('alice').ok).toBe(false);
    expect(parseSigninAddress('al ice@corp.example').ok).toBe(false);
    expect(parseSigninAddress('a@b@c').ok).toBe(false);
  });
  it('splits host[:port] at the first colon, port 0 = default', () => {
    expect(parseServerSetting('sip.corp.example:443')).toEqual({ host: 'sip.corp.example', port: 443 });
    expect(parseServerSetting('sip.corp.example:0')).toEqual({ host: 'sip.corp.example' });
    expect(parseServerSetting('[::1]:5061')).toEqual({ host: '::1', port: 5061 });
    expect(parseServerSetting('host:http')).toBeUndefined();
  });
});

describe('discovery plan', () => {
  it('orders SRV names per transport', () => {
    expect(srvServices('d', 'auto').map((s) => s.name)).toEqual(['_sipinternaltls._tcp.d', '_sipinternal._tcp.d', '_sip._tls.d', '_sip._tcp.d']);
    expect(srvServices('d', 'tls').map((s) => s.name)).toEqual(['_sipinternaltls._tcp.d', '_sip._tls.d']);
    expect(srvServices('d', 'tcp').map((s) => s.transport)).toEqual(['tcp', 'tcp']);
    expect(aRecordHosts('d')).toEqual([{ host: 'sipinternal.d', port: 5061 }, { host: 'sipexternal.d', port: 443 }, { host: 'sip.d', port: 443 }]);
  });
  it('takes the best SRV target and recognises foreign and Online hosts', () => {
    expect(firstSrvTarget([{ target: 'b', port: 1, priority: 10, weight: 0 }, { target: 'a', port: 2, priority: 0, weight: 5 }])?.target).toBe('a');
    expect(isInDomain('pool.corp.example.', 'corp.example')).toBe(true);
    expect(isInDomain('pool.fabrikam.example', 'corp.example')).toBe(false);
    expect(isSfbOnlineHost('sipdir.online.lync.com')).toBe(true);
  });
});

describe('autodiscover XML (the protocol parser, as the probe reads it)', () => {
  it('reads links, access entries and AccessLocation', () => {
    const doc = parseAutodiscoverResponse('<?xml version="1.0"?><AutodiscoverResponse xmlns="urn:x" AccessLocation="External"><User><SipClientInternalAccess fqdn="fe.d" port="5061"/><SipClientExternalAccess fqdn="edge.d" port="443"/><Link token="Self" href="x"/></User></AutodiscoverResponse>', AUTODISCOVER_XML_TYPE);
    expect(isAutodiscoverProblem(doc)).toBe(false);
    expect(autodiscoverServers(doc as AutodiscoverDocument)).toEqual([{ host: 'edge.d', port: 443, access: 'external' }]);
    expect(isAutodiscoverProblem(parseAutodiscoverResponse('<html>', 'text/html'))).toBe(true);
    const redirect = parseAutodiscoverResponse('<AutodiscoverResponse><Root><Link token="Redirect" href="https://x/"/></Root></AutodiscoverResponse>', AUTODISCOVER_XML_TYPE) as AutodiscoverDocument;
    expect(redirect.redirect).toBe('https://x/');
    expect(redirect.userRedirect).toBeUndefined();
    const userRedirect = parseAutodiscoverResponse('<AutodiscoverResponse><User><Link token="Redirect" href="https://y/"/></User></AutodiscoverResponse>', AUTODISCOVER_XML_TYPE) as AutodiscoverDocument;
    expect(userRedirect.userRedirect).toBe('https://y/');
  });
});

describe('SIP helpers', () => {
  it('frames messages by Content-Length across chunks and skips keep-alives', () => {
    const f = createSipFramer(1000);
    const msg = 'SIP/2.0 200 OK\r\nContent-Length: 5\r\n\r\nhello';
    const a = f.push(Buffer.from(`\r\n\r\n${msg.slice(0, 20)}`));
    const b = f.push(Buffer.from(`${msg.slice(20)}${msg}`));
    expect(a).toEqual([]);
    expect(b).toEqual([{ kind: 'message', text: msg }, { kind: 'message', text: msg }]);
    expect(createSipFramer(10).push(Buffer.from('x'.repeat(20)))[0]?.kind).toBe('error');
  });
  it('parses 301 Contacts like SIPE (default TLS)', () => {
    expect(redirectTarget('sip:pool2.corp.example:5061;transport=tls')).toEqual({ host: 'pool2.corp.example', port: 5061, transport: 'tls' });
    expect(redirectTarget('sip:pool2.corp.example;transport=tcp')).toEqual({ host: 'pool2.corp.example', transport: 'tcp' });
  });
  it('chooses the scheme like SIPE and recognises a version block', () => {
    expect(sipeSchemeChoice('auto', ['NTLM', 'TLS-DSK'])).toEqual({ scheme: 'TLS-DSK' });
    expect(sipeSchemeChoice('ntlm', ['TLS-DSK'])).toEqual({ missing: 'NTLM' });
    expect(isVersionBlock({ status: 403, outcome: 'rejected', warnings: [{ code: 399, agent: 'fe', text: 'not using the recommended version of the client' }] })).toBe(true);
    expect(isVersionBlock({ status: 403, outcome: 'rejected', msDiagnostics: [{ code: 4003, public: true }] })).toBe(false);
  });
});
