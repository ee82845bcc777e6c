/**
 * The evidence vocabulary: the one contract between producers (log analyzer, live probes,
 * accounts.xml reader, saved bundles) and the rules catalog. Rules never know which producer
 * made an observation. Every field that one producer cannot always supply is optional; rules
 * treat `undefined` as "unknown", never as "fine".
 */

/** Where an observation came from. Line numbers are 1-based and inclusive. */
export type Source =
  | { type: 'log'; file: string; lines: readonly [first: number, last: number] }
  | { type: 'probe'; probe: string }
  | { type: 'config'; file: string; account?: string };

/** Normalised outcome of a network operation; probe error codes and log wording both map here. */
export type NetOutcome = 'ok' | 'timeout' | 'refused' | 'reset' | 'unreachable' | 'closed' | 'error';

export type Transport = 'tls' | 'tcp' | 'auto';
export type AuthScheme = 'ntlm' | 'kerberos' | 'tls-dsk' | 'negotiate' | 'basic' | 'digest' | 'auto';

/** A parsed `ms-diagnostics` / `ms-diagnostics-public` header value. */
export interface MsDiagnostic {
  code: number;
  /** sub-code after a dot, e.g. 17002.1 */
  subCode?: number;
  reason?: string;
  source?: string;
  /** true when it came from `ms-diagnostics-public` */
  public: boolean;
}

/** A parsed SIP `Warning` header value: `<code> <agent> "<text>"`. */
export interface SipWarning {
  code: number;
  agent: string;
  text: string;
}

/** One challenge of a `WWW-Authenticate` / `Proxy-Authenticate` header (secret params removed). */
export interface AuthChallenge {
  /** as sent, e.g. `NTLM`, `Kerberos`, `TLS-DSK`, `Negotiate`, `Basic`, `Bearer` */
  scheme: string;
  /** non-secret parameters only (realm, targetname, version, sts-uri, href …) */
  params: Readonly<Record<string, string>>;
}

interface Obs<K extends string, D> {
  /** "o17": stable within a bundle; findings cite it */
  id: string;
  kind: K;
  /** ISO time of the event (log timestamp, possibly time-of-day only as `T10:11:12`) or probe clock */
  at?: string;
  /** groups one connection attempt: account → discovery → TCP → TLS → web ticket → REGISTER */
  attempt?: string;
  source: Source;
  data: D;
}

/** The account as the client (log), Pidgin's accounts.xml (config) or the `check` command line saw it. */
export type ClientAccount = Obs<'client.account', {
  /** Pidgin "Username" (sign-in SIP address without `sip:`) */
  signinName?: string;
  /** Pidgin "Login" (`DOMAIN\user`, `user@upn` …), empty string when blank */
  login?: string;
  /** SIP domain (right-hand side of the Username) */
  domain?: string;
  /** Server[:Port] field; empty string = auto-discovery */
  server?: string;
  transport?: Transport;
  authentication?: AuthScheme;
  /** accounts.xml only: true when the file has no `authentication` setting, so SIPE 1.25's code
   *  default (NTLM) applies although Pidgin's dialog shows "Auto" */
  authenticationDefaulted?: boolean;
  /** empty string = SIPE's built-in User-Agent */
  userAgent?: string;
  sso?: boolean;
  /** true when a password is stored / was entered; undefined when unknown */
  hasPassword?: boolean;
  /** accounts.xml only: the file's mode bits (e.g. 0o644) when the password is stored in it */
  fileMode?: number;
  sipeVersion?: string;
  libpurpleVersion?: string;
  /** `linux-x86_64`, `win-i386` … from the default User-Agent; or `windows` from log paths */
  platform?: string;
  buildOptions?: string;
  /** the User-Agent actually sent on the wire (from a dump or probe) */
  userAgentSent?: string;
}>;

/**
 * The fatal (or last) connection error the client reported. From libpurple's
 * `Connection error on … (reason: N description: …)` line or accounts.xml `<current_error>`.
 */
export type ClientError = Obs<'client.error', {
  /** libpurple PurpleConnectionError number; undefined for very old logs */
  reason?: number;
  /** the description as printed (possibly translated) */
  description: string;
  /** the English msgid the description maps back to (same as description for English logs) */
  english?: string;
  /** the `%s` argument of the msgid template, when the template has one */
  detail?: string;
  /** true when `english` came from a translation catalog */
  translated?: boolean;
  /** catalog language, e.g. `de` */
  language?: string;
}>;

/** A DNS question and what came back. */
export type DnsLookup = Obs<'dns.lookup', {
  name: string;
  type: 'SRV' | 'A' | 'AAAA' | 'CNAME' | 'ANY';
  /** `refused`: the resolver answered REFUSED; `unreachable`: the resolver could not be reached (port closed, no route) */
  outcome: 'ok' | 'nxdomain' | 'nodata' | 'servfail' | 'timeout' | 'refused' | 'unreachable' | 'error';
  answers: readonly { target?: string; port?: number; priority?: number; weight?: number; address?: string }[];
  /** CNAME chain followed to reach the answer, first link first */
  cnames?: readonly string[];
  /** the resolver that answered (`system` or `ip:port`) */
  server?: string;
  error?: string;
  /** the failure was read from a translated text (libpurple's own line is translated): a finding from it is inferred */
  basis?: 'translated-text';
  errorEnglish?: string;
  language?: string;
}>;

/** SIPE's discovery milestones and the candidate servers it tries. */
export type DiscoveryEvent = Obs<'discovery.event', {
  event:
    | 'user-specified'        // Server field set: no discovery
    | 'autodiscover-none'     // no Lync Autodiscover servers found; trying SRV records next
    | 'autodiscover-servers'  // lync_autodiscover_cb: got server list
    | 'srv-none'              // no SRV records found; trying A records next
    | 'a-none'                // no SRV or A records found; using SIP domain as fallback
    | 'candidate'             // a server resolved and about to be tried
    | 'unresolvable';         // a host name did not resolve
  host?: string;
  port?: number;
  /** where a candidate came from */
  via?: 'autodiscover' | 'srv' | 'a' | 'domain' | 'server-setting' | 'redirect';
  transport?: Transport;
  detail?: string;
}>;

/** A TCP connection attempt (SIP or HTTP). */
export type TcpConnect = Obs<'tcp.connect', {
  host: string;
  port: number;
  /** resolved address, when known */
  address?: string;
  outcome: NetOutcome;
  purpose?: 'sip' | 'http';
  durationMs?: number;
  proxy?: string;
  error?: string;
  /**
   * the outcome was read from a translated system text (`error`), whose English original is
   * `errorEnglish` (language `language`): only the text says so, a finding from it is inferred
   */
  basis?: 'translated-text';
  errorEnglish?: string;
  language?: string;
}>;

/** A TLS handshake. */
export type TlsHandshake = Obs<'tls.handshake', {
  host: string;
  port: number;
  sni?: string;
  outcome: NetOutcome | 'alert' | 'failed' | 'not-tls';
  protocol?: string;
  cipher?: string;
  alert?: string;
  error?: string;
  purpose?: 'sip' | 'http';
  /** true when `check --insecure` continued past a bad certificate */
  insecure?: boolean;
}>;

/** The server certificate and what verification said of it. */
export type TlsCertificate = Obs<'tls.certificate', {
  /** the name the client connected to and checked against */
  host: string;
  port?: number;
  subject?: string;
  issuer?: string;
  altNames?: readonly string[];
  notBefore?: string;
  notAfter?: string;
  /** chain leads to a trusted root */
  trusted?: boolean;
  /** certificate covers `host` */
  hostnameMatch?: boolean;
  /** within validity at observation time */
  timeValid?: boolean;
  selfSigned?: boolean;
  /** raw verifier error names, e.g. `SEC_ERROR_UNTRUSTED_ISSUER`, `CERT_HAS_EXPIRED` */
  errors?: readonly string[];
  chainLength?: number;
}>;

/** An HTTP proxy event (Pidgin/system proxy). */
export type ProxyEvent = Obs<'proxy.event', {
  proxyType?: string;
  host?: string;
  port?: number;
  outcome: NetOutcome | 'auth-required' | 'rejected';
  status?: number;
  detail?: string;
}>;

/** One Lync autodiscover request and its answer. */
export type AutodiscoverResponse = Obs<'autodiscover.response', {
  url: string;
  status?: number;
  outcome: NetOutcome | 'tls-failed' | 'unusable';
  contentType?: string;
  /** Root/User link followed next */
  redirect?: string;
  userLink?: string;
  /** `X-MS-WebTicketURL` of a 401 */
  webTicketUrl?: string;
  accessLocation?: string;
  sipInternal?: string;
  sipExternal?: string;
  /** why the answer could not be used (HTML page, bad XML …) */
  problem?: string;
}>;

/** An HTTP exchange outside autodiscover: web ticket, certificate provisioning, realm discovery, ADFS. */
export type HttpExchange = Obs<'http.exchange', {
  method?: string;
  url: string;
  purpose: 'webticket-metadata' | 'webticket' | 'certprov' | 'realm' | 'adfs' | 'rst2' | 'other';
  status?: number;
  outcome: NetOutcome | 'tls-failed' | 'http-error' | 'fault';
  /** SOAP fault text or `X-Ms-diagnostics` reason (server text, shown as is) */
  fault?: string;
  msDiagnostics?: readonly MsDiagnostic[];
  authSchemes?: readonly string[];
  /**
   * the server answered 200 with an XML document but SIPE went on as if
   * there were no answer: the line SIPE prints once it parsed it (`service_metadata: metadata for
   * service … retrieved successfully`, `webticket_metadata: …`, `realminfo: data for user …`) never
   * came before the sign-in failed. Seen with Debian 12's libxml2 2.9.14+dfsg-1.3~deb12u5/u6, where
   * SIPE 1.25's XML parser returns NULL for every document.
   */
  parseFailed?: true;
}>;

/** The outcome of SIPE's web-ticket / certificate-provisioning state machine. */
export type WebTicketResult = Obs<'webticket.result', {
  stage: 'webticket' | 'certificate';
  /** the sts-uri / CertProvisioningService URL */
  url?: string;
  outcome: 'issued' | 'failed';
  /** the server text SIPE appended in parentheses, or the SOAP fault text */
  fault?: string;
  /** ADFS failed: SIPE assumes multi-factor authentication is required */
  mfaSuspected?: boolean;
  detail?: string;
}>;

/** A SIP REGISTER transaction: the request as sent and the response (or its absence). */
export type SipRegister = Obs<'sip.register', {
  /** host:port the REGISTER went to */
  registrar?: string;
  transport?: 'tls' | 'tcp';
  /** request URI, e.g. `sip:corp.example` */
  requestUri?: string;
  fromUri?: string;
  userAgent?: string;
  /** the scheme of the Authorization header sent, if any */
  authorizationScheme?: string;
  status?: number;
  reasonPhrase?: string;
  outcome: 'registered' | 'challenged' | 'rejected' | 'redirected' | 'no-response' | 'closed' | 'error';
  challenges?: readonly AuthChallenge[];
  msDiagnostics?: readonly MsDiagnostic[];
  warnings?: readonly SipWarning[];
  /** Contact of a 301/302 */
  contact?: string;
  /** `Server:` header of the response, e.g. `RTC/6.0` */
  server?: string;
  expires?: number;
}>;

/**
 * `check` only (SIPE never does this, so no log has it): after the server's client-version filter
 * refused SIPE's User-Agent, a REGISTER with a Microsoft client's User-Agent, unauthenticated, to
 * learn which one the filter lets through. Not progress of the sign-in attempt.
 */
export type UserAgentTest = Obs<'sip.user-agent-test', {
  /** the User-Agent sent instead of SIPE's */
  userAgent: string;
  /** host:port the REGISTER went to */
  registrar?: string;
  transport?: 'tls' | 'tcp';
  status?: number;
  reasonPhrase?: string;
  outcome: SipRegister['data']['outcome'];
  msDiagnostics?: readonly MsDiagnostic[];
  warnings?: readonly SipWarning[];
  /** `Server:` header of the response */
  server?: string;
}>;

/** Authentication progress and failures reported by the client. */
export type AuthEvent = Obs<'auth.event', {
  event:
    | 'scheme-not-offered'    // sipmsg_find_auth_header: '<scheme>' not found
    | 'challenge'             // process_register_response: Auth header: …
    | 'context-failed'        // security context initialization/continuation failed
    | 'handshake-failed'      // authentication handshake failed - giving up / trying next
    | 'no-more-schemes'
    | 'gssapi-error'
    | 'no-credentials'        // no valid authentication information provided
    | 'completed'             // authentication handshake completed successfully
    | 'credentials-withheld'  // check only: the server asked for credentials on a path that did not verify; none sent
    | 'credentials-accepted'  // the server signed a message with the session key: the credentials were right
    | 'signed-in'             // the session is up: validated traffic after REGISTER, subscriptions, roaming-self
    | 'clock-skew';
  scheme?: string;
  detail?: string;
  /**
   * which of SIPE's security contexts reported it: the SIP REGISTER's or
   * one for HTTP (web tickets, certificate provisioning, autodiscover: `sip_sec_create_context: … protocol: HTTP`)
   */
  protocol?: 'sip' | 'http';
  /**
   * the failure did not end the authentication: e.g. HTTP Negotiate could
   * not get a Kerberos ticket and SIPE logged `fallback to NTLM` for the same context
   */
  recovered?: boolean;
}>;

/** Transport-level events of the SIP connection. */
export type TransportEvent = Obs<'transport.event', {
  event: 'connect' | 'connected' | 'dropped' | 'read-error' | 'write-error' | 'disconnected' | 'redirected'
    /** check only: the server's answer is not a usable SIP message (garbage, over the size cap, bad Content-Length) */
    | 'bad-answer';
  host?: string;
  port?: number;
  transport?: 'tls' | 'tcp';
  detail?: string;
}>;

/**
 * A SIP transaction other than REGISTER that failed after sign-in (a call or conference refused, a
 * subscription refused, a BYE with a diagnostic): not a sign-in failure.
 */
export type SipTransaction = Obs<'sip.transaction', {
  /** the request's method: INVITE, SUBSCRIBE, SERVICE, BYE … */
  method: string;
  /** the response status (none for a request received, e.g. a BYE) */
  status?: number;
  reasonPhrase?: string;
  /** a response to SIPE's request, or a request the server sent */
  direction: 'response' | 'request';
  msDiagnostics?: readonly MsDiagnostic[];
}>;

/** The server ended an established registration (NOTIFY registration-notify, deregistered). */
export type SessionEnded = Obs<'session.ended', {
  event?: string;
  reason?: string;
  msDiagnostics?: readonly MsDiagnostic[];
}>;

/**
 * A live check stopped before it finished: its own time budget ran out (or the user interrupted it)
 * while `step` was in progress. A fact about the run, not about the server: what the step was
 * waiting for when it was cut off proves nothing.
 */
export type CheckStopped = Obs<'check.stopped', {
  reason: 'budget' | 'interrupted';
  /** the progress step that was running (`REGISTER → pool.corp.example:5061`); undefined = between steps */
  step?: string;
  budgetMs?: number;
  elapsedMs?: number;
}>;

/** A component found on the machine, and how it was found. */
export interface InstalledComponent {
  /** false when the package database says it is not installed and no file of it was found */
  installed: boolean;
  /** as the source states it: a package version (`2.9.14+dfsg-1.3~deb12u6`, `1:2.14.12-1`) or an upstream one (`1.25.0`) */
  version?: string;
  /** the upstream part (`1.25.0`): no epoch, no distribution revision */
  upstream?: string;
  /** `dpkg`/`rpm`: the package database; `version-output`: `pidgin --version`; `file`: the library or plugin file itself */
  via: 'dpkg' | 'rpm' | 'version-output' | 'file';
  /** the package (`libpurple0t64`, `purple-sipe`) */
  package?: string;
  /** the file it was found at or read from */
  path?: string;
}

/**
 * The machine the client runs on (`sipe-doctor env`, and the environment part of a collected
 * bundle): client, plugin and library versions, the Pidgin profile, the resolver, proxy variables,
 * locale, VPN-looking interfaces and the clock. Every field is optional: a log or a bundle from
 * another machine lacks some or all of it. Never holds a secret (no password, proxy credentials
 * redacted).
 */
export type ClientEnvironment = Obs<'client.environment', {
  /** Node's platform name: `linux`, `darwin`, `win32` … */
  platform?: string;
  arch?: string;
  /** /etc/os-release: ID, VERSION_ID, VERSION_CODENAME, PRETTY_NAME; `kernel` = os.release() */
  os?: { id?: string; versionId?: string; codename?: string; name?: string; kernel?: string };
  /** the package database that was asked */
  packageManager?: 'dpkg' | 'rpm';
  pidgin?: InstalledComponent;
  finch?: InstalledComponent;
  libpurple?: InstalledComponent;
  /** pidgin-sipe; `crypto` = the library SIPE's own crypto (TLS-DSK, NTLM) is linked with */
  sipe?: InstalledComponent & { crypto?: 'nss' | 'openssl' };
  libxml2?: InstalledComponent;
  /** libpurple's TLS plugins found (`ssl-nss`, `ssl-gnutls`); [] = none found; undefined = not looked */
  tlsPlugins?: readonly string[];
  /** Pidgin's settings directory that was looked at (`~/.purple`, `--purple-dir`) */
  purpleDir?: { path: string; exists: boolean };
  /** accounts.xml in it: counts only (the password is never read out) */
  accountsXml?: { path: string; exists: boolean; accounts?: number; sipeAccounts?: number; problem?: string };
  /** running Pidgin/Finch processes; [] = none; undefined = could not tell on this platform */
  runningClients?: readonly { name: string; pid: number; user?: string; profileDir?: string; profileDirFrom: 'option' | 'default' | 'unknown' }[];
  resolver?: {
    /** `/etc/resolv.conf` */
    source: string;
    nameservers: readonly string[];
    search: readonly string[];
    /** systemd-resolved's view (`resolvectl status`) when resolv.conf points at its stub */
    resolved?: readonly { link: string; servers: readonly string[]; domains: readonly string[]; current?: string }[];
  };
  /** proxy variables that are set (http_proxy, HTTPS_PROXY, no_proxy …), credentials redacted */
  proxyVariables?: Readonly<Record<string, string>>;
  locale?: {
    variables: Readonly<Record<string, string>>;
    /** the LC_MESSAGES locale in effect (LC_ALL, else LC_MESSAGES, else LANG, else C) */
    messages: string;
    /** codeset of the LC_CTYPE locale, e.g. `UTF-8`; undefined when the locale names none */
    charset?: string;
  };
  /** network interface names; `vpnInterfaces` = those that look like a VPN (tun0, wg0, cscotun0, utun3 …) */
  interfaces?: readonly string[];
  vpnInterfaces?: readonly string[];
  clock?: {
    /** local time with its UTC offset when the environment was read */
    local: string;
    timeZone?: string;
    utcOffsetMinutes?: number;
    /** local clock minus the server's, in ms, when a check measured it */
    offsetMs?: number;
    /** what it was measured against (host, or `Date` header of …) */
    offsetAgainst?: string;
  };
  user?: { name?: string; uid?: number };
  /** what could not be read or run, and why (e.g. `dpkg-query: timed out after 3 s`) */
  unknown?: readonly string[];
}>;

export type Observation =
  | ClientAccount
  | ClientError
  | DnsLookup
  | DiscoveryEvent
  | TcpConnect
  | TlsHandshake
  | TlsCertificate
  | ProxyEvent
  | AutodiscoverResponse
  | HttpExchange
  | WebTicketResult
  | SipRegister
  | UserAgentTest
  | AuthEvent
  | TransportEvent
  | SipTransaction
  | SessionEnded
  | ClientEnvironment
  | CheckStopped;

export type Kind = Observation['kind'];
export type Of<K extends Kind> = Extract<Observation, { kind: K }>;
/** What producers return: the stamping step adds `id`, and `source` when the producer has none. */
export type Draft<K extends Kind = Kind> = K extends Kind
  ? Omit<Of<K>, 'id' | 'source'> & { source?: Source }
  : never;

export const KINDS: readonly Kind[] = [
  'client.account', 'client.error', 'dns.lookup', 'discovery.event', 'tcp.connect', 'tls.handshake',
  'tls.certificate', 'proxy.event', 'autodiscover.response', 'http.exchange', 'webticket.result',
  'sip.register', 'sip.user-agent-test', 'auth.event', 'transport.event', 'sip.transaction', 'session.ended', 'client.environment',
  'check.stopped',
] satisfies readonly Kind[];
