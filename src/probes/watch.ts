/**
 * After a successful REGISTER, stay on the connection for a while (`--watch`) and notice a
 * server-initiated sign-out: NOTIFY `Event: registration-notify` with a `deregistered;event=…`
 * body. Other requests are answered 200 so the server stays content.
 */
import { headerValue, parseSipMessage, sipHeaderViews } from '../protocol/sip/parse.js';
import type { SipMessage } from '../protocol/sip/types.js';
import type { RegisterSession } from './register-transaction.js';
import type { ProbeContext } from './types.js';

export async function watchRegistration(ctx: ProbeContext, s: RegisterSession, watchMs: number): Promise<'signed-out' | 'quiet' | 'closed'> {
  const step = `watch the registration for ${watchMs} ms`;
  ctx.progress({ phase: 'start', step });
  const signal = ctx.opSignal(watchMs);
  for (let i = 0; i < 100; i++) {
    const r = await s.channel.receive(signal);
    if (r.type === 'timeout') break;
    if (r.type !== 'message') {
      ctx.emit({ kind: 'transport.event', data: { event: 'dropped', detail: r.type === 'closed' ? 'the server closed the connection' : r.error } }, 'watch');
      ctx.progress({ phase: 'done', step, detail: 'connection dropped', ok: false });
      return 'closed';
    }
    const msg = parseSipMessage(r.text);
    if (!msg || msg.type !== 'request') continue;
    await s.channel.send(okResponse(msg));
    const event = headerValue(msg, 'Event') ?? '';
    if ((msg.method ?? '').toUpperCase() === 'NOTIFY' && /registration-notify/i.test(event) && /deregistered/i.test(msg.body)) {
      const v = sipHeaderViews(msg);
      const ev = /event=([\w-]+)/i.exec(msg.body)?.[1];
      const reason = v.msDiagnostics.find((d) => d.reason)?.reason;
      ctx.emit({ kind: 'session.ended', data: { ...(ev ? { event: ev } : {}), ...(reason ? { reason } : {}), ...(v.msDiagnostics.length ? { msDiagnostics: v.msDiagnostics } : {}) } }, 'watch');
      ctx.progress({ phase: 'done', step, detail: `signed out by the server (${ev ?? 'deregistered'})`, ok: false });
      return 'signed-out';
    }
  }
  ctx.progress({ phase: 'done', step, detail: 'still registered', ok: true });
  return 'quiet';
}

function okResponse(req: SipMessage): string {
  const copy = ['Via', 'From', 'To', 'Call-ID', 'CSeq'];
  const lines = ['SIP/2.0 200 OK'];
  for (const h of req.headers) if (copy.some((c) => c.toLowerCase() === h.name.toLowerCase())) lines.push(`${h.name}: ${h.value}`);
  lines.push('Content-Length: 0');
  return `${lines.join('\r\n')}\r\n\r\n`;
}
