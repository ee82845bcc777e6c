/**
 * The recognizer families of one log file and the hand-offs between them. Each family owns the
 * state of its lines; this composition root is the only place that knows all of them: it hands
 * each record to the families that read its category (in a fixed order), passes the events one
 * family announces to the families concerned, and answers their questions from the family that
 * owns the fact (hand-off.ts).
 */
import type { AssembledDump } from '../assemble.js';
import type { AttemptCounter } from '../correlate.js';
import type { ObservationLog, Where } from '../observations.js';
import type { LogRecord } from '../types.js';
import { AccountFamily } from './account.js';
import { AuthFamily } from './auth.js';
import { ClientErrorFamily } from './client-error.js';
import { DiscoveryFamily } from './discovery.js';
import type { DiscoveryVia, Endpoint, FamilyContext } from './hand-off.js';
import { indexRules, runRules, type IndexedRules, type LineRule, type LineRules } from './lines.js';
import { SessionFamily } from './session.js';
import { SipFamily } from './sip.js';
import { TlsFamily } from './tls.js';
import { TransportFamily } from './transport.js';
import { WebTicketFamily } from './webticket.js';

/** Every family's line rules, in the order the families read a record. */
export const FAMILY_RULES: readonly LineRules<never>[] = [
  AccountFamily.rules, DiscoveryFamily.rules, TransportFamily.rules, TlsFamily.rules,
  SipFamily.rules, AuthFamily.rules, WebTicketFamily.rules, ClientErrorFamily.rules, SessionFamily.rules,
] as unknown as readonly LineRules<never>[];

/**
 * What is read of an attempt the evidence will leave out (light reading, light.ts): the account
 * family's records, which start attempts and hold what outlives one (versions, platform, which
 * connection pointers are SIPE's).
 */
export const LIGHT_RULES: readonly LineRules<never>[] = [AccountFamily.rules] as unknown as readonly LineRules<never>[];

/** What the root may ask of any family besides its line rules. */
interface Family {
  /** runs first for every `sipe:` record (a family waiting for SIPE's next line, whatever it says) */
  beforeSipeLine?(r: LogRecord): void;
  /** does the family read this category at the moment? */
  reads?(category: string): boolean;
}

interface Reader {
  family: Family;
  rules: IndexedRules<unknown>;
}

export class Recognizers implements FamilyContext {
  private readonly account: AccountFamily;
  private readonly discovery: DiscoveryFamily;
  private readonly transport: TransportFamily;
  private readonly tls: TlsFamily;
  private readonly sip: SipFamily;
  private readonly auth: AuthFamily;
  private readonly webticket: WebTicketFamily;
  private readonly clientError: ClientErrorFamily;
  private readonly session: SessionFamily;
  private readonly byCategory = new Map<string, Reader[]>();
  /** an account sign-in (libpurple's `Connecting to account` or SIPE's login line) was seen */
  private started = false;

  constructor(readonly out: ObservationLog, attempts: AttemptCounter, private readonly lastTime: () => string | undefined) {
    this.account = new AccountFamily(this, attempts);
    this.discovery = new DiscoveryFamily(this);
    this.transport = new TransportFamily(this);
    this.tls = new TlsFamily(this);
    this.sip = new SipFamily(this);
    this.auth = new AuthFamily(this);
    this.webticket = new WebTicketFamily(this);
    this.clientError = new ClientErrorFamily(this);
    this.session = new SessionFamily(this);
    const families: [Family, LineRules<never>][] = [
      [this.account as Family, AccountFamily.rules as LineRules<never>],
      [this.discovery as Family, DiscoveryFamily.rules as LineRules<never>],
      [this.transport as Family, TransportFamily.rules as LineRules<never>],
      [this.tls as Family, TlsFamily.rules as LineRules<never>],
      [this.sip as Family, SipFamily.rules as LineRules<never>],
      [this.auth as Family, AuthFamily.rules as LineRules<never>],
      [this.webticket as Family, WebTicketFamily.rules as LineRules<never>],
      [this.clientError as Family, ClientErrorFamily.rules as LineRules<never>],
      [this.session as Family, SessionFamily.rules as LineRules<never>],
    ];
    for (const [family, rules] of families) {
      for (const [category, list] of Object.entries(rules)) {
        this.byCategory.set(category, [...(this.byCategory.get(category) ?? []), { family, rules: indexRules(list as readonly LineRule<unknown>[]) }]);
      }
    }
  }

  /**
   * Would a record of this category be read, given what the families know now? Recognizers and
   * dumps in `sipe:` / prefix-less records; the SSL plugins' lines only while a SIPE TLS connection
   * is being set up, `util:` only until the platform is known.
   */
  readsCategory(category: string): boolean {
    if (category === 'nss' || category === 'gnutls') return this.tls.reads(category);
    if (category === 'util') return !this.account.platformKnown;
    return category === 'sipe' || category === '' || this.byCategory.has(category);
  }

  /** A `sipe:` record was seen (also one the reader skipped): the log is about SIPE. */
  sipeLine(): void {
    this.account.correlation.sipeLine();
  }

  read(r: LogRecord): void {
    const readers = this.byCategory.get(r.category);
    if (!readers) return;
    for (const { family, rules } of readers) {
      if (family.reads && !family.reads(r.category)) continue;
      if (r.category === 'sipe') family.beforeSipeLine?.(r);
      runRules(rules, family, r);
    }
  }

  readDump(r: LogRecord, dump: AssembledDump): void {
    this.sip.readDump(r, dump);
    this.webticket.readDump(r, dump);
    this.session.readDump(r, dump);
  }

  /** End of the file: what is still open is reported as it stands. */
  finish(): void {
    this.endAttempt();
    this.account.finish();
    this.discovery.finish();
    this.transport.finish();
    this.tls.finish();
    this.auth.finish();
  }

  /** What tells the log's SIPE generation (index.ts). */
  get generationFacts(): { sipeVersion: string | undefined; legacySipe: boolean; fragment: boolean } {
    return { sipeVersion: this.account.sipeVersion, legacySipe: this.account.legacySipe, fragment: !this.started };
  }

  // --- FamilyContext: events ---
  endAttempt(): void {
    this.sip.flush();
    this.tls.endAttempt();
    this.transport.endAttempt();
    this.webticket.endAttempt();
  }

  attemptStarted(id: string): void {
    this.started = true;
    this.out.startAttempt(id);
    this.sip.startAttempt();
    this.tls.startAttempt();
    this.transport.startAttempt();
    this.discovery.startAttempt();
    this.auth.startAttempt();
    this.session.startAttempt();
  }

  accountConnecting(): void {
    this.started = true;
    this.transport.accountConnecting();
  }

  sipeHost(host: string): void {
    this.discovery.sipeHost(host);
  }

  accountDomain(domain: string): void {
    this.discovery.accountDomain(domain);
  }

  userAgentSent(userAgent: string, r: LogRecord): void {
    this.account.userAgentSent(userAgent, r);
  }

  redirected(): void {
    this.discovery.redirected();
  }

  tlsStarted(peer: Endpoint, where: Where): void {
    this.tls.tlsStarted(peer, where);
  }

  clientErrorReported(): void {
    this.webticket.clientErrorReported();
    this.transport.clientErrorReported();
    this.sip.clientErrorReported();
    this.tls.clientErrorReported();
  }

  // --- FamilyContext: questions ---
  lastRecordTime(): string | undefined {
    return this.lastTime();
  }

  discoveryVia(): DiscoveryVia | undefined {
    return this.discovery.discoveryVia;
  }

  connectError(hostPort: string): string | undefined {
    return this.transport.connectError(hostPort);
  }

  sipEndpoint(pointer?: string): Endpoint | undefined {
    return this.transport.sipEndpoint(pointer);
  }

  currentSip(): Endpoint | undefined {
    return this.transport.currentSipEndpoint;
  }

  sipTransportClosed(): boolean {
    return this.transport.sipTransportClosed;
  }

  httpEndpoint(pointer: string): Endpoint | undefined {
    return this.transport.httpEndpoint(pointer);
  }

  isSipeConnection(gc: string): boolean {
    // a fragment without any account line: the error is the only connection the paste is about
    return this.account.correlation.isSipeConnection(gc) || this.fragment();
  }

  fragment(): boolean {
    return !this.started;
  }
}
