/**
 * Attempt ids and account attribution. A new `account: Connecting to account X` followed by SIPE's
 * `sipe_purple_login` (≤1.10 `sipe_login`) starts a new attempt (`a1`, `a2` … across all files of
 * one analysis). Logs interleave other accounts (XMPP, IRC …): their connection pointers
 * (`Connecting. gc = 0x…`) are tracked so their `Connection error on 0x…` is not taken as SIPE's.
 */
import type { LogState } from './recognizers/context.js';

/** `account: Connecting to account <name>.` */
export function noteAccountConnecting(st: LogState, name: string): void {
  st.pendingAccountName = name;
  st.lastGc = undefined;
}

/** `connection: Connecting. gc = 0x…` follows the account line of the same account. */
export function noteConnectionPointer(st: LogState, gc: string): void {
  if (st.pendingAccountName !== undefined) st.gcAccount.set(gc, st.pendingAccountName);
  st.lastGc = gc;
}

/** SIPE's login line: this account is a SIPE account; a new attempt begins. */
export function startSipeAttempt(st: LogState, username: string): string {
  st.sipeAccountNames.add(username);
  for (const [gc, name] of st.gcAccount) if (name === username) st.sipeGcs.add(gc);
  // libpurple logs the gc right before calling the protocol's login
  if (st.lastGc !== undefined) {
    st.sipeGcs.add(st.lastGc);
    if (st.pendingAccountName !== undefined) st.sipeAccountNames.add(st.pendingAccountName);
    st.lastGc = undefined;
  }
  st.attemptCount.n += 1;
  st.attempt = `a${st.attemptCount.n}`;
  // per-attempt state starts afresh
  st.pendingRegister = undefined;
  st.pendingFromSchedule = false;
  st.errorDraft = undefined;
  st.authScheme = undefined;
  st.registerResponseFromDump = false;
  st.transportClosed = false;
  st.tlsPeer = undefined;
  st.tlsResultSeen = undefined;
  st.tlsPeerLines = undefined;
  st.certificate = undefined;
  st.handshake = undefined;
  st.discoveryVia = undefined;
  st.autodiscoverServersPending = undefined;
  st.lastConnect = undefined;
  st.lastConnectDraft = undefined;
  st.currentSip = undefined;
  return st.attempt;
}

/** Does a `Connection error on <gc>` belong to the SIPE account? */
export function isSipeConnection(st: LogState, gc: string): boolean {
  if (st.sipeGcs.has(gc)) return true;
  const name = st.gcAccount.get(gc);
  if (name !== undefined) return st.sipeAccountNames.has(name);
  // pointer never announced (log starts mid-session, or very old libpurple): trust it only when
  // the log is about SIPE and no other account was seen
  const otherAccounts = [...st.gcAccount.values()].some((n) => !st.sipeAccountNames.has(n));
  return st.sipeSeen && !otherAccounts;
}

/** Is this account line about another protocol's account (seen before, never SIPE's)? */
export function isOtherAccount(st: LogState, name: string): boolean {
  return st.sipeAccountNames.size > 0 && !st.sipeAccountNames.has(name);
}
