/**
 * When the server's client-version filter refuses SIPE's User-Agent, try the Microsoft client
 * strings (src/protocol/user-agents.ts, in table order) until one gets past the filter (a 401
 * challenge or better). At most MAX_TRIES REGISTERs; no credentials are ever sent here. Each is a
 * `sip.user-agent-test` observation, not a `sip.register`: SIPE did not send it.
 */
import { isClientVersionBlock } from '../protocol/sip-status.js';
import { USER_AGENTS } from '../protocol/user-agents.js';
import { registerTransaction, type RegisterSession } from './register-transaction.js';
import type { ProbeContext } from './types.js';
import type { Draft } from '../evidence/kinds.js';

/** The REGISTER answer as a `sip.user-agent-test` observation. */
function userAgentTest(r: Draft<'sip.register'>): Draft<'sip.user-agent-test'> {
  const d = r.data;
  return {
    kind: 'sip.user-agent-test',
    ...(r.at !== undefined ? { at: r.at } : {}),
    data: {
      userAgent: d.userAgent ?? '',
      ...(d.registrar !== undefined ? { registrar: d.registrar } : {}),
      ...(d.transport !== undefined ? { transport: d.transport } : {}),
      ...(d.status !== undefined ? { status: d.status } : {}),
      ...(d.reasonPhrase !== undefined ? { reasonPhrase: d.reasonPhrase } : {}),
      outcome: d.outcome,
      ...(d.msDiagnostics ? { msDiagnostics: d.msDiagnostics } : {}),
      ...(d.warnings ? { warnings: d.warnings } : {}),
      ...(d.server !== undefined ? { server: d.server } : {}),
    },
  };
}

export const MAX_UA_TRIES = 8;

export interface UaNegotiation {
  accepted?: string;
  tried: string[];
}

/** `reopen` gives a fresh session when the server closed the channel after a 403. */
export async function negotiateUserAgent(
  ctx: ProbeContext,
  session: RegisterSession,
  o: { refused: string; reopen: () => Promise<RegisterSession | undefined> },
): Promise<UaNegotiation> {
  const candidates = USER_AGENTS.map((u) => u.userAgent).filter((ua) => ua !== o.refused).slice(0, MAX_UA_TRIES);
  const out: UaNegotiation = { tried: [] };
  let s: RegisterSession | undefined = session;
  for (const ua of candidates) {
    if (ctx.signal.aborted) break;
    if (!s) s = await o.reopen();
    if (!s) break;
    out.tried.push(ua);
    const r = await registerTransaction(ctx, s, { userAgent: ua, label: '(User-Agent test) ' });
    ctx.emit(userAgentTest(r.draft), 'ua-negotiation');
    if (r.dead) {
      s.channel.close();
      s = undefined;
    }
    const d = r.draft.data;
    // any answer that is not the version filter's 403 means the filter let this User-Agent through
    if (d.status !== undefined && !isClientVersionBlock(d)) {
      out.accepted = ua;
      break;
    }
    if (d.status === undefined && d.outcome === 'no-response') break;
  }
  if (s && s !== session) s.channel.close();
  return out;
}
