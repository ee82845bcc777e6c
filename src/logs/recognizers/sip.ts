/**
 * SIP REGISTER family, from message dumps (full dumps: request UA / Authorization scheme, response
 * status, challenges, ms-diagnostics, Warning, Contact, Server) and from SIPE's own lines when
 * there is no dump (1.24+ without PURPLE_UNSAFE_DEBUG, 1.22–1.23 without it):
 *  `process_input_message: msg->response(403),msg->method(REGISTER)`
 *  `register_response_timeout: no answer to attempt 2, retrying`, `process_register_response: RE-REGISTER timeout on attempt …`
 * Also the session family: a received NOTIFY `Event: registration-notify` with `deregistered;event=…`.
 */
import type { SipRegister } from '../../evidence/kinds.js';
import { headerValue, parseSipMessage, sipHeaderViews } from '../../protocol/sip/parse.js';
import type { SipMessage } from '../../protocol/sip/types.js';
import type { AssembledDump } from '../assemble.js';
import { widen, type Gathering, type Where } from '../observations.js';
import type { LogRecord } from '../types.js';
import { publicChallenges } from './challenges.js';
import { assignDefined, type Endpoint, type FamilyContext } from './hand-off.js';
import type { LineRules } from './lines.js';

export { publicChallenges } from './challenges.js';

const INPUT_MESSAGE = /^process_input_message: msg->response\((\d+)\),msg->method\((\S+?)\)/;
const REGISTER_TIMEOUT = /^(?:register_response_timeout: no answer to attempt (\d+)|process_register_response: RE-REGISTER timeout on attempt (\d+))/;
const SCHEDULED = /^scheduling action <transaction timeout><[^>]*><(\d+) REGISTER>/;
/** SIPE's own English line for the server's registration-notify that ends the registration (with or without bodies) */
const DEREGISTERED = /^sipe_process_registration_notify: deregistration received/;

type RegisterData = SipRegister['data'];

export function registerOutcome(status: number): RegisterData['outcome'] {
  if (status >= 200 && status < 300) return 'registered';
  if (status === 401 || status === 407) return 'challenged';
  if (status >= 300 && status < 400) return 'redirected';
  if (status >= 100 && status < 200) return 'no-response';
  return 'rejected';
}

function cseqMethod(msg: SipMessage): string | undefined {
  return /^\s*\d+\s+(\S+)/.exec(headerValue(msg, 'CSeq') ?? '')?.[1]?.toUpperCase();
}

function registrarFields(ep: Endpoint | undefined): { registrar?: string; transport?: 'tls' | 'tcp' } {
  if (!ep) return {};
  return { registrar: `${ep.host}:${ep.port}`, ...(ep.transport ? { transport: ep.transport } : {}) };
}

/** The record fields for a draft sourced from a dump (its own line range). */
function dumpWhere(r: LogRecord, dump: AssembledDump): Where {
  return { ...(r.time ? { time: r.time } : {}), ...(r.date ? { date: r.date } : {}), lines: dump.lines };
}

/** A REGISTER still waiting for its answer. */
interface OpenRegister extends Gathering<'sip.register'> {
  /** client errors of the attempt when it was sent (sent after the last one: the client had given up) */
  errorsBefore: number;
}

export class SipFamily {
  static readonly rules: LineRules<SipFamily> = {
    sipe: [
      { anchors: ['scheduling action <transaction timeout><'], re: SCHEDULED, on: (f, _m, r) => f.onScheduled(r) },
      {
        anchors: ['process_input_message: msg->response('], alsoContains: 'register', re: INPUT_MESSAGE,
        on: (f, m, r) => { if ((m[2] as string).toUpperCase() === 'REGISTER') f.onInputMessage(Number(m[1]), r); },
      },
      {
        anchors: ['register_response_timeout: no answer to attempt ', 'process_register_response: RE-REGISTER timeout on attempt '],
        re: REGISTER_TIMEOUT, on: (f, _m, r) => f.onRegisterTimeout(r),
      },
      { anchors: ['sipe_process_registration_notify: deregistration received'], re: DEREGISTERED, on: (f, _m, r) => f.onDeregistrationLine(r) },
    ],
  };

  private pending: OpenRegister | undefined;
  /** the pending REGISTER came from SIPE's transaction line (its dump may follow) */
  private fromSchedule = false;
  /** a REGISTER response dump was seen; the next process_input_message line repeats it */
  private responseFromDump = false;
  /** client errors reported in this attempt */
  private errors = 0;
  /** the deregistration NOTIFY's dump already made session.ended (SIPE's line right after repeats it) */
  private endedFromDump = false;

  constructor(private readonly ctx: FamilyContext) {}

  startAttempt(): void {
    this.pending = undefined;
    this.fromSchedule = false;
    this.errors = 0;
    this.responseFromDump = false;
    this.endedFromDump = false;
  }

  /** Without message bodies SIPE's line is all there is of the deregistration: the server ended the registration, reason unknown. */
  private onDeregistrationLine(r: LogRecord): void {
    if (this.endedFromDump) {
      this.endedFromDump = false;
      return;
    }
    this.ctx.out.add(r, 'session.ended', {});
  }

  clientErrorReported(): void {
    this.errors += 1;
  }

  /** Close a REGISTER that never got its answer (the attempt or the log ends, another one is sent). */
  flush(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    this.fromSchedule = false;
    if (p.data.status === undefined) {
      // sent after the client had already given up (the error is reported): not a server symptom
      if (this.errors > 0 && p.errorsBefore === this.errors) {
        this.ctx.out.cancel(p.place);
        return;
      }
      p.data.outcome = this.ctx.sipTransportClosed() ? 'closed' : 'no-response';
    }
    this.ctx.out.complete(p.place, p.data, p.lines);
  }

  readDump(r: LogRecord, dump: AssembledDump): void {
    if (dump.protocol !== 'SIP' || dump.text === undefined) return;
    const msg = parseSipMessage(dump.text);
    if (!msg) return;
    if (msg.type === 'request' && dump.direction === 'sent' && msg.method?.toUpperCase() === 'REGISTER') {
      this.onSentRegister(r, dump, msg);
      return;
    }
    if (msg.type === 'response' && dump.direction === 'received' && cseqMethod(msg) === 'REGISTER') {
      this.onRegisterResponse(r, dump, msg);
      return;
    }
    if (msg.type === 'request' && dump.direction === 'received' && msg.method?.toUpperCase() === 'NOTIFY') {
      this.onNotify(r, dump, msg);
    }
  }

  private open(where: Where, data: RegisterData): OpenRegister {
    return { ...this.ctx.out.gather(where, 'sip.register', data), errorsBefore: this.errors };
  }

  /**
   * The pending REGISTER's answer: it is complete. `more` (the answer's header views, costly to
   * decode) is made only if the observation is kept.
   */
  private answer(open: OpenRegister | undefined, where: Where, base: RegisterData, status: number, more?: () => { [K in keyof RegisterData]?: RegisterData[K] | undefined }): void {
    const p = open ?? this.open(where, base);
    const data = p.data;
    data.status = status;
    data.outcome = registerOutcome(status);
    const lines = open ? widen(p.lines, where.lines) : undefined;
    if (!more) this.ctx.out.complete(p.place, data, lines);
    else {
      this.ctx.out.complete(p.place, () => {
        assignDefined(data, more());
        return data;
      }, lines);
    }
  }

  private takePending(): OpenRegister | undefined {
    const p = this.pending;
    this.pending = undefined;
    this.fromSchedule = false;
    return p;
  }

  private onSentRegister(r: LogRecord, dump: AssembledDump, msg: SipMessage): void {
    // a new REGISTER while the previous one is unanswered: that one got no answer
    const scheduled = this.fromSchedule ? this.pending : undefined;
    this.fromSchedule = false;
    if (scheduled) this.pending = undefined;
    else this.flush();
    const userAgent = headerValue(msg, 'User-Agent');
    const via = /^SIP\/2\.0\/(\w+)/i.exec(headerValue(msg, 'Via') ?? '')?.[1]?.toLowerCase();
    const auth = headerValue(msg, 'Authorization');
    const from = /<([^>]+)>/.exec(headerValue(msg, 'From') ?? '')?.[1];
    const data: RegisterData = { outcome: 'no-response' };
    assignDefined(data, {
      ...registrarFields(this.ctx.sipEndpoint(dump.connection)),
      requestUri: msg.uri,
      fromUri: from,
      userAgent,
      authorizationScheme: auth ? /^\s*(\S+)/.exec(auth)?.[1] : undefined,
    });
    if (via === 'tls' || via === 'tcp') data.transport = via;
    if (scheduled) {
      // the transaction line announced this REGISTER: its place is taken, the dump tells what it is
      this.pending = { ...scheduled, data, lines: widen(scheduled.lines, dump.lines) };
    } else {
      this.pending = this.open(dumpWhere(r, dump), data);
    }
    if (userAgent) this.ctx.userAgentSent(userAgent, r);
  }

  private onRegisterResponse(r: LogRecord, dump: AssembledDump, msg: SipMessage): void {
    const status = msg.status as number;
    this.answer(this.takePending(), dumpWhere(r, dump), { ...registrarFields(this.ctx.sipEndpoint(dump.connection)), outcome: 'no-response' }, status, () => {
      const views = sipHeaderViews(msg);
      return {
        reasonPhrase: msg.reason || undefined,
        challenges: views.challenges.length ? publicChallenges(views.challenges) : undefined,
        msDiagnostics: views.msDiagnostics.length ? views.msDiagnostics : undefined,
        warnings: views.warnings.length ? views.warnings : undefined,
        contact: status >= 300 && status < 400 ? views.contact : undefined,
        server: views.server,
        expires: views.expires,
      };
    });
    this.responseFromDump = true;
  }

  private onNotify(r: LogRecord, dump: AssembledDump, msg: SipMessage): void {
    if (!/registration-notify/i.test(headerValue(msg, 'Event') ?? '')) return;
    const m = /deregistered(?:;\s*event=([\w-]+))?/i.exec(msg.body);
    if (!m) return;
    const views = sipHeaderViews(msg);
    const reason = views.msDiagnostics.find((d) => !d.public)?.reason ?? views.msDiagnostics.find((d) => d.public)?.reason;
    const data = {};
    assignDefined(data as Record<string, unknown>, {
      event: m[1],
      reason,
      msDiagnostics: views.msDiagnostics.length ? views.msDiagnostics : undefined,
    });
    this.ctx.out.add(dumpWhere(r, dump), 'session.ended', data);
    this.endedFromDump = true;
  }

  /** The REGISTER fields SIPE's own lines give: the current SIP connection. */
  private lineRegister(): RegisterData {
    return { outcome: 'no-response', ...registrarFields(this.ctx.currentSip()) };
  }

  private onScheduled(r: LogRecord): void {
    this.flush();
    this.pending = this.open(r, this.lineRegister());
    this.fromSchedule = true;
  }

  private onInputMessage(status: number, r: LogRecord): void {
    if (this.responseFromDump) {
      this.responseFromDump = false;
      return;
    }
    this.answer(this.takePending(), r, this.lineRegister(), status);
  }

  private onRegisterTimeout(r: LogRecord): void {
    const pending = this.pending;
    this.pending = undefined;
    if (pending) {
      this.ctx.out.complete(pending.place, pending.data, widen(pending.lines, r.lines));
      return;
    }
    this.ctx.out.add(r, 'sip.register', this.lineRegister());
  }
}
