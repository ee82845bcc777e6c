import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AUTODISCOVER_XML_TYPE, buildAutodiscoverJson, buildAutodiscoverXml, isAutodiscoverProblem, parseAutodiscoverResponse,
} from './autodiscover.js';

const XML_CT = `${AUTODISCOVER_XML_TYPE}; v=1.0; charset=utf-8`;

// shape of the LS2013 documentation example
const USER_DOC = `<?xml version="1.0" encoding="utf-8"?>
<AutodiscoverResponse xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" AccessLocation="External">
  <User>
    <SipServerInternalAccess fqdn="pool01.corp.example" port="5061" />
    <SipClientInternalAccess fqdn="pool01.corp.example" port="5061" />
    <SipServerExternalAccess fqdn="sip.corp.example" port="5061" />
    <SipClientExternalAccess fqdn="sip.corp.example" port="443" />
    <Link token="External/Autodiscover" href="https://webext.corp.example/Autodiscover/AutodiscoverService.svc/root" />
    <Link token="External/AuthBroker" href="https://webext.corp.example/Reach/sip.svc" />
    <Link token="Self" href="https://webext.corp.example/Autodiscover/AutodiscoverService.svc/root/user" />
  </User>
</AutodiscoverResponse>`;

describe('parseAutodiscoverResponse (XML)', () => {
  it('reads the User document: servers, AccessLocation, links', () => {
    const r = parseAutodiscoverResponse(USER_DOC, XML_CT);
    if (isAutodiscoverProblem(r)) throw new Error(r.problem);
    expect(r.format).toBe('xml');
    expect(r.acceptedBySipe).toBe(true);
    expect(r.accessLocation).toBe('External');
    expect(r.sipInternal).toEqual({ fqdn: 'pool01.corp.example', port: 5061 });
    expect(r.sipExternal).toEqual({ fqdn: 'sip.corp.example', port: 443 });
    expect(r.sipServers).toEqual([{ fqdn: 'sip.corp.example', port: 443, location: 'external' }]);
    expect(r.hasUser).toBe(true);
    expect(r.links['External/AuthBroker']).toBe('https://webext.corp.example/Reach/sip.svc');
    expect(r.redirect).toBeUndefined();
  });

  it('reads Root links: Redirect and User; User/Link Redirect', () => {
    const root = buildAutodiscoverXml({ root: { User: 'https://lyncweb.corp.example/Autodiscover/AutodiscoverService.svc/root/oauth/user?originalDomain=corp.example&x=1', Domain: 'https://d' } });
    const r = parseAutodiscoverResponse(root, XML_CT);
    expect(r).toMatchObject({ format: 'xml', user: 'https://lyncweb.corp.example/Autodiscover/AutodiscoverService.svc/root/oauth/user?originalDomain=corp.example&x=1' });
    const red = parseAutodiscoverResponse(buildAutodiscoverXml({ root: { Redirect: 'https://lyncdiscover.other.example/' } }), XML_CT);
    expect(red).toMatchObject({ redirect: 'https://lyncdiscover.other.example/' });
    const userRed = parseAutodiscoverResponse(buildAutodiscoverXml({ user: { links: { Redirect: 'https://webdir1e.online.lync.com/Autodiscover/AutodiscoverService.svc/root/user' } } }), XML_CT);
    expect(userRed).toMatchObject({ redirect: 'https://webdir1e.online.lync.com/Autodiscover/AutodiscoverService.svc/root/user', hasUser: true });
  });

  it('round-trips the builder, internal first, port 0 dropped', () => {
    const xml = buildAutodiscoverXml({ user: { sipInternal: { fqdn: 'fe.corp.example', port: 5061 }, sipExternal: { fqdn: 'edge.corp.example', port: 443 } } });
    const r = parseAutodiscoverResponse(xml, AUTODISCOVER_XML_TYPE);
    expect(r).toMatchObject({ sipServers: [{ fqdn: 'fe.corp.example', port: 5061, location: 'internal' }, { fqdn: 'edge.corp.example', port: 443, location: 'external' }] });
    const zero = parseAutodiscoverResponse(buildAutodiscoverXml({ accessLocation: 'Internal', user: { sipInternal: { fqdn: 'fe', port: 0 }, sipExternal: { fqdn: 'edge', port: 443 } } }), XML_CT);
    expect(zero).toMatchObject({ sipServers: [] });
  });

  it('flags HTML pages, wrong content type, malformed and foreign XML', () => {
    expect(parseAutodiscoverResponse('<html><body>Please log in</body></html>', 'text/html; charset=utf-8'))
      .toMatchObject({ format: 'html', acceptedBySipe: false });
    expect(parseAutodiscoverResponse('<!DOCTYPE html><html></html>')).toMatchObject({ format: 'html' });
    expect(parseAutodiscoverResponse('<AutodiscoverResponse><Root>', XML_CT)).toMatchObject({ problem: 'malformed XML' });
    expect(parseAutodiscoverResponse('<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"/>', 'text/xml'))
      .toMatchObject({ format: 'xml', acceptedBySipe: false });
    expect(isAutodiscoverProblem(parseAutodiscoverResponse('<Autodiscover/>', 'text/xml'))).toBe(true);
    expect(parseAutodiscoverResponse('', XML_CT)).toMatchObject({ format: 'empty' });
    // a valid document under another content type is parsed but SIPE would skip it
    expect(parseAutodiscoverResponse(USER_DOC, 'text/xml')).toMatchObject({ format: 'xml', acceptedBySipe: false, hasUser: true });
  });
});

describe('parseAutodiscoverResponse (JSON)', () => {
  it('reads _links and redirects', () => {
    const body = '{"_links":{"self":{"href":"https://lyncweb.contoso.com/Autodiscover/AutodiscoverService.svc/root?originalDomain=contoso.com"},"user":{"href":"https://lyncweb.contoso.com/Autodiscover/AutodiscoverService.svc/root/oauth/user?originalDomain=contoso.com"},"xframe":{"href":"https://lyncweb.contoso.com/Autodiscover/XFrame/XFrame.html"}}}';
    const r = parseAutodiscoverResponse(body, 'application/json');
    expect(r).toMatchObject({
      format: 'json', acceptedBySipe: false,
      user: 'https://lyncweb.contoso.com/Autodiscover/AutodiscoverService.svc/root/oauth/user?originalDomain=contoso.com',
    });
    if (!isAutodiscoverProblem(r)) expect(Object.keys(r.links)).toEqual(['self', 'user', 'xframe']);
    const red = parseAutodiscoverResponse(buildAutodiscoverJson({ self: 'https://a', redirect: 'https://webdir.online.lync.com/Autodiscover/AutodiscoverService.svc/root' }));
    expect(red).toMatchObject({ format: 'json', redirect: 'https://webdir.online.lync.com/Autodiscover/AutodiscoverService.svc/root' });
    expect(parseAutodiscoverResponse('{"_links":', 'application/json')).toMatchObject({ problem: 'malformed JSON' });
    expect(parseAutodiscoverResponse('[1,2]', 'application/json')).toMatchObject({ format: 'json' });
  });

  it('never throws on arbitrary input', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), fc.constantFrom(undefined, XML_CT, 'application/json', 'text/html'), (s, ct) => {
      const r = parseAutodiscoverResponse(s, ct);
      expect(r).toBeTypeOf('object');
      parseAutodiscoverResponse(`<AutodiscoverResponse>${s}</AutodiscoverResponse>`, ct);
    }), { numRuns: 300 });
    const big = `<AutodiscoverResponse><Root>${'<Link token="a" href="b"/>'.repeat(200_000)}</Root></AutodiscoverResponse>`;
    const t0 = performance.now();
    parseAutodiscoverResponse(big, XML_CT);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});
