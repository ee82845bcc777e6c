/**
 * Options of the lab's SIP registrar. Plain data (no functions) so a scenario can describe it and a
 * test can print it.
 */

/** A user the registrar knows. NTLM verifies `username` (+ `ntDomain`) against `password`. */
export interface RegistrarUser {
  /** `sip:alice@corp.example` */
  sipUri: string;
  /** NetBIOS domain, e.g. `CORP` */
  ntDomain: string;
  /** account name, e.g. `alice` */
  username: string;
  password: string;
}

export type RegistrarAuthScheme = 'NTLM' | 'Kerberos' | 'TLS-DSK';

/** How a REGISTER that passed the client-version check is answered. */
export type RegistrarBehaviour =
  /** challenge → verify NTLM → 200 OK (Expires, Contact with gruu, ms-keep-alive, Supported, Server, Allow-Events) */
  | { kind: 'normal' }
  /**
   * answer with this status instead of 200. `before-auth`: the first REGISTER gets it (no challenge);
   * `after-auth`: it replaces the 200 once NTLM verified (signed like the 200 would be).
   * 401 answers carry the scheme challenges again.
   */
  | {
      kind: 'reject';
      status: number;
      reason: string;
      stage: 'before-auth' | 'after-auth';
      /** `ms-diagnostics` value, e.g. `4005;reason="Destination URI either not enabled for SIP or does not exist."` (source= is added) */
      msDiagnostics?: string;
      /** `ms-diagnostics-public` value (source= is added) */
      msDiagnosticsPublic?: string;
      /** full `Warning` value, e.g. `310 fe01.corp.example "…"` */
      warning?: string;
      /** `Contact` of a 301/302, e.g. `<sip:pool2.corp.example:5061;transport=tls>` */
      contact?: string;
    }
  /** read REGISTER, never answer */
  | { kind: 'silent' }
  /** close the connection after reading a REGISTER */
  | { kind: 'close' }
  /** answer normally, each response `delayMs` late */
  | { kind: 'slow'; delayMs: number }
  /** sign in normally, then after `afterMs` send NOTIFY registration-notify `deregistered;event=<event>` */
  | {
      kind: 'deregister';
      afterMs: number;
      event: 'unregistered' | 'rejected' | 'deactivated';
      /** `ms-diagnostics` value of the NOTIFY (source= is added); absent = none, SIPE then words the event */
      msDiagnostics?: string;
    };

export interface ClientVersionPolicy {
  /** regular-expression sources; a User-Agent matching none is blocked before authentication */
  allowedUserAgents: string[];
  /** `Warning` code, e.g. 399 or 310 */
  warningCode: number;
  warningText: string;
  diagnosticsCode: 17002 | 17003;
}

export interface RegistrarLimits {
  /** concurrent connections over both transports (default 64) */
  maxConnections: number;
  /** largest SIP message, headers + body (default 65536) */
  maxMessageBytes: number;
  /** close a connection that has sent nothing for this long (default 600000) */
  idleMs: number;
}

export interface SipRegistrarOptions {
  host: '127.0.0.1';
  tls?: {
    /** 0 or absent = a free port */
    port?: number;
    /** PEM */
    key: string;
    /** PEM, leaf first, then intermediates */
    cert: string;
    minVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
    maxVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  };
  tcp?: { port?: number };
  /** SIP domain, e.g. `corp.example` */
  domain: string;
  /** the front end's FQDN: NTLM targetname, Warning agent, ms-diagnostics source */
  serverFqdn: string;
  users: RegistrarUser[];
  /** schemes offered in the 401, in this order */
  authSchemes: RegistrarAuthScheme[];
  /** TLS-DSK `sts-uri` (certificate provisioning service) */
  stsUri?: string;
  /** `Server` header, e.g. `RTC/6.0.9319.0` */
  serverHeader?: string;
  clientVersion?: ClientVersionPolicy;
  behaviour: RegistrarBehaviour;
  limits?: Partial<RegistrarLimits>;
  /** added to the `Date` header of 401s (clock-skew scenarios), ms */
  clockSkewMs?: number;
  /** 200 OK `Expires` (default 7200) */
  expiresSeconds?: number;
}

export interface RunningSipRegistrar {
  tlsPort?: number;
  tcpPort?: number;
  stop(): Promise<void>;
}

export const DEFAULT_LIMITS: RegistrarLimits = { maxConnections: 64, maxMessageBytes: 65536, idleMs: 600_000 };
export const SIP_REALM = 'SIP Communications Service';
