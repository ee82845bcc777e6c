/**
 * Attempt ids and account attribution. A new `account: Connecting to account X` followed by SIPE's
 * `sipe_purple_login` (≤1.10 `sipe_login`) starts a new attempt (`a1`, `a2` … across all files of
 * one analysis). Logs interleave other accounts (XMPP, IRC …): their connection pointers
 * (`Connecting. gc = 0x…`) are tracked so their `Connection error on 0x…` is not taken as SIPE's.
 */

/** Numbers sign-in attempts across every file of one analysis. */
export class AttemptCounter {
  private n = 0;

  next(): string {
    this.n += 1;
    return `a${this.n}`;
  }

  get count(): number {
    return this.n;
  }

  /** Back to `count` attempts (a file read again from the start). */
  rewind(count: number): void {
    this.n = count;
  }
}

/** Which libpurple accounts and connection pointers are SIPE's, in one log file. */
export class AccountCorrelation {
  /** the last `account: Connecting to account X.` name, not yet known to be SIPE */
  private pendingAccountName: string | undefined;
  /** gc pointer → account name */
  private readonly gcAccount = new Map<string, string>();
  /** account name → the gc pointers mapped to it since its last SIPE login (the others are in sipeGcs already, or were remapped) */
  private readonly newGcs = new Map<string, Set<string>>();
  private lastGc: string | undefined;
  private readonly sipeAccountNames = new Set<string>();
  private readonly sipeGcs = new Set<string>();
  /** true once any `sipe:` category line was seen */
  private sipeSeen = false;

  constructor(private readonly attempts: AttemptCounter) {}

  /** `account: Connecting to account <name>.` */
  accountConnecting(name: string): void {
    this.pendingAccountName = name;
    this.lastGc = undefined;
  }

  /** `connection: Connecting. gc = 0x…` follows the account line of the same account. */
  connectionPointer(gc: string): void {
    const name = this.pendingAccountName;
    if (name !== undefined) {
      const before = this.gcAccount.get(gc);
      if (before !== undefined) this.newGcs.get(before)?.delete(gc);
      this.gcAccount.set(gc, name);
      const gcs = this.newGcs.get(name) ?? new Set<string>();
      gcs.add(gc);
      this.newGcs.set(name, gcs);
    }
    this.lastGc = gc;
  }

  /** A `sipe:` line: the log is about SIPE. */
  sipeLine(): void {
    this.sipeSeen = true;
  }

  /** SIPE's login line: this account is a SIPE account; a new attempt begins (its id). */
  startAttempt(username: string): string {
    this.sipeAccountNames.add(username);
    // every gc mapped to the name now: the ones mapped before its last login were added then
    for (const gc of this.newGcs.get(username) ?? []) this.sipeGcs.add(gc);
    this.newGcs.delete(username);
    // libpurple logs the gc right before calling the protocol's login
    if (this.lastGc !== undefined) {
      this.sipeGcs.add(this.lastGc);
      if (this.pendingAccountName !== undefined) this.sipeAccountNames.add(this.pendingAccountName);
      this.lastGc = undefined;
    }
    return this.attempts.next();
  }

  /** Does a `Connection error on <gc>` belong to the SIPE account? */
  isSipeConnection(gc: string): boolean {
    if (this.sipeGcs.has(gc)) return true;
    const name = this.gcAccount.get(gc);
    if (name !== undefined) return this.sipeAccountNames.has(name);
    // pointer never announced (log starts mid-session, or very old libpurple): trust it only when
    // the log is about SIPE and no other account was seen
    const otherAccounts = [...this.gcAccount.values()].some((n) => !this.sipeAccountNames.has(n));
    return this.sipeSeen && !otherAccounts;
  }

  /** Is this account line about another protocol's account (seen before, never SIPE's)? */
  isOtherAccount(name: string): boolean {
    return this.sipeAccountNames.size > 0 && !this.sipeAccountNames.has(name);
  }
}
