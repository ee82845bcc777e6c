/**
 * Lab vocabulary: scenario data (what a simulated Lync / Skype for Business deployment looks like)
 * and the RunningLab handle. Scenarios are plain data; src/lab/index.ts turns one
 * into running loopback servers.
 */
import type { RootCauseId } from '../rules/root-causes.js';
import type { ClientVersionPolicy, RegistrarAuthScheme, RegistrarBehaviour } from './sip/types.js';

/** Which certificate a TLS server presents (src/lab/certs.ts makes all of them per lab). */
export type CertKind =
  | 'valid'
  | 'wrong-host'
  | 'expired'
  | 'not-yet-valid'
  | 'self-signed'
  | 'missing-intermediate';

/**
 * A port in zone data. Symbolic ports are filled in when the lab starts (ports are random):
 * `sip-tls` / `sip-tcp` = the registrar, `https` / `http` = the web server, `closed` = a port with
 * no listener (connect refused), `stall` = a port that drops connection attempts (the client's TCP
 * connect times out, as behind a firewall; src/lab/drop-port.ts).
 */
export type PortRef = number | 'sip-tls' | 'sip-tcp' | 'https' | 'http' | 'closed' | 'stall';

/** Names without a trailing dot are relative to the scenario's SIP domain (`@` = the domain itself). */
export type ZoneRecord =
  | { name: string; type: 'A'; address?: string; ttl?: number }
  | { name: string; type: 'AAAA'; address?: string; ttl?: number }
  | { name: string; type: 'CNAME'; target: string; ttl?: number }
  | { name: string; type: 'SRV'; target: string; port: PortRef; priority?: number; weight?: number; ttl?: number }
  | { name: string; type: 'TXT'; text: string; ttl?: number };

/** Misbehaviour of the DNS server for one name (any type unless `type` is given). */
export interface ZoneFault {
  name: string;
  type?: 'A' | 'AAAA' | 'CNAME' | 'SRV' | 'TXT';
  fault: 'servfail' | 'drop' | 'delay';
  /** for `delay`: answer after this many ms */
  delayMs?: number;
}

/**
 * How the lab's resolver behaves as a whole, for the off-network cases: `normal` answers from the
 * zone; `timeout` never answers (every query dropped); `closed` = nothing listens on the DNS port
 * (the client's queries bounce: ICMP port unreachable); `refused` answers REFUSED to everything;
 * `nxdomain-all` answers NXDOMAIN for every name, the SIP domain included (a public resolver that
 * does not know an internal zone: off VPN, split DNS).
 */
export type ResolverMode = 'normal' | 'timeout' | 'closed' | 'refused' | 'nxdomain-all';

export const RESOLVER_MODES: readonly ResolverMode[] = ['normal', 'timeout', 'closed', 'refused', 'nxdomain-all'];

export interface ScenarioZone {
  records: ZoneRecord[];
  /** the resolver as a whole (default `normal`) */
  resolver?: ResolverMode;
  /** extra zones this server is authoritative for (absolute names, e.g. `online.lync.com`) */
  extraOrigins?: string[];
  faults?: ZoneFault[];
}

/** How the web server (autodiscover, web ticket service, certificate provisioning) behaves. */
export interface ScenarioWeb {
  cert: CertKind;
  autodiscover:
    | 'ok'
    /** lyncdiscover answers 200 text/html (captive portal / reverse proxy error page) */
    | 'html-portal'
    /** Root Redirect link points at a host that does not resolve */
    | 'broken-redirect'
    /** User link answers 401 without X-MS-WebTicketURL */
    | 'no-webticket-url'
    /** User link answers 404 with an empty body (home server unknown) */
    | 'user-not-found'
    | 'none';
  /** web ticket service (IssueToken) */
  webticket:
    | 'ok'
    | 'fault'
    | 'sip-uri-mismatch'
    /** WsFedBearer only; the ADFS endpoint fails (SIPE then assumes MFA) */
    | 'adfs-mfa'
    /** metadata answers 500 */
    | 'metadata-error';
  /** certificate provisioning (GetAndPublishCert) */
  certprov: 'ok' | 'fault';
}

export interface ScenarioSip {
  /** transports the registrar listens on */
  transports: Array<'tls' | 'tcp'>;
  cert: CertKind;
  /** `tls10-only`: the TLS port speaks only TLS 1.0 (SIPE/NSS allow 1.2+); `plain`: the "TLS" port speaks plain TCP */
  tlsMode?: 'normal' | 'tls10-only' | 'plain';
  authSchemes: RegistrarAuthScheme[];
  behaviour: RegistrarBehaviour;
  clientVersion?: ClientVersionPolicy;
  /** the registrar's clock is off by this much (its Date header) */
  clockSkewMs?: number;
}

/** The lab user and what the helpdesk should type into Pidgin for this scenario. */
export interface ScenarioClient {
  /** Pidgin "Username" (sign-in address) */
  user: string;
  /** Pidgin "Login" (may be empty) */
  login?: string;
  /** the password the lab server accepts */
  password: string;
  /** the password the client should be given, when the scenario is about a wrong one */
  clientPassword?: string;
  /**
   * Pidgin "Server[:Port]": `registrar` = 127.0.0.1:<sip port of the chosen transport>, `blank` =
   * auto-discovery through the lab DNS, `closed` / `stall` = 127.0.0.1:<that port> (see PortRef)
   */
  server: 'registrar' | 'blank' | 'closed' | 'stall';
  transport: 'auto' | 'tls' | 'tcp';
  auth: 'ntlm' | 'tls-dsk' | 'krb5' | 'auto';
}

export interface Scenario {
  name: string;
  /** one helpdesk-friendly sentence */
  description: string;
  expectedRootCause: RootCauseId | null;
  /** the SIP domain (only resolvable through the lab DNS) */
  domain: string;
  zone: ScenarioZone;
  web: ScenarioWeb;
  sip: ScenarioSip;
  client: ScenarioClient;
  /** what SIPE 1.25 shows (the connection error text), or what the account does */
  sipeShows: string;
  /**
   * `check` flags the printed command adds (default: derived from the scenario — a short --timeout
   * where the server stays silent, --watch where it signs the user out later)
   */
  check?: { timeoutMs?: number; watchMs?: number };
}

/** Lab ports; 0 or absent = random. */
export interface LabPorts {
  dns?: number;
  sipTls?: number;
  sipTcp?: number;
  https?: number;
  http?: number;
}

export interface RunningLab {
  scenario: string;
  dns: { host: string; port: number };
  sip: { tls?: number; tcp?: number };
  https: number;
  http: number;
  caFile: string;
  caPem: string;
  user: string;
  password: string;
  domain: string;
  checkArgs: string[];
  stop(): Promise<void>;
  /** PEM files of the certificate the registrar presents, for `--trust 127.0.0.1=<file>` */
  sipCertFile?: string;
  /** the password to give the client (differs from `password` in auth-failed) */
  clientPassword?: string;
  /** the scenario data */
  definition?: Scenario;
  /**
   * environment the `check` command needs besides checkArgs (the password, which never
   * goes on a command line): `SIPE_DOCTOR_PASSWORD=… sipe-doctor check …checkArgs`
   */
  checkEnv?: Record<string, string>;
}

/**
 * `sipe-doctor check` settings for a running scenario, named as the check command's options
 * (`--dns-server` → dnsServer …); the password travels separately (checkEnv).
 */
export interface LabCheckSettings {
  address: string;
  dnsServer: string;
  ca: string[];
  server?: string;
  transport: 'auto' | 'tls' | 'tcp';
  auth: string;
  login?: string;
  portMap: string;
  /** ms (printed as `--timeout <n>ms`) */
  timeout?: number;
  /** ms (printed as `--watch <n>ms`) */
  watch?: number;
}
