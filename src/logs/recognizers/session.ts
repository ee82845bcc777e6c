/**
 * Session family: what proves the sign-in worked, and what failed after it, from lines that
 * survive without PURPLE_UNSAFE_DEBUG and in any UI language (SIPE's debug lines are English):
 *  `sip_transport_input: signature of incoming message validated` — SIPE checks signatures only once
 *  its security context is ready; a valid one proves the server holds the same session key, so the
 *  credentials were accepted (also when the REGISTER it signed is then refused, e.g. clock skew)
 *  `process_input_message: msg->response(200),msg->method(SUBSCRIBE)` — the server answers or sends
 *  requests other than REGISTER only to a registered client: signed in
 *  `process_subscribe_response: subscription dialog added for event '<…>'`,
 *  `sipe_ocs2007_process_roaming_self: …` — subscriptions and roaming data: signed in
 *  `process_input_message: msg->response(488),msg->method(INVITE)` — a call refused after sign-in
 * With message dumps: a non-REGISTER response ≥ 400 or a received BYE, with its ms-diagnostics.
 */
import type { AuthEvent, SipTransaction } from '../../evidence/kinds.js';
import { headerValue, parseSipMessage, sipHeaderViews } from '../../protocol/sip/parse.js';
import type { AssembledDump } from '../assemble.js';
import type { Where } from '../observations.js';
import type { LogRecord } from '../types.js';
import type { FamilyContext } from './hand-off.js';
import type { LineRules } from './lines.js';

const VALIDATED = /^sip_transport_input: signature of incoming message validated/;
const INPUT_MESSAGE = /^process_input_message: msg->response\((\d+)\),msg->method\((\S+?)\)/;
const SUBSCRIPTION_ADDED = /^process_subscribe_response: subscription dialog added for event '([^']+)'/;
const ROAMING_SELF = /^sipe_ocs20\d\d_process_roaming_self\b/;

/** methods whose failure after sign-in is worth reporting (not the keep-alive or presence chatter) */
const REPORTED_METHODS = new Set(['INVITE', 'SUBSCRIBE', 'SERVICE', 'BYE', 'MESSAGE', 'INFO', 'REFER', 'PUBLISH', 'NOTIFY', 'BENOTIFY']);

function dumpWhere(r: LogRecord, dump: AssembledDump): Where {
  return { ...(r.time ? { time: r.time } : {}), ...(r.date ? { date: r.date } : {}), lines: dump.lines };
}

export class SessionFamily {
  static readonly rules: LineRules<SessionFamily> = {
    sipe: [
      { anchors: ['sip_transport_input: signature of incoming message validated'], re: VALIDATED, on: (f, _m, r) => f.onValidated(r) },
      { anchors: ['process_input_message: msg->response('], re: INPUT_MESSAGE, on: (f, m, r) => f.onInput(Number(m[1]), (m[2] as string).toUpperCase(), r) },
      { anchors: ["process_subscribe_response: subscription dialog added for event '"], re: SUBSCRIPTION_ADDED, on: (f, m, r) => f.signedIn(r, `subscription to ${m[1] as string} accepted`) },
      { anchors: ['sipe_ocs2007_process_roaming_self', 'sipe_ocs2005_process_roaming_self'], re: ROAMING_SELF, on: (f, _m, r) => f.signedIn(r, 'roaming-self data processed') },
    ],
  };

  private accepted = false;
  private signed = false;
  /** the last dump was a failed non-REGISTER answer: the process_input_message line after it repeats it */
  private fromDump = false;

  constructor(private readonly ctx: FamilyContext) {}

  startAttempt(): void {
    this.accepted = false;
    this.signed = false;
    this.fromDump = false;
  }

  private auth(r: Where, event: AuthEvent['data']['event'], detail: string): void {
    this.ctx.out.add(r, 'auth.event', { event, protocol: 'sip', detail });
  }

  private onValidated(r: LogRecord): void {
    if (this.accepted) return;
    this.accepted = true;
    this.auth(r, 'credentials-accepted', 'signature of incoming message validated: the server signed with the session key, so it accepted the credentials');
  }

  signedIn(r: Where, detail: string): void {
    if (this.signed) return;
    this.signed = true;
    this.auth(r, 'signed-in', detail);
  }

  private onInput(status: number, method: string, r: LogRecord): void {
    if (method === 'REGISTER') return;
    const fromDump = this.fromDump;
    this.fromDump = false;
    if (status === 0 || (status >= 200 && status < 300)) {
      this.signedIn(r, status === 0 ? `the server sent ${method}` : `the server answered ${method} with ${status}`);
      return;
    }
    if (status < 400 || fromDump || !REPORTED_METHODS.has(method)) return;
    this.ctx.out.add(r, 'sip.transaction', { method, status, direction: 'response' });
  }

  readDump(r: LogRecord, dump: AssembledDump): void {
    if (dump.protocol !== 'SIP' || dump.text === undefined || dump.direction !== 'received') return;
    const msg = parseSipMessage(dump.text);
    if (!msg) return;
    if (msg.type === 'response') {
      const method = /^\s*\d+\s+(\S+)/.exec(headerValue(msg, 'CSeq') ?? '')?.[1]?.toUpperCase();
      const status = msg.status ?? 0;
      if (!method || method === 'REGISTER' || status < 400 || !REPORTED_METHODS.has(method)) return;
      const views = sipHeaderViews(msg);
      const data: SipTransaction['data'] = { method, status, direction: 'response', ...(msg.reason ? { reasonPhrase: msg.reason } : {}) };
      if (views.msDiagnostics.length) data.msDiagnostics = views.msDiagnostics;
      this.ctx.out.add(dumpWhere(r, dump), 'sip.transaction', data);
      this.fromDump = true;
      return;
    }
    if (msg.method?.toUpperCase() === 'BYE') {
      const views = sipHeaderViews(msg);
      if (!views.msDiagnostics.length) return;
      this.ctx.out.add(dumpWhere(r, dump), 'sip.transaction', { method: 'BYE', direction: 'request', msDiagnostics: views.msDiagnostics });
    }
  }
}
