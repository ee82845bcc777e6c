/**
 * The documents the lab's web server answers with: Lync autodiscover (XML as SIPE asks for it,
 * JSON as UCWA clients ask for it; microsoft.md §2), WS-MetadataExchange WSDL for the web ticket
 * and certificate provisioning services with the policy and port names SIPE looks for
 * (sipe.md §1.10), web tickets, and the SOAP faults of the failure scenarios (microsoft.md §3.3).
 * Pure string builders.
 */

export const AUTODISCOVER_XML = 'application/vnd.microsoft.rtc.autodiscover+xml; v=1';
export const AUTODISCOVER_JSON = 'application/json';

/** Escapes text for XML content and attribute values. */
export function xmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

export interface AutodiscoverLink {
  token: string;
  href: string;
}

export interface SipAccess {
  fqdn: string;
  port: number;
}

export interface UserDocument {
  accessLocation: 'Internal' | 'External';
  sipClientInternal?: SipAccess;
  sipClientExternal?: SipAccess;
  sipServerInternal?: SipAccess;
  sipServerExternal?: SipAccess;
  links: AutodiscoverLink[];
}

const XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>';
const NS = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"';

function linkXml(l: AutodiscoverLink): string {
  return `<Link token="${xmlEscape(l.token)}" href="${xmlEscape(l.href)}"/>`;
}

/** Root resource (links Redirect, or User/Domain/Self/OAuth …). */
export function rootXml(links: AutodiscoverLink[], accessLocation: 'Internal' | 'External'): string {
  return `${XML_HEAD}<AutodiscoverResponse ${NS} AccessLocation="${accessLocation}"><Root>${links.map(linkXml).join('')}</Root></AutodiscoverResponse>`;
}

/** Root resource as JSON (`_links` keyed by lower-case token). */
export function rootJson(links: AutodiscoverLink[]): string {
  const out: Record<string, { href: string }> = {};
  for (const l of links) out[l.token.toLowerCase()] = { href: l.href };
  return JSON.stringify({ _links: out });
}

function accessXml(element: string, a: SipAccess | undefined): string {
  return a ? `<${element} fqdn="${xmlEscape(a.fqdn)}" port="${a.port}"/>` : '';
}

export function userXml(u: UserDocument): string {
  return `${XML_HEAD}<AutodiscoverResponse ${NS} AccessLocation="${u.accessLocation}"><User>` +
    accessXml('SipServerInternalAccess', u.sipServerInternal) +
    accessXml('SipClientInternalAccess', u.sipClientInternal) +
    accessXml('SipServerExternalAccess', u.sipServerExternal) +
    accessXml('SipClientExternalAccess', u.sipClientExternal) +
    u.links.map(linkXml).join('') +
    '</User></AutodiscoverResponse>';
}

export function userJson(u: UserDocument): string {
  const links: Record<string, { href: string }> = {};
  for (const l of u.links) links[l.token.toLowerCase()] = { href: l.href };
  const access = (a: SipAccess | undefined): { fqdn: string; port: number } | undefined => (a ? { fqdn: a.fqdn, port: a.port } : undefined);
  return JSON.stringify({
    AccessLocation: u.accessLocation,
    SipClientInternalAccess: access(u.sipClientInternal),
    SipClientExternalAccess: access(u.sipClientExternal),
    SipServerInternalAccess: access(u.sipServerInternal),
    SipServerExternalAccess: access(u.sipServerExternal),
    _links: links,
  });
}

/** What a captive portal or a reverse proxy's error page looks like to SIPE. */
export function captivePortalHtml(): string {
  return '<!DOCTYPE html><html><head><title>Guest Wi-Fi - Sign in</title></head><body>' +
    '<h1>Welcome to Guest Wi-Fi</h1><p>Please accept the terms of use to continue.</p>' +
    '<form method="post" action="/accept"><button>Accept</button></form></body></html>';
}

const WSDL_NS = 'xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" ' +
  'xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" ' +
  'xmlns:sp="http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200702" xmlns:wsa10="http://www.w3.org/2005/08/addressing"';

/**
 * A WCF `…/mex` GET answers with the WSDL itself: `wsdl:definitions` is the document root, and
 * clients look for `Policy` and `service/port` as its direct children.
 */
function mexEnvelope(definitions: string): string {
  return `${XML_HEAD}${definitions}`;
}

/**
 * CertProvisioningService metadata: policy `CertProvisioningServiceWebTicketProof_SHA1_policy`
 * naming the web ticket service as issuer (SignedSupportingTokens: no proof-key signature needed),
 * and port `CertProvisioningServiceWebTicketProof_SHA1` with the address certificates are requested at.
 */
export function certProvMex(webTicketUrl: string, certProvAuthUrl: string): string {
  return mexEnvelope(
    `<wsdl:definitions name="CertProvisioningService" targetNamespace="http://tempuri.org/" ${WSDL_NS}>` +
    '<wsp:Policy wsu:Id="CertProvisioningServiceWebTicketProof_SHA1_policy"><wsp:ExactlyOne><wsp:All>' +
    '<sp:SignedSupportingTokens><wsp:Policy><sp:IssuedToken sp:IncludeToken="http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200702/IncludeToken/AlwaysToRecipient">' +
    `<sp:Issuer><wsa10:Address>${xmlEscape(webTicketUrl)}</wsa10:Address></sp:Issuer>` +
    '</sp:IssuedToken></wsp:Policy></sp:SignedSupportingTokens>' +
    '</wsp:All></wsp:ExactlyOne></wsp:Policy>' +
    '<wsdl:service name="CertProvisioningService">' +
    '<wsdl:port name="CertProvisioningServiceWebTicketProof_SHA1" binding="tns:CertProvisioningServiceWebTicketProof_SHA1">' +
    `<soap:address location="${xmlEscape(certProvAuthUrl)}"/></wsdl:port>` +
    '</wsdl:service></wsdl:definitions>',
  );
}

/** WebTicketService metadata with the ports SIPE chooses from (WinNegotiate on-premises, WsFedBearer for Office 365). */
export function webTicketMex(ports: { winNegotiate?: string; wsFedBearer?: string }): string {
  const port = (name: string, url: string): string =>
    `<wsdl:port name="${name}" binding="tns:${name}"><soap:address location="${xmlEscape(url)}"/></wsdl:port>`;
  return mexEnvelope(
    `<wsdl:definitions name="WebTicketService" targetNamespace="http://tempuri.org/" ${WSDL_NS}>` +
    '<wsdl:service name="WebTicketService">' +
    (ports.winNegotiate ? port('WebTicketServiceWinNegotiate', ports.winNegotiate) : '') +
    (ports.wsFedBearer ? port('WsFedBearer', ports.wsFedBearer) : '') +
    '</wsdl:service></wsdl:definitions>',
  );
}

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';

/**
 * A WS-Trust RequestSecurityTokenResponse carrying a (fake, unsigned) SAML 1.1 web ticket:
 * enough structure for a client to find `Timestamp` and `Assertion`.
 */
export function webTicketResponse(opts: { sipUri: string; now: Date; id: string }): string {
  const created = opts.now.toISOString();
  const expires = new Date(opts.now.getTime() + 8 * 3600_000).toISOString();
  return `${XML_HEAD}<s:Envelope xmlns:s="${SOAP11}" xmlns:u="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">` +
    `<s:Header><o:Security s:mustUnderstand="1" xmlns:o="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">` +
    `<u:Timestamp u:Id="_0"><u:Created>${created}</u:Created><u:Expires>${expires}</u:Expires></u:Timestamp></o:Security></s:Header>` +
    '<s:Body><RequestSecurityTokenResponse xmlns="http://docs.oasis-open.org/ws-sx/ws-trust/200512">' +
    '<TokenType>urn:oasis:names:tc:SAML:1.0:assertion</TokenType><RequestedSecurityToken>' +
    `<saml:Assertion MajorVersion="1" MinorVersion="1" AssertionID="${xmlEscape(opts.id)}" Issuer="https://lab.invalid/WebTicket" IssueInstant="${created}" xmlns:saml="urn:oasis:names:tc:SAML:1.0:assertion">` +
    `<saml:Conditions NotBefore="${created}" NotOnOrAfter="${expires}"/>` +
    `<saml:AttributeStatement><saml:Subject><saml:NameIdentifier>${xmlEscape(opts.sipUri)}</saml:NameIdentifier></saml:Subject>` +
    `<saml:Attribute AttributeName="uri" AttributeNamespace="http://schemas.xmlsoap.org/claims"><saml:AttributeValue>${xmlEscape(opts.sipUri)}</saml:AttributeValue></saml:Attribute>` +
    '</saml:AttributeStatement></saml:Assertion></RequestedSecurityToken>' +
    `<Lifetime><u:Created>${created}</u:Created><u:Expires>${expires}</u:Expires></Lifetime>` +
    '</RequestSecurityTokenResponse></s:Body></s:Envelope>';
}

/** A SOAP 1.1 fault as the Lync web services send it, with an OCS diagnostics detail. */
export function soapFault(opts: { code: string; reason: string; errorId?: number; detailReason?: string }): string {
  const detail = opts.errorId === undefined ? '' :
    '<detail><OCSDiagnosticsFaultType xmlns="http://schemas.microsoft.com/2008/09/ocs/diagnostics">' +
    `<Ms-Diagnostics-Fault><ErrorId>${opts.errorId}</ErrorId><Reason>${xmlEscape(opts.detailReason ?? opts.reason)}</Reason></Ms-Diagnostics-Fault>` +
    '</OCSDiagnosticsFaultType></detail>';
  return `${XML_HEAD}<s:Envelope xmlns:s="${SOAP11}"><s:Body><s:Fault>` +
    `<faultcode xmlns:a="http://docs.oasis-open.org/ws-sx/ws-trust/200512">${xmlEscape(opts.code)}</faultcode>` +
    `<faultstring xml:lang="en-US">${xmlEscape(opts.reason)}</faultstring>${detail}</s:Fault></s:Body></s:Envelope>`;
}

/** Microsoft's trust fault for a web ticket asked for a SIP URI the credentials do not own (microsoft.md §3.3). */
export const SIP_URI_MISMATCH_REASON =
  "The server returned a trust fault: 'The specified request failed'. The fault reason was: 'The SIP URI in the claim type " +
  "requirements of the web ticket request does not match the SIP URI associated with the presented credentials.'";

/** The Passport/RST2.srf fault style SIPE extracts text from (Body/Fault/Detail/error/internalerror/text). */
export function passportFault(text: string): string {
  return `${XML_HEAD}<S:Envelope xmlns:S="http://www.w3.org/2003/05/soap-envelope" xmlns:psf="http://schemas.microsoft.com/Passport/SoapServices/SOAPFault">` +
    '<S:Body><S:Fault><S:Code><S:Value>S:Sender</S:Value><S:Subcode><S:Value>wst:FailedAuthentication</S:Value></S:Subcode></S:Code>' +
    '<S:Reason><S:Text xml:lang="en-US">Authentication Failure</S:Text></S:Reason>' +
    `<S:Detail><psf:error><psf:value>0x80048821</psf:value><psf:internalerror><psf:code>0x80041012</psf:code><psf:text>${xmlEscape(text)}</psf:text></psf:internalerror></psf:error></S:Detail>` +
    '</S:Fault></S:Body></S:Envelope>';
}

export const MFA_TEXT =
  "AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access 'https://webdir.online.lync.com'.";

/** getuserrealm.srf answer for a federated (ADFS) domain. */
export function userRealmXml(login: string, domain: string, stsAuthUrl: string): string {
  return `${XML_HEAD}<RealmInfo Success="true"><State>3</State><UserState>2</UserState><Login>${xmlEscape(login)}</Login>` +
    `<NameSpaceType>Federated</NameSpaceType><DomainName>${xmlEscape(domain)}</DomainName><IsFederatedNS>true</IsFederatedNS>` +
    `<FederationBrandName>${xmlEscape(domain)}</FederationBrandName><AuthURL>${xmlEscape(stsAuthUrl)}</AuthURL>` +
    `<STSAuthURL>${xmlEscape(stsAuthUrl)}</STSAuthURL></RealmInfo>`;
}
