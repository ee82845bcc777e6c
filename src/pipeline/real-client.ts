/**
 * Real-client capture as `collect` sees it: the installed client (finch / libpurple + pidgin-sipe)
 * signs in once with the account's settings in a throw-away profile, and its debug log comes back.
 * The runner lives elsewhere (an adapter the CLI injects); this is only the contract, so that
 * `collect` works — and says why — when there is no runner or no client on the machine.
 */
import type { AuthScheme, Transport } from '../evidence/kinds.js';

/** The Pidgin account fields the client is started with (what accounts.xml or check's flags say). */
export interface RealClientAccount {
  /** Pidgin "Username" (the sign-in address) */
  username: string;
  /** Pidgin "Login"; '' = the Username */
  login: string;
  /** Pidgin "Server[:Port]"; '' = auto-discovery */
  server: string;
  transport: Transport;
  authentication: AuthScheme;
  /** '' = SIPE's own */
  userAgent: string;
}

export interface RealClientRequest {
  account: RealClientAccount;
  /** held in memory only: written into the throw-away profile, never into a bundle or a report */
  password: string;
  /** stop the client at this time at the latest (the log so far is still returned) */
  deadline: Date;
  /** extra CA certificates (PEM text) the client should trust, as check's --ca */
  caPem?: readonly string[];
  /** certificates the user accepted in Pidgin, by host (copied into the throw-away profile) */
  trustedPeers?: readonly { host: string; pem: string }[];
  signal?: AbortSignal;
}

/**
 * How a real-client run ended: signed in, a connection error, stopped at the certificate dialog
 * a user would have to answer (libpurple could not verify the server's certificate), or the deadline.
 */
export type RealClientEnd = 'signed-in' | 'connection-error' | 'certificate-prompt' | 'deadline';

/** What came back: the log of one sign-in attempt, or why there is none. */
export type RealClientResult =
  | {
      status: 'captured';
      /** the client's debug output (stderr of `finch -d` with PURPLE_UNSAFE_DEBUG=1), not yet redacted */
      log: Uint8Array;
      /** how the run ended, as the runner saw it */
      ended: RealClientEnd;
      /** e.g. `finch 2.14.12, pidgin-sipe 1.25.0` */
      client?: string;
      durationMs: number;
    }
  | { status: 'not-available'; reason: string };

/** Runs the real client. Implementations never touch the user's own profile directory. */
export interface RealClientCapture {
  /** undefined when a capture can be attempted here, else why not (no finch, no pidgin-sipe, …) */
  unavailable(): Promise<string | undefined>;
  capture(req: RealClientRequest): Promise<RealClientResult>;
}

/** The capture of a build without a runner, or of a test that hides the client. */
export function noRealClient(reason: string): RealClientCapture {
  return {
    unavailable: async () => reason,
    capture: async () => ({ status: 'not-available', reason }),
  };
}
