/**
 * What the lab's web services read from a client's SOAP request: the SIP URI claim of a
 * RequestSecurityToken, the UsernameToken sent to RST2.srf, whether a web ticket (SAML assertion)
 * rides in the WS-Security header, and the lab's federation token. Regex on bounded input (the
 * server caps request bodies), never throws.
 */

/** `<auth:Value>sip:alice@corp.example</auth:Value>` of the claims → `alice@corp.example` */
export function claimedSipUri(body: string): string | undefined {
  return /<(?:\w+:)?Value>\s*sip:([^<\s]+)\s*<\/(?:\w+:)?Value>/i.exec(body)?.[1];
}

const unescape = (s: string): string =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** wsse:UsernameToken user and password (RST2.srf / ADFS usernamemixed) */
export function usernameToken(body: string): { user: string; password: string } | undefined {
  const t = /<(?:\w+:)?UsernameToken\b[^>]*>([\s\S]*?)<\/(?:\w+:)?UsernameToken>/.exec(body)?.[1];
  if (t === undefined) return undefined;
  const user = /<(?:\w+:)?Username>([^<]*)<\/(?:\w+:)?Username>/.exec(t)?.[1];
  const password = /<(?:\w+:)?Password\b[^>]*>([^<]*)<\/(?:\w+:)?Password>/.exec(t)?.[1];
  return user === undefined || password === undefined ? undefined : { user: unescape(user.trim()), password: unescape(password) };
}

/** a web ticket (SAML assertion) in the request's WS-Security header */
export function hasWebTicket(body: string): boolean {
  const header = /<(?:\w+:)?Header\b[\s\S]*?<\/(?:\w+:)?Header>/.exec(body)?.[0] ?? '';
  return /<(?:\w+:)?Security\b/.test(header) && /<(?:\w+:)?Assertion\b/.test(header);
}

const TOKEN_PREFIX = 'sipe-doctor-lab-federation-token:';

/** The lab's stand-in for Office 365's encrypted federation token: it names the account. */
export function makeFederationToken(upn: string): string {
  return Buffer.from(`${TOKEN_PREFIX}${upn}`, 'utf8').toString('base64');
}

/** the account a federation token in the request's WS-Security header was issued to */
export function federationTokenUser(body: string): string | undefined {
  const header = /<(?:\w+:)?Header\b[\s\S]*?<\/(?:\w+:)?Header>/.exec(body)?.[0] ?? '';
  for (const m of header.matchAll(/<(?:\w+:)?CipherValue>([A-Za-z0-9+/=\s]+)<\/(?:\w+:)?CipherValue>/g)) {
    const text = Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64').toString('utf8');
    if (text.startsWith(TOKEN_PREFIX)) return text.slice(TOKEN_PREFIX.length);
  }
  return undefined;
}
