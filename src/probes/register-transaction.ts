/**
 * One REGISTER transaction on an open SIP channel: send, wait for the final response with the
 * same CSeq (1xx and unrelated messages skipped), and turn the result into a `sip.register`
 * observation using the shared SIP decoders (the log analyzer uses the same ones).
 */
import type { Draft } from '../evidence/kinds.js';
import { headerValues, parseChallenges, parseSipMessage, sipHeaderViews } from '../protocol/sip/parse.js';
import type { SipMessage } from '../protocol/sip/types.js';
import { buildRegister, newBranch, type RegisterDialog } from './register-request.js';
import type { ProbeContext, SipChannel } from './types.js';

export interface RegisterSession {
  channel: SipChannel;
  dialog: RegisterDialog;
  /** `host:port` */
  registrar: string;
  cseq: number;
  random(n: number): Uint8Array;
}

export interface TransactionResult {
  draft: Draft<'sip.register'>;
  response?: SipMessage;
  /** the channel can no longer be used */
  dead: boolean;
}

export async function registerTransaction(
  ctx: ProbeContext,
  s: RegisterSession,
  o: { userAgent: string; authorization?: string; authorizationScheme?: string; label?: string },
): Promise<TransactionResult> {
  s.cseq += 1;
  const cseq = s.cseq;
  const text = buildRegister(s.dialog, { cseq, branch: newBranch(s.random), userAgent: o.userAgent, ...(o.authorization ? { authorization: o.authorization } : {}) });
  const at = ctx.now().toISOString();
  const base: Draft<'sip.register'>['data'] = {
    registrar: s.registrar,
    transport: s.dialog.transport,
    requestUri: `sip:${s.dialog.domain}`,
    fromUri: `sip:${s.dialog.address}`,
    userAgent: o.userAgent,
    ...(o.authorizationScheme ? { authorizationScheme: o.authorizationScheme } : {}),
    outcome: 'error',
  };
  const step = `REGISTER ${o.label ?? ''}→ ${s.registrar}`.replace(/\s+/g, ' ');
  ctx.progress({ phase: 'start', step });
  const done = (data: Draft<'sip.register'>['data'], dead: boolean, response?: SipMessage): TransactionResult => {
    ctx.progress({ phase: 'done', step, detail: data.status ? `${data.status} ${data.reasonPhrase ?? ''}`.trim() : data.outcome, ok: data.outcome === 'registered' || data.outcome === 'challenged' });
    return { draft: { kind: 'sip.register', at, data }, dead, ...(response ? { response } : {}) };
  };

  const sent = await s.channel.send(text).catch((e: unknown) => ({ ok: false as const, error: String(e) }));
  if (!sent.ok) return done({ ...base, outcome: 'closed' }, true);

  const signal = ctx.opSignal();
  // answers that are not SIP: evidence of their own when nothing usable follows
  let garbage = 0;
  let firstGarbage = '';
  const badAnswer = (detail: string): void =>
    ctx.emit({ kind: 'transport.event', data: { event: 'bad-answer', host: registrarHost(s.registrar), ...portOf(s.registrar), transport: s.dialog.transport, detail } }, 'sip-register');
  const reportGarbage = (): void => {
    if (garbage) badAnswer(`${garbage} answer${garbage > 1 ? 's' : ''} that ${garbage > 1 ? 'are' : 'is'} not SIP (starting ${JSON.stringify(firstGarbage)})`);
  };
  for (let i = 0; i < 50; i++) {
    const read = await s.channel.receive(signal).catch((e: unknown) => ({ type: 'error' as const, outcome: 'error' as const, error: String(e) }));
    if (read.type === 'timeout') {
      reportGarbage();
      return done({ ...base, outcome: 'no-response' }, false);
    }
    if (read.type === 'closed') {
      reportGarbage();
      return done({ ...base, outcome: 'closed' }, true);
    }
    if (read.type === 'error') {
      if ('malformed' in read && read.malformed) badAnswer(`${read.error}: check stopped reading`);
      else reportGarbage();
      return done({ ...base, outcome: read.outcome === 'reset' || read.outcome === 'closed' ? 'closed' : 'error' }, true);
    }
    const msg = parseSipMessage(read.text);
    if (!msg || msg.type !== 'response' || msg.status === undefined) {
      if (!msg || !/^[A-Z]+ \S+ SIP\/2\.0/.test(read.text)) {
        garbage++;
        // printable ASCII only, short: server bytes go into the report
        firstGarbage ||= read.text.slice(0, 40).replace(/[^\x20-\x7e]/g, '.');
      }
      continue;
    }
    const views = sipHeaderViews(msg);
    if (views.cseq && (views.cseq.seq !== cseq || views.cseq.method.toUpperCase() !== 'REGISTER')) continue;
    if (msg.status < 200) continue;
    return done({ ...base, ...responseData(msg) }, false, msg);
  }
  return done({ ...base, outcome: 'error' }, false);
}

function responseData(msg: SipMessage): Partial<Draft<'sip.register'>['data']> & Pick<Draft<'sip.register'>['data'], 'outcome'> {
  const v = sipHeaderViews(msg);
  const status = msg.status ?? 0;
  const outcome: Draft<'sip.register'>['data']['outcome'] =
    status >= 200 && status < 300 ? 'registered'
      : status === 401 || status === 407 ? 'challenged'
        : status === 301 || status === 302 ? 'redirected'
          : 'rejected';
  return {
    status,
    ...(msg.reason ? { reasonPhrase: msg.reason } : {}),
    outcome,
    ...(v.challenges.length ? { challenges: v.challenges } : {}),
    ...(v.msDiagnostics.length ? { msDiagnostics: v.msDiagnostics } : {}),
    ...(v.warnings.length ? { warnings: v.warnings } : {}),
    ...(v.contact && (status === 301 || status === 302) ? { contact: v.contact } : {}),
    ...(v.server ? { server: v.server } : {}),
    ...(v.expires !== undefined ? { expires: v.expires } : {}),
  };
}

const registrarHost = (r: string): string => r.replace(/:\d+$/, '');
const portOf = (r: string): { port?: number } => {
  const m = /:(\d+)$/.exec(r);
  return m ? { port: Number(m[1]) } : {};
};

/** Raw (unredacted) parameters of the challenge for one scheme: the NTLM exchange needs gssapi-data/opaque. Never stored. */
export function rawChallenge(msg: SipMessage, scheme: string): Record<string, string> | undefined {
  for (const value of [...headerValues(msg, 'WWW-Authenticate'), ...headerValues(msg, 'Proxy-Authenticate')]) {
    const c = parseChallenges(value, { keepSecrets: true }).find((x) => x.scheme.toLowerCase() === scheme.toLowerCase());
    if (c) return { ...c.params };
  }
  return undefined;
}

/** `sip:host[:port][;transport=tcp]` of a 301 Contact → where SIPE reconnects (default TLS). */
export function redirectTarget(contact: string | undefined): { host: string; port?: number; transport: 'tls' | 'tcp' } | undefined {
  const m = /^sips?:(?:[^@;]*@)?(\[[^\]]+\]|[^:;>]+)(?::(\d+))?(.*)$/i.exec(contact?.trim() ?? '');
  if (!m) return undefined;
  const transport = /;\s*transport=tcp/i.test(m[3] ?? '') ? 'tcp' : 'tls';
  return { host: m[1]!.replace(/^\[|\]$/g, '').toLowerCase(), ...(m[2] ? { port: Number(m[2]) } : {}), transport };
}
