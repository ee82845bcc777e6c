import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Resolver } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { Agent, request } from 'undici';
import { XMLParser } from 'fast-xml-parser';
import { startLab, type LabHandle } from '../index.js';
import { buildAuthenticateMessage, parseChallengeMessage } from '../../probes/ntlm-client.js';
import { makeFederationToken } from './soap-read.js';

const RST = (claim: string, header = ''): string =>
  `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">${header}<soap:Body><wst:RequestSecurityToken xmlns:wst="x"><auth:ClaimType xmlns:auth="y" Uri="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/uri"><auth:Value>sip:${claim}</auth:Value></auth:ClaimType></wst:RequestSecurityToken></soap:Body></soap:Envelope>`;

/** POST through IIS-style NTLM (one keep-alive connection: the agent allows one per origin) */
async function postWithNtlm(agent: Agent, url: string, body: string, cred: { user: string; domain: string; password: string }) {
  const first = await request(url, { dispatcher: agent, method: 'POST', body, headers: { authorization: 'NTLM TlRMTVNTUAABAAAABYKIogAAAAAoAAAAAAAAACgAAAAFASgKAAAADw==' } });
  await first.body.text();
  const hdr = String(first.headers['www-authenticate'] ?? '');
  const challenge = parseChallengeMessage(Buffer.from(hdr.replace(/^NTLM /, ''), 'base64'));
  if (first.statusCode !== 401 || !challenge) throw new Error(`no NTLM challenge: ${first.statusCode} ${hdr}`);
  const auth = buildAuthenticateMessage({ challenge, ...cred, workstation: 'VM', clientChallenge: Buffer.alloc(8, 1), randomSessionKey: Buffer.alloc(16, 2), nowMs: Date.now() });
  const r = await request(url, { dispatcher: agent, method: 'POST', body, headers: { authorization: `NTLM ${auth.message.toString('base64')}` } });
  return { status: r.statusCode, headers: r.headers, body: await r.body.text() };
}

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
  const agent = new Agent({ connect: { ca: lab.caPem, lookup, timeout: 3000 }, connections: 1, headersTimeout: 5000, bodyTimeout: 5000 });
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
    const anon = await request(tokenUrl!, { dispatcher: client.agent, method: 'POST', body: RST('alice@corp.example') });
    await anon.body.text();
    expect(anon.statusCode).toBe(401);
    expect(anon.headers['www-authenticate']).toEqual(['Negotiate', 'NTLM']);
    const tok = await postWithNtlm(client.agent, tokenUrl!, RST('alice@corp.example'), { user: 'alice@corp.example', domain: '', password: lab.password });
    expect(tok.status).toBe(200);
    expect(tok.body).toContain('<saml:Assertion');
    expect(tok.body).toMatch(/<BinarySecret [^>]*>[A-Za-z0-9+/=]{44}<\/BinarySecret>/);

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

  it('webticket-failed: the Windows endpoint authenticates (NTLM), then IssueToken answers a SOAP fault', async () => {
    const lab = await startLab({ scenario: 'webticket-failed' });
    const c = labAgent(lab);
    try {
      const url = `https://lyncweb.corp.example:${lab.https}/WebTicket/WebTicketService.svc/Auth`;
      const wrong = await postWithNtlm(c.agent, url, RST('alice@corp.example'), { user: 'alice', domain: 'CORP', password: 'wrong' });
      expect(wrong.status).toBe(401);
      const r = await postWithNtlm(c.agent, url, RST('alice@corp.example'), { user: 'alice', domain: 'CORP', password: lab.password });
      expect(r.status).toBe(500);
      expect(r.body).toContain('The security token could not be authenticated or authorized.');
      expect(String(r.headers['x-ms-diagnostics'])).toMatch(/^28020;source="fe01\.corp\.example"/);
    } finally {
      await c.close();
      await lab.stop();
    }
  });

  it('sip-uri-mismatch: Office 365 path — managed realm, RST2.srf token for the Login, WsFed_bearer refuses the other SIP URI', async () => {
    const lab = await startLab({ scenario: 'sip-uri-mismatch' });
    const c = labAgent(lab);
    try {
      const mex = await get(c.agent, `https://lyncweb.corp.example:${lab.https}/WebTicket/WebTicketService.svc/mex`);
      expect(mex.body).toContain('name="WsFedBearer"');
      expect(mex.body).not.toContain('WinNegotiate');
      const realm = await get(c.agent, `https://login.microsoftonline.com:${lab.https}/getuserrealm.srf?login=bob@corp.example&xml=1`);
      expect(realm.body).toContain('<NameSpaceType>Managed</NameSpaceType>');
      expect(realm.body).not.toContain('STSAuthURL');
      const ut = (user: string, pw: string): string =>
        `<S:Envelope xmlns:S="s"><S:Header><wsse:Security xmlns:wsse="w"><wsse:UsernameToken><wsse:Username>${user}</wsse:Username><wsse:Password>${pw}</wsse:Password></wsse:UsernameToken></wsse:Security></S:Header><S:Body><wsa:Address xmlns:wsa="a">urn:x</wsa:Address></S:Body></S:Envelope>`;
      const bad = await request(`https://login.microsoftonline.com:${lab.https}/RST2.srf`, { dispatcher: c.agent, method: 'POST', body: ut('bob@corp.example', 'nope') });
      expect(bad.statusCode).toBe(200);
      expect(await bad.body.text()).toContain('AADSTS50126');
      const tok = await request(`https://login.microsoftonline.com:${lab.https}/RST2.srf`, { dispatcher: c.agent, method: 'POST', body: ut('bob@corp.example', lab.password) });
      const tokBody = await tok.body.text();
      expect(tokBody).toContain(makeFederationToken('bob@corp.example'));
      const header = `<soap:Header><wsse:Security xmlns:wsse="w">${/<EncryptedData[\s\S]*<\/EncryptedData>/.exec(tokBody)?.[0] ?? ''}</wsse:Security></soap:Header>`;
      const wsfed = `https://lyncweb.corp.example:${lab.https}/WebTicket/WebTicketService.svc/WsFed_bearer`;
      const mismatch = await request(wsfed, { dispatcher: c.agent, method: 'POST', body: RST('alice@corp.example', header) });
      expect(mismatch.statusCode).toBe(500);
      expect(await mismatch.body.text()).toContain('does not match the SIP URI associated with the presented credentials');
      expect(String(mismatch.headers['x-ms-diagnostics'])).toContain('Web ticket request error - SIP URI mismatch');
      const own = await request(wsfed, { dispatcher: c.agent, method: 'POST', body: RST('bob@corp.example', header) });
      expect(own.statusCode).toBe(200);
      expect(await own.body.text()).toContain('<saml:Assertion');
      const none = await request(wsfed, { dispatcher: c.agent, method: 'POST', body: RST('alice@corp.example') });
      expect(none.statusCode).toBe(500);
      expect(await none.body.text()).toContain('An error occurred when verifying security for the message.');
    } finally {
      await c.close();
      await lab.stop();
    }
  });

  it('mfa-required: only WsFedBearer, federated realm, ADFS refuses, RST2.srf answers the MFA fault with 200', async () => {
    const lab = await startLab({ scenario: 'mfa-required' });
    const c = labAgent(lab);
    try {
      const mex = await get(c.agent, `https://lyncweb.corp.example:${lab.https}/WebTicket/WebTicketService.svc/mex`);
      expect(mex.body).toContain('name="WsFedBearer"');
      expect(mex.body).not.toContain('WinNegotiate');
      const realm = await get(c.agent, `https://login.microsoftonline.com:${lab.https}/getuserrealm.srf?login=alice@corp.example&xml=1`);
      expect(realm.body).toContain('<STSAuthURL>https://adfs.corp.example');
      const adfs = await request(`https://adfs.corp.example:${lab.https}/adfs/services/trust/2005/usernamemixed`, { dispatcher: c.agent, method: 'POST', body: '<x/>' });
      expect(adfs.statusCode).toBe(500);
      expect(await adfs.body.text()).toContain('ID3242');
      const rst = await request(`https://login.microsoftonline.com:${lab.https}/RST2.srf`, { dispatcher: c.agent, method: 'POST', body: '<x/>' });
      expect(rst.statusCode).toBe(200);
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
      const url = `https://lyncweb.corp.example:${lab.https}/CertProv/CertProvisioningService.svc/WebTicket_Proof_SHA1`;
      const noTicket = await request(url, { dispatcher: c.agent, method: 'POST', body: '<x/>' });
      expect(noTicket.statusCode).toBe(500);
      expect(await noTicket.body.text()).not.toContain('GetAndPublishCert failed');
      const ticket = '<soap:Header><wsse:Security><wsu:Timestamp/><saml:Assertion AssertionID="x"/></wsse:Security></soap:Header>';
      const r = await request(url, { dispatcher: c.agent, method: 'POST', body: `<soap:Envelope>${ticket}<soap:Body><GetAndPublishCert/></soap:Body></soap:Envelope>` });
      expect(r.statusCode).toBe(500);
      expect(await r.body.text()).toContain('GetAndPublishCert failed');
    } finally {
      await c.close();
      await lab.stop();
    }
  });
});
