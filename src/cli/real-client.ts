/**
 * The real-client capture `collect` uses (src/pipeline/real-client.ts) on top of the headless runner
 * (src/client): finch + pidgin-sipe in a throw-away profile directory that is also the client's HOME,
 * with PURPLE_UNSAFE_DEBUG=1, until it signs in, fails, or the deadline passes. The user's own
 * profile is never read or written by the client; collect passes the account fields and the
 * certificates the user accepted, and the runner removes everything it created.
 */
import { clientMissing, runClient, SIGNED_IN, type ClientRunResult } from '../client/runner.js';
import type { AuthScheme as ClientAuth, ClientAccount, TrustedPeer } from '../client/profile.js';
import type { AuthScheme } from '../evidence/kinds.js';
import type { RealClientCapture, RealClientEnd, RealClientRequest, RealClientResult } from '../pipeline/real-client.js';

const AUTH: Partial<Record<AuthScheme, ClientAuth>> = { ntlm: 'ntlm', kerberos: 'krb5', 'tls-dsk': 'tls-dsk', auto: 'auto' };

export interface FinchCaptureOptions {
  /** the runner (tests inject a fake) */
  run?: typeof runClient;
  /** why the client cannot run here (default: the runner's own check) */
  missing?: () => string | undefined;
  /** run the client in this network namespace (labs) */
  netns?: string | undefined;
}

/**
 * When to stop the client: a sign-in, a connection error, or libpurple failing to verify the server's
 * certificate (it then waits on a dialog that nobody answers in a headless run).
 */
export const CAPTURE_UNTIL = /Connection error on|authentication handshake completed successfully|certificate: Failed to verify certificate|subject name not verified/;

/** How the run ended, from what the log shows. */
export function runEnded(r: Pick<ClientRunResult, 'stoppedBy'>, log: string): RealClientEnd {
  if (SIGNED_IN.test(log)) return 'signed-in';
  if (/Connection error on/.test(log)) return 'connection-error';
  if (/certificate: Failed to verify certificate|subject name not verified/.test(log)) return 'certificate-prompt';
  return r.stoppedBy === 'exited' ? 'connection-error' : 'deadline';
}

/** `SIPE version 1.25.0` as SIPE logs it at start-up; the runner's client is finch. */
function clientName(log: string): string {
  const sipe = /SIPE version (\S+)/.exec(log)?.[1];
  return `finch (headless)${sipe ? `, pidgin-sipe ${sipe}` : ''}`;
}

export function finchCapture(o: FinchCaptureOptions = {}): RealClientCapture {
  const missing = o.missing ?? clientMissing;
  const run = o.run ?? runClient;
  return {
    unavailable: async () => missing(),
    async capture(req: RealClientRequest): Promise<RealClientResult> {
      const why = missing();
      if (why) return { status: 'not-available', reason: why };
      const a = req.account;
      const account: ClientAccount = {
        user: a.username,
        ...(a.login ? { login: a.login } : {}),
        password: req.password,
        ...(a.server ? { server: a.server } : {}),
        transport: a.transport,
        auth: AUTH[a.authentication] ?? 'auto',
        ...(a.userAgent ? { useragent: a.userAgent } : {}),
      };
      const trust: TrustedPeer[] = (req.trustedPeers ?? []).map((p) => ({ host: p.host, pem: p.pem }));
      const deadlineMs = Math.max(1000, req.deadline.getTime() - Date.now());
      let r: ClientRunResult;
      try {
        r = await run({ account, trust, deadlineMs, bodies: true, until: CAPTURE_UNTIL, ...(o.netns ? { netns: o.netns } : {}) });
      } catch (err) {
        return { status: 'not-available', reason: `the client could not be started: ${(err as Error).message}` };
      }
      const text = r.log.toString('latin1');
      return { status: 'captured', log: new Uint8Array(r.log), ended: runEnded(r, text), client: clientName(text), durationMs: r.durationMs };
    },
  };
}
