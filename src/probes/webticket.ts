/**
 * SIPE's TLS-DSK preparation, as far as it can be walked without a TLS-DSK
 * handshake: certificate-provisioning metadata → web ticket service metadata → the Windows
 * (Negotiate) RequestSecurityToken, or the federated path (getuserrealm → ADFS → RST2.srf) →
 * GetAndPublishCert with a fresh CSR. Every request becomes an `http.exchange`; the outcome a
 * `webticket.result`. Tickets and SAML assertions stay in memory for the next request only.
 * Passwords go only over HTTPS (undici verifies every certificate) and only when one was given.
 */
import type { Dispatcher } from 'undici';
import type { Draft } from '../evidence/kinds.js';
import { parseMsDiagnostics } from '../protocol/sip/parse.js';
import { faultClass, soapFaultText } from '../protocol/soap-fault.js';
import { rst2Token, webTicketAssertion } from '../protocol/webticket.js';
import { errText } from './dns.js';
import { errorCode, isTlsError, netOutcomeOf } from './net-errors.js';
import { ntlmIdentity } from '../protocol/account-settings.js';
import { buildAuthenticateMessage, buildNegotiateMessage, parseChallengeMessage } from './ntlm-client.js';
import { requestWithin } from './http-request.js';
import { reportProxyFailure } from './proxy.js';
import type { ProbeContext } from './types.js';

const MAX_BODY = 512 * 1024;
const SOAP11 = 'text/xml; charset=utf-8';
const SOAP12 = 'application/soap+xml; charset=utf-8';

export interface WebTicketInput {
  stsUri: string;
  /** sign-in address (the claim is sip:<address>) */
  address: string;
  /** Pidgin's Login, or the address */
  login: string;
  password?: string;
  /** why no credential may be sent on this walk (the sts-uri came from an unverified peer) */
  credentialsWithheld?: string;
  userAgent: string;
  /** make the CSR for GetAndPublishCert (PKCS#10, base64 DER); injected so tests stay fast */
  makeCsr?: (subject: string) => Promise<string>;
}

interface Reply {
  status?: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
  outcome: Draft<'http.exchange'>['data']['outcome'];
  error?: string;
}

const emit = (ctx: ProbeContext, d: Draft): void => ctx.emit(d, 'webticket');

function all(h: Reply['headers'], name: string): string[] {
  const v = h[name];
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

async function exchange(
  ctx: ProbeContext,
  purpose: Draft<'http.exchange'>['data']['purpose'],
  method: 'GET' | 'POST',
  url: string,
  o: { userAgent: string; body?: string; contentType?: string; soapAction?: string; authorization?: string; label?: string; via?: Dispatcher },
): Promise<Reply> {
  const step = `${method} ${url.replace(/\?.*$/, '')} (${purpose}${o.label ? `, ${o.label}` : ''})`;
  ctx.progress({ phase: 'start', step });
  const at = ctx.now().toISOString();
  let reply: Reply;
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:') throw Object.assign(new Error(`refusing to use ${u.protocol} for ${purpose}`), { code: 'E_NOT_HTTPS' });
    const signal = ctx.opSignal();
    const res = await requestWithin(o.via ?? ctx.net.http, {
      origin: u.origin,
      path: `${u.pathname}${u.search}`,
      method,
      headers: {
        'user-agent': o.userAgent,
        ...(o.body !== undefined ? { 'content-type': o.contentType ?? SOAP11 } : {}),
        ...(o.soapAction ? { soapaction: o.soapAction } : {}),
        ...(o.authorization ? { authorization: o.authorization } : {}),
      },
      ...(o.body !== undefined ? { body: o.body } : {}),
      signal,
    });
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const c of res.body as AsyncIterable<Uint8Array>) {
      chunks.push(c);
      size += c.length;
      if (size > MAX_BODY) break;
    }
    const body = Buffer.concat(chunks).toString('utf8');
    const fault = soapFaultText(body);
    reply = { status: res.statusCode, body, headers: res.headers, outcome: fault ? 'fault' : res.statusCode >= 400 ? 'http-error' : 'ok' };
  } catch (e) {
    reportProxyFailure(ctx, e);
    const code = errorCode(e);
    reply = { body: '', headers: {}, outcome: isTlsError(code) ? 'tls-failed' : netOutcomeOf(e, ctx.signal.aborted), error: errText(e) };
  }
  const fault = soapFaultText(reply.body);
  const diags = all(reply.headers, 'x-ms-diagnostics').flatMap((v) => parseMsDiagnostics(v, false));
  const auth = reply.headers['www-authenticate'];
  const schemes = (Array.isArray(auth) ? auth : auth ? [auth] : []).map((a) => a.split(/\s/)[0]!).filter(Boolean);
  emit(ctx, {
    kind: 'http.exchange',
    at,
    data: {
      method,
      url,
      purpose,
      ...(reply.status !== undefined ? { status: reply.status } : {}),
      outcome: reply.outcome,
      ...(fault ? { fault } : reply.error ? { fault: reply.error } : {}),
      ...(diags.length ? { msDiagnostics: diags } : {}),
      ...(schemes.length ? { authSchemes: schemes } : {}),
    },
  });
  ctx.progress({ phase: 'done', step, detail: reply.status ? `${reply.status}${fault ? ` — ${fault.slice(0, 120)}` : ''}` : reply.error ?? reply.outcome, ok: reply.outcome === 'ok' });
  return reply;
}

function result(ctx: ProbeContext, data: Draft<'webticket.result'>['data']): void {
  emit(ctx, { kind: 'webticket.result', data });
}

const portLocation = (wsdl: string, name: string): string | undefined =>
  new RegExp(`name="${name}"[\\s\\S]*?location="([^"]+)"`).exec(wsdl)?.[1];

const xml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function rstBody(appliesTo: string, address: string, entropy: string): string {
  return '<?xml version="1.0" encoding="utf-8"?>' +
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wsa="http://www.w3.org/2005/08/addressing" xmlns:wst="http://docs.oasis-open.org/ws-sx/ws-trust/200512" xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy">' +
    '<s:Body><wst:RequestSecurityToken>' +
    '<wst:TokenType>urn:oasis:names:tc:SAML:1.0:assertion</wst:TokenType>' +
    '<wst:RequestType>http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue</wst:RequestType>' +
    `<wsp:AppliesTo><wsa:EndpointReference><wsa:Address>${xml(appliesTo)}</wsa:Address></wsa:EndpointReference></wsp:AppliesTo>` +
    '<wst:Claims Dialect="urn:component:Microsoft.Rtc.WebAuthentication.2010:authclaims">' +
    `<auth:ClaimType xmlns:auth="http://schemas.xmlsoap.org/ws/2006/12/authorization" Uri="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/uri" Optional="false"><auth:Value>sip:${xml(address)}</auth:Value></auth:ClaimType>` +
    '</wst:Claims>' +
    `<wst:Entropy><wst:BinarySecret>${entropy}</wst:BinarySecret></wst:Entropy>` +
    '<wst:KeyType>http://docs.oasis-open.org/ws-sx/ws-trust/200512/SymmetricKey</wst:KeyType>' +
    '</wst:RequestSecurityToken></s:Body></s:Envelope>';
}

function usernameTokenBody(to: string, appliesTo: string, user: string, password: string): string {
  return '<?xml version="1.0" encoding="UTF-8"?>' +
    '<S:Envelope xmlns:S="http://www.w3.org/2003/05/soap-envelope" xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy" xmlns:wsa="http://www.w3.org/2005/08/addressing" xmlns:wst="http://schemas.xmlsoap.org/ws/2005/02/trust">' +
    `<S:Header><wsa:Action S:mustUnderstand="1">http://schemas.xmlsoap.org/ws/2005/02/trust/RST/Issue</wsa:Action><wsa:To S:mustUnderstand="1">${xml(to)}</wsa:To>` +
    `<wsse:Security><wsse:UsernameToken><wsse:Username>${xml(user)}</wsse:Username><wsse:Password>${xml(password)}</wsse:Password></wsse:UsernameToken></wsse:Security></S:Header>` +
    '<S:Body><wst:RequestSecurityToken><wst:RequestType>http://schemas.xmlsoap.org/ws/2005/02/trust/Issue</wst:RequestType>' +
    `<wsp:AppliesTo><wsa:EndpointReference><wsa:Address>${xml(appliesTo)}</wsa:Address></wsa:EndpointReference></wsp:AppliesTo>` +
    '<wst:KeyType>http://schemas.xmlsoap.org/ws/2005/05/identity/NoProofKey</wst:KeyType></wst:RequestSecurityToken></S:Body></S:Envelope>';
}

function certRequestBody(address: string, deviceId: string, csr: string, assertion: string): string {
  return '<?xml version="1.0" encoding="utf-8"?>' +
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>' +
    `<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">${assertion}</wsse:Security></s:Header>` +
    `<s:Body><GetAndPublishCert xmlns="http://schemas.microsoft.com/OCS/AuthWebServices/" DeviceId="{${deviceId}}" Entity="${xml(address)}">` +
    '<RequestSecurityToken xmlns="http://docs.oasis-open.org/ws-sx/ws-trust/200512"><TokenType>http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3</TokenType>' +
    '<RequestType>http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue</RequestType>' +
    `<BinarySecurityToken xmlns="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" ValueType="http://schemas.microsoft.com/OCS/AuthWebServices.xsd#PKCS10" EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd#Base64Binary">${csr}</BinarySecurityToken>` +
    '</RequestSecurityToken></GetAndPublishCert></s:Body></s:Envelope>';
}

export async function runWebTicket(ctx: ProbeContext, o: WebTicketInput): Promise<void> {
  const fail = (detail: string, extra: Partial<Draft<'webticket.result'>['data']> = {}): void =>
    result(ctx, { stage: 'webticket', url: o.stsUri, outcome: 'failed', detail, ...extra });

  // 1. certificate provisioning metadata: where the web ticket comes from and where the CSR goes
  const mex = await exchange(ctx, 'webticket-metadata', 'GET', `${o.stsUri}/mex`, o);
  if (mex.outcome !== 'ok' || mex.status !== 200) return fail(`metadata of ${o.stsUri} unavailable (${mex.status ?? mex.outcome})`);
  const webTicketUrl = /<(?:\w+:)?Issuer>\s*<(?:\w+:)?Address>([^<]+)</.exec(mex.body)?.[1]?.trim();
  const authUri = portLocation(mex.body, 'CertProvisioningServiceWebTicketProof_SHA1');
  if (!webTicketUrl || !authUri) return fail('the certificate provisioning metadata names no web ticket service');

  // 2. web ticket service metadata: Windows (Negotiate) endpoint and/or federated (WsFedBearer) endpoint
  const wtMex = await exchange(ctx, 'webticket-metadata', 'GET', `${webTicketUrl}/mex`, o);
  if (wtMex.outcome !== 'ok' || wtMex.status !== 200) return fail(`metadata of ${webTicketUrl} unavailable (${wtMex.status ?? wtMex.outcome})`);
  const negotiate = portLocation(wtMex.body, 'WebTicketServiceWinNegotiate');
  const wsFed = portLocation(wtMex.body, 'WsFedBearer');

  let assertion: string | undefined;
  let lastFault: string | undefined;
  if (negotiate) {
    const entropy = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');
    const req = { ...o, body: rstBody(authUri, o.address, entropy), soapAction: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue' };
    let r = await exchange(ctx, 'webticket', 'POST', negotiate, req);
    if (r.status === 401) {
      const offered = (Array.isArray(r.headers['www-authenticate']) ? r.headers['www-authenticate'] : [r.headers['www-authenticate'] ?? '']).map((h) => h.split(/\s/)[0]!.toLowerCase());
      const scheme = offered.includes('ntlm') ? 'NTLM' : offered.includes('negotiate') ? 'Negotiate' : undefined;
      if (!scheme || !o.password) {
        ctx.note(`The web ticket service ${negotiate} asks for Windows authentication; ${o.password ? 'it offers no NTLM' : o.credentialsWithheld ? `no credentials sent: ${o.credentialsWithheld}` : 'no password given'}, so the web ticket was not tested.`);
        if (!wsFed) return;
      } else {
        r = await httpNtlm(ctx, negotiate, req, scheme, o);
      }
    }
    if (r.status === 401) {
      lastFault = `HTTP 401: the web ticket service refused the Windows credentials of ${o.login}`;
    } else if (r.outcome === 'ok' && r.status === 200) {
      assertion = webTicketAssertion(r.body);
    } else lastFault = soapFaultText(r.body) ?? `HTTP ${r.status ?? r.outcome}`;
  }
  if (!assertion && wsFed) {
    const fed = await federated(ctx, o, wsFed);
    if (fed === 'not-tested') return;
    if (fed.assertion) assertion = fed.assertion;
    else return fail(`federated web ticket from ${wsFed} failed`, { ...(fed.fault ? { fault: fed.fault } : {}), ...(fed.mfa ? { mfaSuspected: true } : {}) });
  }
  if (!assertion) return fail(`web ticket from ${negotiate ?? webTicketUrl} refused`, lastFault ? { fault: lastFault } : {});
  result(ctx, { stage: 'webticket', url: o.stsUri, outcome: 'issued' });

  // 3. the TLS-DSK client certificate
  if (!o.makeCsr) {
    ctx.note('No CSR maker: certificate provisioning not tested.');
    return;
  }
  const csr = await o.makeCsr(`CN=${o.address}`);
  const deviceId = crypto.randomUUID();
  const c = await exchange(ctx, 'certprov', 'POST', authUri, { ...o, body: certRequestBody(o.address, deviceId, csr, assertion), soapAction: 'http://schemas.microsoft.com/OCS/AuthWebServices/GetAndPublishCert' });
  if (c.outcome === 'ok' && c.status === 200 && /BinarySecurityToken/.test(c.body)) {
    result(ctx, { stage: 'certificate', url: authUri, outcome: 'issued' });
    ctx.note('A TLS-DSK certificate was issued; check does not perform the TLS-DSK handshake itself.');
  } else {
    const fault = soapFaultText(c.body) ?? (c.status ? `HTTP ${c.status}` : c.error);
    result(ctx, { stage: 'certificate', url: authUri, outcome: 'failed', ...(fault ? { fault } : {}) });
  }
}

/**
 * HTTP NTLM (connection-oriented, as IIS does it): NEGOTIATE → 401 with the CHALLENGE → AUTHENTICATE,
 * on the same keep-alive connection (undici reuses the idle one for the next request to that origin).
 */
async function httpNtlm(
  ctx: ProbeContext,
  url: string,
  req: { userAgent: string; body: string; soapAction: string },
  scheme: string,
  o: WebTicketInput,
): Promise<Reply> {
  // both legs on one connection: IIS binds the NTLM challenge to it
  const via = ctx.net.httpSession?.() ?? ctx.net.http;
  const negotiate = await exchange(ctx, 'webticket', 'POST', url, { ...req, via, authorization: `${scheme} ${buildNegotiateMessage().toString('base64')}`, label: `${scheme} negotiate` });
  const headers = negotiate.headers['www-authenticate'];
  const token = (Array.isArray(headers) ? headers : [headers ?? '']).map((h) => new RegExp(`^${scheme}\\s+([A-Za-z0-9+/=]+)`, 'i').exec(h)?.[1]).find(Boolean);
  const challenge = token ? parseChallengeMessage(Buffer.from(token, 'base64')) : undefined;
  if (negotiate.status !== 401 || !challenge) return negotiate;
  const { message } = buildAuthenticateMessage({
    challenge,
    ...ntlmIdentity(o.login, o.address),
    password: o.password ?? '',
    workstation: 'PIDGIN',
    clientChallenge: Buffer.from(crypto.getRandomValues(new Uint8Array(8))),
    randomSessionKey: Buffer.from(crypto.getRandomValues(new Uint8Array(16))),
    nowMs: ctx.now().getTime(),
  });
  return exchange(ctx, 'webticket', 'POST', url, { ...req, via, authorization: `${scheme} ${message.toString('base64')}`, label: `${scheme} authenticate` });
}

/** getuserrealm → ADFS (when federated) → RST2.srf, as SIPE 1.19+ (ADFS failure: assume MFA, retry without ADFS). */
async function federated(ctx: ProbeContext, o: WebTicketInput, wsFed: string): Promise<'not-tested' | { assertion?: string; fault?: string; mfa?: boolean }> {
  if (!o.password) {
    ctx.note(`The web ticket service is federated (Office 365 / ADFS) and needs the password: ${o.credentialsWithheld ? `not sent, because ${o.credentialsWithheld}` : 'none given'}, so it was not tested.`);
    return 'not-tested';
  }
  const login = o.login.includes('@') ? o.login : o.address;
  const realm = await exchange(ctx, 'realm', 'GET', `https://login.microsoftonline.com/getuserrealm.srf?login=${encodeURIComponent(login)}&xml=1`, o);
  const sts = /<STSAuthURL>([^<]+)</.exec(realm.body)?.[1]?.trim();
  let mfa = false;
  if (sts) {
    const adfs = await exchange(ctx, 'adfs', 'POST', sts, { ...o, body: usernameTokenBody(sts, 'urn:federation:MicrosoftOnline', login, o.password), contentType: SOAP12, soapAction: 'http://schemas.xmlsoap.org/ws/2005/02/trust/RST/Issue' });
    if (!(adfs.outcome === 'ok' && adfs.status === 200 && /Assertion/.test(adfs.body))) mfa = true; // SIPE: "ADFS authentication failed - assuming Multi-Factor Authentication"
  }
  const rst2 = 'https://login.microsoftonline.com:443/RST2.srf';
  const r = await exchange(ctx, 'rst2', 'POST', rst2, { ...o, body: usernameTokenBody(rst2, wsFed, login, o.password), contentType: SOAP12 });
  const fault = soapFaultText(r.body);
  if (r.outcome === 'ok' && r.status === 200 && !fault) {
    // the RST2 answer (Timestamp + EncryptedData) goes to the WsFedBearer endpoint as WS-Security header
    const token = rst2Token(r.body);
    const entropy = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');
    const body = rstBody(wsFed, o.address, entropy).replace('<s:Body>', `<s:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">${token}</wsse:Security></s:Header><s:Body>`);
    const w = await exchange(ctx, 'webticket', 'POST', wsFed, { ...o, body, soapAction: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue' });
    const assertion = w.outcome === 'ok' && w.status === 200 ? webTicketAssertion(w.body) : undefined;
    if (assertion) return { assertion };
    const wf = soapFaultText(w.body) ?? (w.status ? `HTTP ${w.status}` : w.error);
    return { ...(wf ? { fault: wf } : {}), ...(mfa ? { mfa: true } : {}) };
  }
  return { ...(fault ? { fault } : r.status ? { fault: `HTTP ${r.status}` } : {}), ...(mfa || faultClass(fault) === 'mfa-required' ? { mfa: true } : {}) };
}
