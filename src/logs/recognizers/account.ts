/**
 * Account family: who signs in, with which SIPE/libpurple version and settings, and which
 * libpurple account and connection pointers are SIPE's (correlate.ts). A SIPE login line starts a
 * new attempt.
 *  `sipe_purple_login: username 'alice@corp.example,CORP\alice'` (≤1.10 `sipe_login: username '…'`)
 *  `sipe_core_allocate: SIPE version 1.25.0 (Kerberos 5 & NTLM / …)` / `… SIPE version 1.18.0 signin_name '…'`
 *  `sipe_core_allocate: signin_name '…'`, `sipe_core_allocate: user 'alice' domain 'corp.example'`
 *  `sipe_core_connect: user specified SIP server host:port`
 *  `sip_sec_create_context: type: 2, Single Sign-On: no, protocol: SIP`
 *  `account: Connecting to account …`, `connection: Connecting. gc = 0x…`, Windows paths in `util:`
 * The User-Agent of a sent REGISTER (dumps) comes from the SIP family (`userAgentSent`).
 */
import type { ClientAccount } from '../../evidence/kinds.js';
import { AccountCorrelation, type AttemptCounter } from '../correlate.js';
import type { Gathering } from '../observations.js';
import type { LogRecord } from '../types.js';
import { assignDefined, type FamilyContext } from './hand-off.js';
import type { LineRules } from './lines.js';
import { accountNameFacts } from '../../protocol/account-settings.js';
import { parseSipeUserAgent } from '../../protocol/user-agents.js';

const LOGIN = /^(?:sipe_purple_login|sipe_login): username '(.*)'\s*$/;
const VERSION = /^sipe_core_allocate: SIPE version (\d+\.\d+(?:\.\d+)?\S*)(?: \((.*)\))?(?: signin_name '(.*)')?\s*$/;
const SIGNIN = /^sipe_core_allocate: signin_name '(.*)'\s*$/;
const USER_DOMAIN = /^sipe_core_allocate: user '(.*)' domain '(.*)'\s*$/;
const USER_SERVER = /^sipe_core_connect: user specified SIP server (.+):(\d+)\s*$/;
const SEC_CONTEXT = /^sip_sec_create_context: type: (\d+), Single Sign-On: (yes|no|TRUE|FALSE)/;
const ACCOUNT_CONNECTING = /^Connecting to account (.*)\.\s*$/;
const GC = /^Connecting\. gc = (0x[0-9a-fA-F]+)/;
const WINDOWS_PATH = /\b[A-Z]:\\(?:Users|Documents and Settings|Program Files)/i;

type AccountData = ClientAccount['data'];

/** `alice@corp.example,CORP\alice` → sign-in name, login, domain */
export function splitAccountName(name: string): Pick<AccountData, 'signinName' | 'login' | 'domain'> {
  return accountNameFacts(name);
}

/** Versions and platform from SIPE's built-in User-Agent; a custom UA is the `useragent` setting. */
export function userAgentFacts(ua: string): Partial<AccountData> {
  const sipe = parseSipeUserAgent(ua);
  return sipe ? { userAgent: '', userAgentSent: ua.trim(), ...sipe } : { userAgent: ua.trim(), userAgentSent: ua.trim() };
}

export class AccountFamily {
  static readonly rules: LineRules<AccountFamily> = {
    util: [{ contains: ':\\', re: WINDOWS_PATH, on: (f) => f.onWindowsPath() }],
    account: [{ anchors: ['Connecting to account '], re: ACCOUNT_CONNECTING, on: (f, m) => f.onAccountConnecting(m[1] as string) }],
    connection: [{ anchors: ['Connecting. gc = '], re: GC, on: (f, m) => f.correlation.connectionPointer(m[1] as string) }],
    sipe: [
      { anchors: ["sipe_purple_login: username '", "sipe_login: username '"], re: LOGIN, on: (f, m, r) => f.onLogin(m[1] as string, r) },
      { anchors: ['sipe_core_allocate: SIPE version '], re: VERSION, on: (f, m, r) => f.onVersion(m, r) },
      { anchors: ["sipe_core_allocate: signin_name '"], re: SIGNIN, on: (f, m, r) => assignDefined(f.account(r), { signinName: m[1] as string }) },
      { anchors: ["sipe_core_allocate: user '"], re: USER_DOMAIN, on: (f, m, r) => f.onUserDomain(m[2] as string, r) },
      { anchors: ['sipe_core_connect: user specified SIP server '], re: USER_SERVER, on: (f, m, r) => f.onUserServer(m[1] as string, m[2] as string, r) },
      { anchors: ['sip_sec_create_context: type: '], re: SEC_CONTEXT, on: (f, m, r) => assignDefined(f.account(r), { sso: m[2] === 'yes' || m[2] === 'TRUE' }) },
    ],
  };

  readonly correlation: AccountCorrelation;
  /** `windows` when the log shows Windows paths (Pidgin for Windows) */
  private platformHint: string | undefined;
  /** the attempt's client.account, gathered from several lines: made when the attempt ends */
  private open: Gathering<'client.account'> | undefined;
  /** the last `SIPE version` line's version (the log generation) */
  sipeVersion: string | undefined;
  /** a ≤1.10 `sipe_login` line was seen */
  legacySipe = false;

  constructor(private readonly ctx: FamilyContext, attempts: AttemptCounter) {
    this.correlation = new AccountCorrelation(attempts);
  }

  /** `util:` lines matter only until the platform is known */
  get platformKnown(): boolean {
    return this.platformHint !== undefined;
  }

  userAgentSent(ua: string, r: LogRecord): void {
    const facts = userAgentFacts(ua);
    const data = this.account(r);
    // the log's own version line wins over the UA (a custom UA can claim anything)
    if (data.sipeVersion !== undefined) delete facts.sipeVersion;
    assignDefined(data, facts);
  }

  /** End of the log: the attempt's account is complete. */
  finish(): void {
    this.close();
  }

  private onWindowsPath(): void {
    if (!this.platformHint) this.platformHint = 'windows';
  }

  private onAccountConnecting(name: string): void {
    this.correlation.accountConnecting(name);
    this.ctx.accountConnecting();
  }

  private onLogin(name: string, r: LogRecord): void {
    if (r.text.startsWith('sipe_login')) this.legacySipe = true;
    this.ctx.endAttempt();
    this.ctx.attemptStarted(this.correlation.startAttempt(name));
    this.close();
    const parts = splitAccountName(name);
    if (parts.domain) this.ctx.accountDomain(parts.domain);
    assignDefined(this.account(r), parts);
  }

  private onVersion(m: RegExpExecArray, r: LogRecord): void {
    this.sipeVersion = m[1] as string;
    assignDefined(this.account(r), { sipeVersion: m[1] as string, buildOptions: m[2] });
    if (m[3]) assignDefined(this.account(r), { signinName: m[3] });
  }

  private onUserDomain(domain: string, r: LogRecord): void {
    const d = domain.toLowerCase();
    this.ctx.accountDomain(d);
    assignDefined(this.account(r), { domain: d });
  }

  private onUserServer(host: string, port: string, r: LogRecord): void {
    assignDefined(this.account(r), { server: `${host}:${port}` });
    this.ctx.sipeHost(host.toLowerCase());
  }

  /** The attempt's account data, its place taken at the first line that tells something. */
  private account(r: LogRecord): AccountData {
    if (this.open) return this.ctx.out.more(this.open, r.lines);
    this.open = this.ctx.out.gather(r, 'client.account', this.platformHint ? { platform: this.platformHint } : {});
    return this.open.data;
  }

  private close(): void {
    if (this.open) this.ctx.out.made(this.open);
    this.open = undefined;
  }
}
