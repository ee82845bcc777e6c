import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Resolver } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { Agent, request } from 'undici';
import { XMLParser } from 'fast-xml-parser';
import { startLab, type LabHandle } from '../index.js';

/** undici agent that resolves names through the lab DNS and trusts the lab CA */
function labAgent(lab: LabHandle): { agent: Agent; close(): Promise<void> } {
  const resolver = new Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([`${lab.dns.host}:${lab.dns.port}`]);
  const lookup: LookupFunction = (hostname, options, cb) => {
    resolver.resolve4(hostname).then(
      (addrs) => {
        if ((options as { all?: boolean }).all) (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, addrs.map((a) => ({ address: a, family: 4 })));
        else cb(null, addrs[0] ?? '', 4);
      },
      (e: NodeJS.ErrnoException) => cb(e, '', 4),
    );
  };
  const agent = new Agent({ connect: { ca: lab.caPem, lookup, timeout: 3000 }, headersTimeout: 5000, bodyTimeout: 5000 });
  return { agent, close: async () => { resolver.cancel(); await agent.close(); } };
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
const XML_ACCEPT = 'application/vnd.microsoft.rtc.autodiscover+xml;v=1';

async function get(agent: Agent, url: string, headers: Record<string, string> = {}) {
  const r = await request(url, { dispatcher: agent, headers });
  return { status: r.statusCode, type: String(r.headers['content-type'] ?? ''), headers: r.headers, body: await r.body.text() };
}

describe('lab autodiscover (healthy)', () => {
  let lab: LabHandle;
  let client: { agent: Agent; close(): Promise<void> };
  beforeAll(async () => {
    lab = await startLab({ scenario: 'healthy-autodiscover' });
    client = labAgent(lab);
  });
  afterAll(async () => {
    await client.close();
    await lab.stop();
  });

  it('HTTP root answers a single Redirect to HTTPS', async () => {
    const r = await get(client.agent, `http://lyncdiscoverinternal.corp.example:${lab.http}/?sipuri=alice@corp.example`, { accept: XML_ACCEPT });
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^application\/vnd\.microsoft\.rtc\.autodiscover\+xml/);
    const doc = xml.parse(r.body);
    expect(doc.AutodiscoverResponse.Root.Link).toMatchObject({ token: 'Redirect' });
    expect(doc.AutodiscoverResponse.Root.Link.href).toMatch(/^https:\/\/lyncdiscoverinternal\.corp\.example:\d+\//);
  });

  it('walks Root → User (401 + X-MS-WebTicketURL) → web ticket → User document with SIP access', async () => {
    const root = await get(client.agent, `https://lyncdiscover.corp.example:${lab.https}/?sipuri=alice@corp.example`, { accept: XML_ACCEPT });
    expect(root.status).toBe(200);
    const links: { token: string; href: string }[] = xml.parse(root.body).AutodiscoverResponse.Root.Link;
    const user = links.find((l) => l.token === 'User');
    expect(user?.href).toContain(`lyncweb.corp.example:${lab.https}/Autodiscover/AutodiscoverService.svc/root/user`);

    const challenged = await get(client.agent, user!.href, { accept: XML_ACCEPT });
    expect(challenged.status).toBe(401);
    const ticketUrl = String(challenged.headers['x-ms-webticketurl']);
    expect(ticketUrl).toBe(`https://lyncweb.corp.example:${lab.https}/WebTicket/WebTicketService.svc`);

    const mex = await get(client.agent, `${ticketUrl}/mex`);
    expect(mex.body).toContain('name="WebTicketServiceWinNegotiate"');
    const tokenUrl = /<soap:address location="([^"]+)"/.exec(mex.body)?.[1];
    const tok = await request(tokenUrl!, { dispatcher: client.agent, method: 'POST', body: '<s:Envelope/>', headers: { 'content-type': 'text/xml' } });
    const tokBody = await tok.body.text();
    expect(tok.statusCode).toBe(200);
    expect(tokBody).toContain('<saml:Assertion');

    const doc = await get(client.agent, user!.href, { accept: XML_ACCEPT, 'x-ms-webticket': `opaque=${Buffer.from('ticket').toString('base64')}` });
    expect(doc.status).toBe(200);
    const u = xml.parse(doc.body).AutodiscoverResponse;
    expect(u.AccessLocation).toBe('External');
    expect(u.User.SipClientInternalAccess).toEqual({ fqdn: 'pool.corp.example', port: String(lab.sip.tls) });
    expect(u.User.SipClientExternalAccess.port).toBe(String(lab.sip.tls));
  });

  it('answers JSON when asked for application/json', async () => {
    const r = await get(client.agent, `https://lyncdiscover.corp.example:${lab.https}/autodiscover/autodiscoverservice.svc/root?sipuri=alice@corp.example`, { accept: 'application/json' });
    expect(r.type).toMatch(/^application\/json/);
    expect(JSON.parse(r.body)._links.user.href).toContain('/root/user');
  });

  it('certificate provisioning metadata names the policy and port SIPE looks for', async () => {
    const r = await get(client.agent, `https://lyncweb.corp.example:${lab.https}/CertProv/CertProvisioningService.svc/mex`);
    expect(r.body).toContain('wsu:Id="CertProvisioningServiceWebTicketProof_SHA1_policy"');
    expect(r.body).toContain('name="CertProvisioningServiceWebTicketProof_SHA1"');
    expect(r.body).toContain(`<wsa10:Address>https://lyncweb.corp.example:${lab.https}/WebTicket/WebTicketService.svc</wsa10:Address>`);
  });

  it('rejects unknown hosts like IIS and oversized bodies', async () => {
    // plain HTTP so the Host header is not also the TLS server name
    const r = await request(`http://127.0.0.1:${lab.http}/`, { dispatcher: client.agent, headers: { host: 'evil.example' } });
    expect(r.statusCode).toBe(400);
    expect(await r.body.text()).toContain('Invalid Hostname');
    const big = await request(`https://lyncweb.corp.example:${lab.https}/WebTicket/WebTicketService.svc/Auth`, {
      dispatcher: client.agent, method: 'POST', body: 'x'.repeat(300 * 1024),
    });
    expect(big.statusCode).toBe(413);
    await big.body.text();
  });
});

describe('lab autodiscover and web ticket failure variants', () => {
  it.each([
    ['autodiscover-failed', 'html'],
    ['autodiscover-broken-redirect', 'redirect'],
  ] as const)('%s', async (scenario, kind) => {
    const lab = await startLab({ scenario });
    const c = labAgent(lab);
    try {
      const r = await get(c.agent, `https://lyncdiscover.corp.example:${lab.https}/?sipuri=alice@corp.example`, { accept: XML_ACCEPT });
      if (kind === 'html') {
        expect(r.status).toBe(200);
        expect(r.type).toMatch(/^text\/html/);
      } else {
        const href: string = xml.parse(r.body).AutodiscoverResponse.Root.Link.href;
        const host = new URL(href).hostname;
        const resolver = new Resolver();
        resolver.setServers([`127.0.0.1:${lab.dns.port}`]);
        await expect(resolver.resolve4(host)).rejects.toMatchObject({ code: 'ENOTFOUND' });
      }
    } finally {
      await c.close();
      await lab.stop();
    }
  });

  it('no-webticket-url: the User link 401 lacks X-MS-WebTicketURL', async () => {
    const lab = await startLab({ scenario: 'autodiscover-no-webticket-url' });
    const c = labAgent(lab);
    try {
      const r = await get(c.agent, `https://lyncweb.corp.example:${lab.https}/Autodiscover/AutodiscoverService.svc/root/user`);
      expect(r.status).toBe(401);
      expect(r.headers['x-ms-webticketurl']).toBeUndefined();
    } finally {
      await c.close();
      await lab.stop();
    }
  });

  it.each([
    ['webticket-failed', 500, 'The security token could not be authenticated or authorized.'],
    ['sip-uri-mismatch', 500, 'does not match the SIP URI associated with the presented credentials'],
  ] as const)('%s: IssueToken answers a SOAP fault', async (scenario, status, text) => {
    const lab = await startLab({ scenario });
    const c = labAgent(lab);
    try {
      const r = await request(`https://lyncweb.corp.example:${lab.https}/WebTicket/WebTicketService.svc/Auth`, { dispatcher: c.agent, method: 'POST', body: '<x/>' });
      expect(r.statusCode).toBe(status);
      expect(await r.body.text()).toContain(text);
    } finally {
      await c.close();
      await lab.stop();
    }
  });

  it('mfa-required: only WsFedBearer, and RST2.srf answers the MFA fault', async () => {
    const lab = await startLab({ scenario: 'mfa-required' });
    const c = labAgent(lab);
    try {
      const mex = await get(c.agent, `https://lyncweb.corp.example:${lab.https}/WebTicket/WebTicketService.svc/mex`);
      expect(mex.body).toContain('name="WsFedBearer"');
      expect(mex.body).not.toContain('WinNegotiate');
      const realm = await get(c.agent, `https://login.microsoftonline.com:${lab.https}/getuserrealm.srf?login=alice@corp.example&xml=1`);
      expect(realm.body).toContain('<STSAuthURL>');
      const rst = await request(`https://login.microsoftonline.com:${lab.https}/RST2.srf`, { dispatcher: c.agent, method: 'POST', body: '<x/>' });
      expect(await rst.body.text()).toContain('you must use multi-factor authentication');
    } finally {
      await c.close();
      await lab.stop();
    }
  });

  it('certificate-provisioning-failed: GetAndPublishCert answers a fault', async () => {
    const lab = await startLab({ scenario: 'certificate-provisioning-failed' });
    const c = labAgent(lab);
    try {
      const r = await request(`https://lyncweb.corp.example:${lab.https}/CertProv/CertProvisioningService.svc/WebTicket_Proof_SHA1`, { dispatcher: c.agent, method: 'POST', body: '<x/>' });
      expect(r.statusCode).toBe(500);
      expect(await r.body.text()).toContain('GetAndPublishCert failed');
    } finally {
      await c.close();
      await lab.stop();
    }
  });
});
