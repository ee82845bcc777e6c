/**
 * The lab's web tier on loopback: one HTTPS and one plain HTTP listener, routed by Host header
 * like IIS host bindings. Serves Lync autodiscover (lyncdiscover[internal].<domain>), the web
 * services pool (lyncweb.<domain>: autodiscover User, WebTicket, CertProvisioning), and, for the
 * federated (Office 365 / ADFS) path, login.microsoftonline.com and adfs.<domain>.
 * Bounded: header size, body size, connection count, idle and request timeouts.
 */
import { autodiscoverHosts } from '../../protocol/discovery.js';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { ScenarioWeb } from '../types.js';
import {
  AUTODISCOVER_JSON, AUTODISCOVER_XML, CERTPROV_FAULT_TEXT, MFA_TEXT, RST2_BAD_PASSWORD_TEXT, SIP_URI_MISMATCH_DIAG, SIP_URI_MISMATCH_TEXT,
  captivePortalHtml, certProvMex, managedRealmXml, passportFault, rootJson, rootXml, rst2TokenResponse, soap12Fault, soapFault, userJson,
  userRealmXml, userXml, webTicketMex, webTicketResponse,
  type AutodiscoverLink, type SipAccess, type UserDocument,
} from './documents.js';
import { createHttpNtlm, type DirectoryAccount } from './ntlm-http.js';
import { claimedSipUri, federationTokenUser, hasWebTicket, makeFederationToken, usernameToken } from './soap-read.js';

export interface WebServerOptions {
  host?: string;
  domain: string;
  web: ScenarioWeb;
  tls: { cert: string; key: string };
  httpsPort?: number;
  httpPort?: number;
  /** where the User document sends the SIP client (undefined = no SIP access entries) */
  sip?: SipAccess;
  /** the lab user's SIP address (without sip:) */
  user: string;
  /**
   * accounts the web services authenticate (HTTP NTLM at the Windows web ticket endpoint,
   * UsernameToken at RST2.srf); default: the lab user with no password (nobody authenticates)
   */
  directory?: DirectoryAccount[];
  now?: () => Date;
}

export interface WebRequestRecord {
  scheme: 'http' | 'https';
  method: string;
  host: string;
  path: string;
  status: number;
}

export interface RunningWebServer {
  httpsPort: number;
  httpPort: number;
  /** the request log (bounded) */
  requests: WebRequestRecord[];
  /** URL builder on the HTTPS listener, e.g. url('lyncweb.corp.example', '/WebTicket/…') */
  url(host: string, path: string, scheme?: 'http' | 'https'): string;
  stop(): Promise<void>;
}

const MAX_BODY = 256 * 1024;
const MAX_CONNECTIONS = 128;
const MAX_LOG = 500;

/** Names the web tier answers for, given the SIP domain. */
export function webHosts(domain: string): { lyncdiscover: string; lyncdiscoverInternal: string; web: string; adfs: string } {
  const [lyncdiscoverInternal = '', lyncdiscover = ''] = autodiscoverHosts(domain);
  return {
    lyncdiscover,
    lyncdiscoverInternal,
    web: `lyncweb.${domain}`,
    adfs: `adfs.${domain}`,
  };
}

const P = {
  root: '/autodiscover/autodiscoverservice.svc/root',
  user: '/autodiscover/autodiscoverservice.svc/root/user',
  webticket: '/webticket/webticketservice.svc',
  certprov: '/certprov/certprovisioningservice.svc',
};

export async function startWebServer(opts: WebServerOptions): Promise<RunningWebServer> {
  const host = opts.host ?? '127.0.0.1';
  const domain = opts.domain.toLowerCase();
  const names = webHosts(domain);
  const now = opts.now ?? (() => new Date());
  const requests: WebRequestRecord[] = [];
  const ports = { https: 0, http: 0 };

  const url = (h: string, path: string, scheme: 'http' | 'https' = 'https'): string => {
    const port = scheme === 'https' ? ports.https : ports.http;
    const dflt = scheme === 'https' ? 443 : 80;
    return `${scheme}://${h}${port === dflt ? '' : `:${port}`}${path}`;
  };
  const webTicketUrl = (): string => url(names.web, '/WebTicket/WebTicketService.svc');
  const certProvUrl = (): string => url(names.web, '/CertProv/CertProvisioningService.svc');

  const handler = (scheme: 'http' | 'https') => (req: IncomingMessage, res: ServerResponse): void => {
    const hostHeader = (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
    const parsed = new URL(req.url ?? '/', 'http://x');
    const path = parsed.pathname.toLowerCase().replace(/\/+$/, '') || '/';
    const send = (status: number, type: string | undefined, body: string, headers: Record<string, string | string[]> = {}): void => {
      if (requests.length < MAX_LOG) requests.push({ scheme, method: req.method ?? '?', host: hostHeader, path: parsed.pathname, status });
      res.statusCode = status;
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      if (type) res.setHeader('Content-Type', type);
      res.setHeader('Content-Length', Buffer.byteLength(body));
      res.setHeader('X-MS-Server-Fqdn', `fe01.${domain}`);
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    readBody(req).then((body) => {
      if (body === undefined) return send(413, 'text/plain', 'request too large');
      route(scheme, hostHeader, path, parsed.searchParams, req, body, send);
    }, () => send(400, 'text/plain', 'bad request'));
  };

  type Send = (status: number, type: string | undefined, body: string, headers?: Record<string, string | string[]>) => void;

  const wantsJson = (req: IncomingMessage): boolean => {
    const accept = String(req.headers.accept ?? '').toLowerCase();
    return accept.includes('application/json') && !accept.includes('autodiscover+xml');
  };

  const autodiscoverRoot = (scheme: 'http' | 'https', h: string, req: IncomingMessage, send: Send, query: URLSearchParams): void => {
    const mode = opts.web.autodiscover;
    if (mode === 'none') return send(404, 'text/html', '<html><body>404 - Not Found</body></html>');
    if (mode === 'html-portal') return send(200, 'text/html; charset=utf-8', captivePortalHtml());
    const access = h === names.lyncdiscoverInternal ? 'Internal' : 'External';
    const sipuri = query.get('sipuri') ?? '';
    const q = sipuri ? `?originalDomain=${encodeURIComponent(domain)}&sipuri=${encodeURIComponent(sipuri)}` : `?originalDomain=${encodeURIComponent(domain)}`;
    let links: AutodiscoverLink[];
    if (mode === 'broken-redirect') {
      // the next hop's host name does not exist
      links = [{ token: 'Redirect', href: `https://lyncdiscover.retired-pool.${domain}${P.root}${q}` }];
    } else if (scheme === 'http') {
      // [MS-OCDISCWS]: a Root request over HTTP always answers with a single Redirect to HTTPS
      links = [{ token: 'Redirect', href: url(h === names.web ? names.web : h, `/Autodiscover/AutodiscoverService.svc/root${q}`) }];
    } else {
      links = [
        { token: 'Domain', href: url(names.web, `/Autodiscover/AutodiscoverService.svc/root/domain${q}`) },
        { token: 'User', href: url(names.web, `/Autodiscover/AutodiscoverService.svc/root/user${q}`) },
        { token: 'Self', href: url(names.web, `/Autodiscover/AutodiscoverService.svc/root${q}`) },
        { token: 'OAuth', href: url(names.web, `/Autodiscover/AutodiscoverService.svc/root/oauth/user${q}`) },
      ];
    }
    if (wantsJson(req)) return send(200, AUTODISCOVER_JSON, rootJson(links));
    send(200, AUTODISCOVER_XML, rootXml(links, access));
  };

  const autodiscoverUser = (req: IncomingMessage, send: Send): void => {
    const ticket = req.headers['x-ms-webticket'];
    if (!ticket || !/^opaque=\S+/i.test(String(ticket))) {
      const headers: Record<string, string> = {
        'WWW-Authenticate': `MsRtcOAuth href="${url(names.web, '/WebTicket/oauthtoken')}",grant_type="urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password"`,
      };
      if (opts.web.autodiscover !== 'no-webticket-url') headers['X-MS-WebTicketURL'] = webTicketUrl();
      return send(401, 'text/html', '<html><body>401 - Unauthorized: Access is denied due to invalid credentials.</body></html>', headers);
    }
    if (opts.web.autodiscover === 'user-not-found') return send(404, undefined, '');
    const doc: UserDocument = {
      accessLocation: 'External',
      links: [
        { token: 'Internal/Autodiscover', href: url(names.web, '/Autodiscover/AutodiscoverService.svc/root') },
        { token: 'External/Autodiscover', href: url(names.web, '/Autodiscover/AutodiscoverService.svc/root') },
        { token: 'Internal/AuthBroker', href: url(names.web, '/Reach/sip.svc') },
        { token: 'External/AuthBroker', href: url(names.web, '/Reach/sip.svc') },
        { token: 'Ucwa', href: url(names.web, '/ucwa/v1/applications') },
        { token: 'Self', href: url(names.web, '/Autodiscover/AutodiscoverService.svc/root/user') },
      ],
    };
    if (opts.sip) {
      doc.sipClientInternal = opts.sip;
      doc.sipClientExternal = opts.sip;
      doc.sipServerInternal = opts.sip;
      doc.sipServerExternal = opts.sip;
    }
    if (wantsJson(req)) return send(200, AUTODISCOVER_JSON, userJson(doc));
    send(200, AUTODISCOVER_XML, userXml(doc));
  };

  const directory: DirectoryAccount[] = opts.directory ?? [];
  const httpNtlm = createHttpNtlm({ directory, domain, now });
  const diag = (code: number, reason: string): Record<string, string> =>
    ({ 'X-Ms-diagnostics': `${code};source="fe01.${domain}";reason="${reason}"` });
  const SOAP_XML = 'text/xml; charset=utf-8';
  /** Office 365 style: the web ticket service only takes federation tokens (WsFedBearer) */
  const federated = (): boolean => opts.web.webticket === 'adfs-mfa' || opts.web.webticket === 'sip-uri-mismatch';
  const issueTicket = (sipUri: string, send: Send): void => {
    send(200, SOAP_XML, webTicketResponse({
      sipUri, now: now(), id: `SamlSecurityToken-${randomUUID()}`, serverEntropy: randomBytes(32).toString('base64'),
    }));
  };

  const webTicket = (req: IncomingMessage, sub: string, body: string, send: Send): void => {
    const wt = opts.web.webticket;
    if (req.method === 'GET' && sub === '/mex') {
      if (wt === 'metadata-error') return send(500, 'text/html', '<html><body>500 - Internal server error.</body></html>');
      const ports = federated()
        ? { wsFedBearer: url(names.web, '/WebTicket/WebTicketService.svc/WsFed_bearer') }
        : { winNegotiate: url(names.web, '/WebTicket/WebTicketService.svc/Auth') };
      return send(200, SOAP_XML, webTicketMex(ports));
    }
    if (req.method !== 'POST') return send(405, 'text/plain', 'method not allowed');

    if (sub === '/wsfed_bearer') {
      // the federation token from RST2.srf names the account that authenticated
      const tokenUser = federationTokenUser(body);
      if (!tokenUser) {
        return send(500, SOAP_XML, soapFault({ code: 'a:InvalidSecurity', reason: 'An error occurred when verifying security for the message.' }),
          diag(28020, 'No valid security token.'));
      }
      const claimed = claimedSipUri(body);
      const owner = directory.find((a) => a.upn.toLowerCase() === tokenUser.toLowerCase());
      if (!owner || !claimed || owner.sipUri.toLowerCase() !== claimed.toLowerCase()) {
        return send(500, SOAP_XML, soapFault({
          code: 'a:FailedAuthentication', reason: SIP_URI_MISMATCH_TEXT, errorId: 28020, detailReason: SIP_URI_MISMATCH_DIAG,
        }), diag(28020, SIP_URI_MISMATCH_DIAG));
      }
      return issueTicket(claimed, send);
    }

    // WebTicketServiceWinNegotiate: IIS Windows authentication (NTLM; Negotiate carrying NTLM) in front of the service
    if (federated()) return send(404, 'text/html', '<html><body>404 - File or directory not found.</body></html>');
    const gate = httpNtlm.check(req);
    if (gate.kind === 'challenge') {
      return send(401, 'text/html', '<html><body>401 - Unauthorized: Access is denied due to invalid credentials.</body></html>',
        { 'WWW-Authenticate': gate.headers });
    }
    if (wt === 'fault' || wt === 'metadata-error') {
      return send(500, SOAP_XML, soapFault({
        code: 'a:FailedAuthentication', reason: 'The security token could not be authenticated or authorized.',
        errorId: 28020, detailReason: 'Web ticket request failed: the web ticket service could not issue a ticket for this user.',
      }), diag(28020, 'Failed to issue a web ticket.'));
    }
    const claimed = claimedSipUri(body);
    if (!claimed || claimed.toLowerCase() !== gate.account.sipUri.toLowerCase()) {
      return send(500, SOAP_XML, soapFault({
        code: 'a:FailedAuthentication', reason: SIP_URI_MISMATCH_TEXT, errorId: 28020, detailReason: SIP_URI_MISMATCH_DIAG,
      }), diag(28020, SIP_URI_MISMATCH_DIAG));
    }
    issueTicket(claimed, send);
  };

  const certProv = (req: IncomingMessage, sub: string, body: string, send: Send): void => {
    if (req.method === 'GET' && sub === '/mex') {
      return send(200, SOAP_XML, certProvMex(webTicketUrl(), url(names.web, '/CertProv/CertProvisioningService.svc/WebTicket_Proof_SHA1')));
    }
    if (req.method !== 'POST') return send(405, 'text/plain', 'method not allowed');
    if (!hasWebTicket(body)) {
      return send(500, SOAP_XML, soapFault({ code: 'a:InvalidSecurity', reason: 'An error occurred when verifying security for the message.' }),
        diag(28020, 'No valid security token.'));
    }
    // the lab never issues a client certificate: `ok` still cannot complete TLS-DSK, so both answer a fault
    const reason = opts.web.certprov === 'fault' ? CERTPROV_FAULT_TEXT : 'The lab does not issue TLS-DSK client certificates.';
    send(500, SOAP_XML, soapFault({ code: 'a:RequestFailed', reason, errorId: 28023 }), diag(28023, 'Certificate provisioning failed.'));
  };

  /** login.microsoftonline.com: realm discovery and the managed-account token service */
  const microsoftOnline = (path: string, query: URLSearchParams, body: string, send: Send): void => {
    if (path === '/getuserrealm.srf') {
      const login = query.get('login') ?? opts.user;
      return send(200, 'text/xml; charset=utf-8', opts.web.webticket === 'adfs-mfa'
        ? userRealmXml(login, domain, url(names.adfs, '/adfs/services/trust/2005/usernamemixed'))
        : managedRealmXml(login, domain));
    }
    if (path === '/rst2.srf') {
      const S12 = 'application/soap+xml; charset=utf-8';
      // Passport answers its faults with 200 (which is why SIPE can show their text)
      if (opts.web.webticket === 'adfs-mfa') return send(200, S12, passportFault(MFA_TEXT, { code: '0x800434D4' }));
      const t = usernameToken(body);
      const account = t && directory.find((a) => a.upn.toLowerCase() === t.user.toLowerCase() && a.password === t.password);
      if (!t || !account) return send(200, S12, passportFault(RST2_BAD_PASSWORD_TEXT, { code: '0x80048821' }));
      const appliesTo = /<(?:\w+:)?Address>([^<]+)<\/(?:\w+:)?Address>/.exec(body)?.[1] ?? '';
      return send(200, S12, rst2TokenResponse({ appliesTo, now: now(), token: makeFederationToken(account.upn) }));
    }
    send(404, 'text/plain', 'not found');
  };

  const route = (scheme: 'http' | 'https', h: string, path: string, query: URLSearchParams, req: IncomingMessage, body: string, send: Send): void => {
    if (h === names.lyncdiscover || h === names.lyncdiscoverInternal) {
      if (path === '/' || path === P.root) return autodiscoverRoot(scheme, h, req, send, query);
      return send(404, 'text/html', '<html><body>404 - File or directory not found.</body></html>');
    }
    if (h === names.web || h === '127.0.0.1' || h === `pool.${domain}`) {
      if (path === '/' || path === P.root) return autodiscoverRoot(scheme, names.web, req, send, query);
      if (path === P.user || path === `${P.root}/oauth/user`) return autodiscoverUser(req, send);
      if (path === `${P.root}/domain`) return autodiscoverRoot(scheme, names.web, req, send, query);
      if (path.startsWith(P.webticket)) return webTicket(req, path.slice(P.webticket.length), body, send);
      if (path.startsWith(P.certprov)) return certProv(req, path.slice(P.certprov.length), body, send);
      return send(404, 'text/html', '<html><body>404 - File or directory not found.</body></html>');
    }
    if (h === 'login.microsoftonline.com') return microsoftOnline(path, query, body, send);
    if (h === names.adfs) {
      // ADFS refuses the username/password (usernamemixed) sign-in: MFA is enforced for this relying party
      return send(500, 'application/soap+xml; charset=utf-8', soap12Fault({
        code: 's:Sender', subcode: 'a:FailedAuthentication', reason: 'ID3242: The security token could not be authenticated or authorized.',
      }));
    }
    // IIS answers an unknown host binding like this
    send(400, 'text/html', '<html><body><h2>Bad Request - Invalid Hostname</h2></body></html>');
  };

  const serverOpts = { maxHeaderSize: 16 * 1024, headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 5_000 };
  const https = createHttpsServer({ ...serverOpts, cert: opts.tls.cert, key: opts.tls.key }, handler('https'));
  const http = createHttpServer(serverOpts, handler('http'));
  for (const s of [https, http] as Server[]) {
    s.maxConnections = MAX_CONNECTIONS;
    s.setTimeout(30_000, (sock) => sock.destroy());
    s.on('clientError', (_e, sock) => sock.destroy());
    s.on('tlsClientError', () => { /* bad TLS from a client: nothing to log here */ });
  }
  ports.https = await listen(https, host, opts.httpsPort ?? 0);
  try {
    ports.http = await listen(http, host, opts.httpPort ?? 0);
  } catch (e) {
    await close(https);
    throw e;
  }

  return {
    httpsPort: ports.https,
    httpPort: ports.http,
    requests,
    url,
    async stop() {
      await Promise.all([close(https), close(http)]);
    },
  };
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        tooBig = true;
        chunks.length = 0;
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(tooBig ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
