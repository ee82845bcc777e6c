/**
 * The documents the lab's web server answers with: Lync autodiscover (XML as SIPE asks for it,
 * JSON as UCWA clients ask for it), WS-MetadataExchange WSDL for the web ticket
 * and certificate provisioning services with the policy and port names SIPE looks for, web tickets, and the SOAP faults of the failure scenarios.
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
 * naming the web ticket service as issuer and port `CertProvisioningServiceWebTicketProof_SHA1`
 * with the address certificates are requested at. `proof` (the default, as the port's name says):
 * the ticket is an EndorsingSupportingToken, i.e. the client must sign with the proof key derived
 * from both entropies (P_SHA1); otherwise a SignedSupportingToken (bearer ticket).
 */
export function certProvMex(webTicketUrl: string, certProvAuthUrl: string, opts: { proof?: boolean } = {}): string {
  const tokens = opts.proof === false ? 'sp:SignedSupportingTokens' : 'sp:EndorsingSupportingTokens';
  return mexEnvelope(
    `<wsdl:definitions name="CertProvisioningService" targetNamespace="http://tempuri.org/" ${WSDL_NS} xmlns:tns="http://tempuri.org/">` +
    '<wsp:Policy wsu:Id="CertProvisioningServiceWebTicketProof_SHA1_policy"><wsp:ExactlyOne><wsp:All>' +
    '<sp:TransportBinding><wsp:Policy><sp:TransportToken><wsp:Policy><sp:HttpsToken RequireClientCertificate="false"/></wsp:Policy></sp:TransportToken>' +
    '<sp:AlgorithmSuite><wsp:Policy><sp:Basic256/></wsp:Policy></sp:AlgorithmSuite><sp:Layout><wsp:Policy><sp:Strict/></wsp:Policy></sp:Layout>' +
    '<sp:IncludeTimestamp/></wsp:Policy></sp:TransportBinding>' +
    `<${tokens}><wsp:Policy><sp:IssuedToken sp:IncludeToken="http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200702/IncludeToken/AlwaysToRecipient">` +
    `<sp:Issuer><wsa10:Address>${xmlEscape(webTicketUrl)}</wsa10:Address></sp:Issuer>` +
    '<sp:RequestSecurityTokenTemplate><t:TokenType xmlns:t="http://docs.oasis-open.org/ws-sx/ws-trust/200512">http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV1.1</t:TokenType>' +
    '<t:KeyType xmlns:t="http://docs.oasis-open.org/ws-sx/ws-trust/200512">http://docs.oasis-open.org/ws-sx/ws-trust/200512/SymmetricKey</t:KeyType>' +
    '<t:KeySize xmlns:t="http://docs.oasis-open.org/ws-sx/ws-trust/200512">256</t:KeySize></sp:RequestSecurityTokenTemplate>' +
    '<wsp:Policy><sp:RequireInternalReference/></wsp:Policy>' +
    `</sp:IssuedToken></wsp:Policy></${tokens}>` +
    '<sp:Wss11><wsp:Policy/></sp:Wss11><sp:Trust10><wsp:Policy><sp:MustSupportIssuedTokens/><sp:RequireClientEntropy/><sp:RequireServerEntropy/></wsp:Policy></sp:Trust10>' +
    '</wsp:All></wsp:ExactlyOne></wsp:Policy>' +
    '<wsdl:types/>' +
    '<wsdl:message name="GetAndPublishCertRequest"/><wsdl:message name="GetAndPublishCertResponse"/>' +
    '<wsdl:portType name="ICertProvisioningService"><wsdl:operation name="GetAndPublishCert">' +
    '<wsdl:input wsaw:Action="http://schemas.microsoft.com/OCS/AuthWebServices/GetAndPublishCert" message="tns:GetAndPublishCertRequest" xmlns:wsaw="http://www.w3.org/2006/05/addressing/wsdl"/>' +
    '<wsdl:output message="tns:GetAndPublishCertResponse"/></wsdl:operation></wsdl:portType>' +
    '<wsdl:binding name="CertProvisioningServiceWebTicketProof_SHA1" type="tns:ICertProvisioningService">' +
    '<wsp:PolicyReference URI="#CertProvisioningServiceWebTicketProof_SHA1_policy"/>' +
    '<soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>' +
    '<wsdl:operation name="GetAndPublishCert"><soap:operation soapAction="http://schemas.microsoft.com/OCS/AuthWebServices/GetAndPublishCert" style="document"/>' +
    '<wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation></wsdl:binding>' +
    '<wsdl:service name="CertProvisioningService">' +
    '<wsdl:port name="CertProvisioningServiceWebTicketProof_SHA1" binding="tns:CertProvisioningServiceWebTicketProof_SHA1">' +
    `<soap:address location="${xmlEscape(certProvAuthUrl)}"/></wsdl:port>` +
    '</wsdl:service></wsdl:definitions>',
  );
}

/**
 * WebTicketService metadata with the ports SIPE chooses from: `WebTicketServiceWinNegotiate`
 * (Windows-integrated HTTP authentication, on-premises) and `WsFedBearer` (a federation token from
 * Office 365 / ADFS in the WS-Security header).
 */
export function webTicketMex(ports: { winNegotiate?: string; wsFedBearer?: string }): string {
  const binding = (name: string, policy: string): string =>
    `<wsp:Policy wsu:Id="${name}_policy"><wsp:ExactlyOne><wsp:All>${policy}</wsp:All></wsp:ExactlyOne></wsp:Policy>` +
    `<wsdl:binding name="${name}" type="tns:IWebTicketService"><wsp:PolicyReference URI="#${name}_policy"/>` +
    '<soap:binding transport="http://schemas.xmlsoap.org/soap/http"/><wsdl:operation name="IssueToken">' +
    '<soap:operation soapAction="http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue" style="document"/>' +
    '<wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation></wsdl:binding>';
  const port = (name: string, url: string): string =>
    `<wsdl:port name="${name}" binding="tns:${name}"><soap:address location="${xmlEscape(url)}"/></wsdl:port>`;
  const https = (auth: string): string =>
    `<sp:TransportBinding><wsp:Policy><sp:TransportToken><wsp:Policy><sp:HttpsToken RequireClientCertificate="false"/></wsp:Policy></sp:TransportToken></wsp:Policy></sp:TransportBinding>${auth}`;
  return mexEnvelope(
    `<wsdl:definitions name="WebTicketService" targetNamespace="http://tempuri.org/" ${WSDL_NS} xmlns:tns="http://tempuri.org/" ` +
    'xmlns:http="http://schemas.microsoft.com/ws/06/2004/policy/http">' +
    (ports.winNegotiate ? binding('WebTicketServiceWinNegotiate', https('<http:NegotiateAuthentication/>')) : '') +
    (ports.wsFedBearer ? binding('WsFedBearer', https(
      '<sp:SignedSupportingTokens><wsp:Policy><sp:IssuedToken sp:IncludeToken="http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200702/IncludeToken/AlwaysToRecipient">' +
      '<sp:RequestSecurityTokenTemplate><t:TokenType xmlns:t="http://docs.oasis-open.org/ws-sx/ws-trust/200512">urn:oasis:names:tc:SAML:1.0:assertion</t:TokenType>' +
      '<t:KeyType xmlns:t="http://docs.oasis-open.org/ws-sx/ws-trust/200512">http://docs.oasis-open.org/ws-sx/ws-trust/200512/Bearer</t:KeyType></sp:RequestSecurityTokenTemplate>' +
      '</sp:IssuedToken></wsp:Policy></sp:SignedSupportingTokens>')) : '') +
    '<wsdl:service name="WebTicketService">' +
    (ports.winNegotiate ? port('WebTicketServiceWinNegotiate', ports.winNegotiate) : '') +
    (ports.wsFedBearer ? port('WsFedBearer', ports.wsFedBearer) : '') +
    '</wsdl:service></wsdl:definitions>',
  );
}

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';

const WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const TRUST13 = 'http://docs.oasis-open.org/ws-sx/ws-trust/200512';

/**
 * The web ticket: a WS-Trust 1.3 RequestSecurityTokenResponse with a (fake, unsigned) SAML 1.1
 * assertion, its `Lifetime`, and — because the policy asks for a proof key — the server's entropy
 * (`Entropy/BinarySecret`) and `RequestedProofToken/ComputedKey` P_SHA1, from which the client
 * derives the key it signs the certificate request's timestamp with. WCF writes the WS-Trust
 * elements in the default namespace (`<Lifetime>`, `<BinarySecret>`), and clients look for them so.
 */
export function webTicketResponse(opts: { sipUri: string; now: Date; id: string; serverEntropy?: string; lifetimeMs?: number }): string {
  const created = opts.now.toISOString();
  const expires = new Date(opts.now.getTime() + (opts.lifetimeMs ?? 8 * 3600_000)).toISOString();
  const proof = opts.serverEntropy === undefined ? '' :
    '<RequestedProofToken><ComputedKey>http://docs.oasis-open.org/ws-sx/ws-trust/200512/CK/PSHA1</ComputedKey></RequestedProofToken>' +
    `<Entropy><BinarySecret Type="http://docs.oasis-open.org/ws-sx/ws-trust/200512/Nonce">${xmlEscape(opts.serverEntropy)}</BinarySecret></Entropy>` +
    '<KeySize>256</KeySize>';
  return `${XML_HEAD}<s:Envelope xmlns:s="${SOAP11}" xmlns:a="http://www.w3.org/2005/08/addressing" xmlns:u="${WSU}">` +
    '<s:Header><a:Action s:mustUnderstand="1">http://docs.oasis-open.org/ws-sx/ws-trust/200512/RSTRC/IssueFinal</a:Action></s:Header>' +
    `<s:Body><RequestSecurityTokenResponseCollection xmlns="${TRUST13}"><RequestSecurityTokenResponse>` +
    `<Lifetime><u:Created>${created}</u:Created><u:Expires>${expires}</u:Expires></Lifetime>` +
    '<TokenType>http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV1.1</TokenType>' +
    '<RequestedSecurityToken>' +
    `<saml:Assertion MajorVersion="1" MinorVersion="1" AssertionID="${xmlEscape(opts.id)}" Issuer="https://lab.invalid/WebTicket" IssueInstant="${created}" xmlns:saml="urn:oasis:names:tc:SAML:1.0:assertion">` +
    `<saml:Conditions NotBefore="${created}" NotOnOrAfter="${expires}"/>` +
    `<saml:AttributeStatement><saml:Subject><saml:NameIdentifier>${xmlEscape(opts.sipUri)}</saml:NameIdentifier></saml:Subject>` +
    `<saml:Attribute AttributeName="uri" AttributeNamespace="http://schemas.xmlsoap.org/claims"><saml:AttributeValue>${xmlEscape(opts.sipUri)}</saml:AttributeValue></saml:Attribute>` +
    '</saml:AttributeStatement></saml:Assertion></RequestedSecurityToken>' +
    proof +
    '<KeyType>http://docs.oasis-open.org/ws-sx/ws-trust/200512/SymmetricKey</KeyType>' +
    '</RequestSecurityTokenResponse></RequestSecurityTokenResponseCollection></s:Body></s:Envelope>';
}

/** A SOAP 1.1 fault as the Lync web services (WCF) send it, with an OCS diagnostics detail. */
export function soapFault(opts: { code: string; reason: string; errorId?: number; detailReason?: string }): string {
  const detail = opts.errorId === undefined ? '' :
    '<detail><OCSDiagnosticsFaultType xmlns="http://schemas.microsoft.com/2008/09/ocs/diagnostics">' +
    `<Ms-Diagnostics-Fault><ErrorId>${opts.errorId}</ErrorId><Reason>${xmlEscape(opts.detailReason ?? opts.reason)}</Reason></Ms-Diagnostics-Fault>` +
    '</OCSDiagnosticsFaultType></detail>';
  return `${XML_HEAD}<s:Envelope xmlns:s="${SOAP11}"><s:Body><s:Fault>` +
    `<faultcode xmlns:a="${TRUST13}">${xmlEscape(opts.code)}</faultcode>` +
    `<faultstring xml:lang="en-US">${xmlEscape(opts.reason)}</faultstring>${detail}</s:Fault></s:Body></s:Envelope>`;
}

/** A SOAP 1.2 fault (ADFS answers in SOAP 1.2). */
export function soap12Fault(opts: { code: string; subcode?: string; reason: string }): string {
  const sub = opts.subcode ? `<s:Subcode><s:Value xmlns:a="http://schemas.xmlsoap.org/ws/2005/02/trust">${xmlEscape(opts.subcode)}</s:Value></s:Subcode>` : '';
  return `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing">` +
    '<s:Header><a:Action s:mustUnderstand="1">http://www.w3.org/2005/08/addressing/soap/fault</a:Action></s:Header>' +
    `<s:Body><s:Fault><s:Code><s:Value>${xmlEscape(opts.code)}</s:Value>${sub}</s:Code>` +
    `<s:Reason><s:Text xml:lang="en-US">${xmlEscape(opts.reason)}</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>`;
}

/** The web ticket service's fault reason when the claimed SIP URI is not the authenticated account's. */
export const SIP_URI_MISMATCH_TEXT =
  'The SIP URI in the claim type requirements of the web ticket request does not match the SIP URI associated with the presented credentials.';
/** Its short form in X-Ms-diagnostics and the fault detail. */
export const SIP_URI_MISMATCH_DIAG = 'Web ticket request error - SIP URI mismatch';
/** @deprecated the client-side wrapping a .NET client shows; kept for callers that match on it */
export const SIP_URI_MISMATCH_REASON =
  `The server returned a trust fault: 'The specified request failed'. The fault reason was: '${SIP_URI_MISMATCH_TEXT}'`;

/** The Passport/RST2.srf fault style SIPE extracts text from (Body/Fault/Detail/error/internalerror/text). */
export function passportFault(text: string, codes: { value?: string; code?: string } = {}): string {
  return `${XML_HEAD}<S:Envelope xmlns:S="http://www.w3.org/2003/05/soap-envelope" xmlns:wsse="${WSSE}" xmlns:wsu="${WSU}" xmlns:wst="http://schemas.xmlsoap.org/ws/2005/02/trust" xmlns:psf="http://schemas.microsoft.com/Passport/SoapServices/SOAPFault">` +
    '<S:Body><S:Fault><S:Code><S:Value>S:Sender</S:Value><S:Subcode><S:Value>wst:FailedAuthentication</S:Value></S:Subcode></S:Code>' +
    '<S:Reason><S:Text xml:lang="en-US">Authentication Failure</S:Text></S:Reason>' +
    `<S:Detail><psf:error><psf:value>${codes.value ?? '0x80048821'}</psf:value><psf:internalerror><psf:code>${codes.code ?? '0x80041012'}</psf:code><psf:text>${xmlEscape(text)}</psf:text></psf:internalerror></psf:error></S:Detail>` +
    '</S:Fault></S:Body></S:Envelope>';
}

/** Azure AD's MFA refusal; the resource is Skype for Business Online's application id (no host name to confuse the analyzer). */
export const MFA_TEXT =
  "AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '00000004-0000-0ff1-ce00-000000000000'.";

/** RST2.srf's answer to a wrong user name or password. */
export const RST2_BAD_PASSWORD_TEXT = 'AADSTS50126: Error validating credentials due to invalid username or password.';

/**
 * RST2.srf's answer to a good UsernameToken: a WS-Trust 2005/02 RSTR whose `wst:Lifetime` and
 * `EncryptedData` (the token for the relying party, opaque to the client) the client copies into
 * the WS-Security header of its request to the WsFedBearer endpoint. The "encrypted" token here
 * is the lab's own marker naming the authenticated user, so the web ticket service can check the
 * SIP URI claim against it.
 */
export function rst2TokenResponse(opts: { appliesTo: string; now: Date; token: string; lifetimeMs?: number }): string {
  const created = opts.now.toISOString();
  const expires = new Date(opts.now.getTime() + (opts.lifetimeMs ?? 8 * 3600_000)).toISOString();
  return `${XML_HEAD}<S:Envelope xmlns:S="http://www.w3.org/2003/05/soap-envelope" xmlns:wsse="${WSSE}" xmlns:wsu="${WSU}" ` +
    'xmlns:wsa="http://www.w3.org/2005/08/addressing" xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy" ' +
    'xmlns:wst="http://schemas.xmlsoap.org/ws/2005/02/trust" xmlns:psf="http://schemas.microsoft.com/Passport/SoapServices/SOAPFault">' +
    '<S:Header><wsa:Action S:mustUnderstand="1" wsu:Id="Action">http://schemas.xmlsoap.org/ws/2005/02/trust/RSTR/Issue</wsa:Action>' +
    '<wsa:To S:mustUnderstand="1" wsu:Id="To">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsa:To>' +
    `<wsse:Security S:mustUnderstand="1"><wsu:Timestamp wsu:Id="TS"><wsu:Created>${created}</wsu:Created><wsu:Expires>${new Date(opts.now.getTime() + 300_000).toISOString()}</wsu:Expires></wsu:Timestamp></wsse:Security>` +
    '</S:Header><S:Body><wst:RequestSecurityTokenResponse>' +
    '<wst:TokenType>urn:oasis:names:tc:SAML:1.0</wst:TokenType>' +
    `<wsp:AppliesTo><wsa:EndpointReference><wsa:Address>${xmlEscape(opts.appliesTo)}</wsa:Address></wsa:EndpointReference></wsp:AppliesTo>` +
    `<wst:Lifetime><wsu:Created>${created}</wsu:Created><wsu:Expires>${expires}</wsu:Expires></wst:Lifetime>` +
    '<wst:RequestedSecurityToken><EncryptedData xmlns="http://www.w3.org/2001/04/xmlenc#" Id="Assertion0" Type="http://www.w3.org/2001/04/xmlenc#Element">' +
    '<EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#tripledes-cbc"/>' +
    '<ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><EncryptedKey><EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"/>' +
    '<ds:KeyInfo Id="keyinfo"><wsse:SecurityTokenReference><wsse:KeyIdentifier EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary" ' +
    'ValueType="http://docs.oasis-open.org/wss/oasis-wss-soap-message-security-1.1#ThumbprintSHA1">bGFiLXJlbHlpbmctcGFydHk=</wsse:KeyIdentifier></wsse:SecurityTokenReference></ds:KeyInfo>' +
    '<CipherData><CipherValue>bGFiLWtleQ==</CipherValue></CipherData></EncryptedKey></ds:KeyInfo>' +
    `<CipherData><CipherValue>${xmlEscape(opts.token)}</CipherValue></CipherData></EncryptedData></wst:RequestedSecurityToken>` +
    '<wst:RequestedAttachedReference><wsse:SecurityTokenReference><wsse:KeyIdentifier ValueType="http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.0#SAMLAssertionID">lab-assertion</wsse:KeyIdentifier></wsse:SecurityTokenReference></wst:RequestedAttachedReference>' +
    '</wst:RequestSecurityTokenResponse></S:Body></S:Envelope>';
}

/** getuserrealm.srf answer for a federated (ADFS) domain. */
export function userRealmXml(login: string, domain: string, stsAuthUrl: string): string {
  return `${XML_HEAD}<RealmInfo Success="true"><State>3</State><UserState>2</UserState><Login>${xmlEscape(login)}</Login>` +
    `<NameSpaceType>Federated</NameSpaceType><DomainName>${xmlEscape(domain)}</DomainName><IsFederatedNS>true</IsFederatedNS>` +
    `<FederationBrandName>${xmlEscape(domain)}</FederationBrandName><AuthURL>${xmlEscape(stsAuthUrl)}</AuthURL>` +
    `<STSAuthURL>${xmlEscape(stsAuthUrl)}</STSAuthURL></RealmInfo>`;
}

/** getuserrealm.srf answer for a managed (cloud-only) domain: no STSAuthURL, the client signs in at RST2.srf directly. */
export function managedRealmXml(login: string, domain: string): string {
  return `${XML_HEAD}<RealmInfo Success="true"><State>4</State><UserState>1</UserState><Login>${xmlEscape(login)}</Login>` +
    `<NameSpaceType>Managed</NameSpaceType><DomainName>${xmlEscape(domain)}</DomainName><IsFederatedNS>false</IsFederatedNS>` +
    `<FederationBrandName>${xmlEscape(domain)}</FederationBrandName><CloudInstanceName>microsoftonline.com</CloudInstanceName></RealmInfo>`;
}

/** GetAndPublishCert fault: the certificate provisioning service would not issue the TLS-DSK certificate. */
export const CERTPROV_FAULT_TEXT = 'GetAndPublishCert failed: the certificate could not be published for this user.';
