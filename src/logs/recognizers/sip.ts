/**
 * SIP REGISTER family, from message dumps (full dumps: request UA / Authorization scheme, response
 * status, challenges, ms-diagnostics, Warning, Contact, Server) and from SIPE's own lines when
 * there is no dump (1.24+ without PURPLE_UNSAFE_DEBUG, 1.22–1.23 without it):
 *  `process_input_message: msg->response(403),msg->method(REGISTER)`
 *  `register_response_timeout: no answer to attempt 2, retrying`, `process_register_response: RE-REGISTER timeout on attempt …`
 * Also the session family: a received NOTIFY `Event: registration-notify` with `deregistered;event=…`.
 */
import type { AuthChallenge, SipRegister } from '../../evidence/kinds.js';
import { headerValue, parseSipMessage, sipHeaderViews } from '../../protocol/sip/parse.js';
import type { SipMessage } from '../../protocol/sip/types.js';
import type { AssembledDump } from '../assemble.js';
import type { LogRecord } from '../types.js';
import { noteUserAgent } from './account.js';
import { assignDefined, emit, extend, pointerKey, type LogState } from './context.js';

const INPUT_MESSAGE = /^process_input_message: msg->response\((\d+)\),msg->method\((\S+?)\)/;
const REGISTER_TIMEOUT = /^(?:register_response_timeout: no answer to attempt (\d+)|process_register_response: RE-REGISTER timeout on attempt (\d+))/;
const SCHEDULED = /^scheduling action <transaction timeout><[^>]*><(\d+) REGISTER>/;
const REDACTED = '<redacted>';

type RegisterData = SipRegister['data'];

/** Challenges without secret parameters (values the parser/redactor replaced). */
export function publicChallenges(challenges: readonly AuthChallenge[]): AuthChallenge[] {
  return challenges.map((c) => ({
    scheme: c.scheme,
    params: Object.fromEntries(Object.entries(c.params).filter(([k, v]) => v !== REDACTED && !v.includes(REDACTED) && k !== 'token68')),
  }));
}

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

function registrarOf(st: LogState, dump: AssembledDump): { registrar?: string; transport?: 'tls' | 'tcp' } {
  // ≤1.10 logs have no `sip_transport_connected`: the last SIP connect is the registrar
  const ep = (dump.connection ? st.pointers.get(pointerKey('sip', dump.connection)) : undefined) ?? st.currentSip
    ?? (st.lastConnect?.purpose === 'sip' ? st.lastConnect : undefined);
  if (!ep) return {};
  return { registrar: `${ep.host}:${ep.port}`, ...(ep.transport ? { transport: ep.transport } : {}) };
}

/** Close a REGISTER that never got its answer. */
export function flushPendingRegister(st: LogState): void {
  const p = st.pendingRegister;
  if (!p) return;
  st.pendingRegister = undefined;
  st.pendingFromSchedule = false;
  const data = p.data as RegisterData;
  if (data.status !== undefined) return;
  // sent after the client had already given up (the error is reported): not a server symptom
  if (st.errorDraft && st.drafts.indexOf(p) > st.drafts.indexOf(st.errorDraft)) {
    st.drafts.splice(st.drafts.indexOf(p), 1);
    return;
  }
  data.outcome = st.transportClosed ? 'closed' : 'no-response';
}

function onSentRegister(st: LogState, r: LogRecord, dump: AssembledDump, msg: SipMessage): void {
  // a new REGISTER while the previous one is unanswered: that one got no answer
  const scheduled = st.pendingFromSchedule ? st.pendingRegister : undefined;
  st.pendingFromSchedule = false;
  if (scheduled) st.pendingRegister = undefined;
  else flushPendingRegister(st);
  const views = sipHeaderViews(msg);
  const via = /^SIP\/2\.0\/(\w+)/i.exec(headerValue(msg, 'Via') ?? '')?.[1]?.toLowerCase();
  const auth = headerValue(msg, 'Authorization');
  const from = /<([^>]+)>/.exec(headerValue(msg, 'From') ?? '')?.[1];
  const data: RegisterData = { outcome: 'no-response' };
  assignDefined(data, {
    ...registrarOf(st, dump),
    requestUri: msg.uri,
    fromUri: from,
    userAgent: views.userAgent,
    authorizationScheme: auth ? /^\s*(\S+)/.exec(auth)?.[1] : undefined,
  });
  if (via === 'tls' || via === 'tcp') data.transport = via;
  if (scheduled) {
    // the transaction line announced this REGISTER: complete that draft
    scheduled.data = data;
    extend(scheduled, dump.lines);
    st.pendingRegister = scheduled as typeof st.pendingRegister;
  } else {
    st.pendingRegister = emit(st, dumpRecord(r, dump), { kind: 'sip.register', data });
  }
  if (views.userAgent) noteUserAgent(st, r, views.userAgent);
}

function onRegisterResponse(st: LogState, r: LogRecord, dump: AssembledDump, msg: SipMessage): void {
  const views = sipHeaderViews(msg);
  const status = msg.status as number;
  let draft = st.pendingRegister;
  st.pendingRegister = undefined;
  st.pendingFromSchedule = false;
  if (!draft) draft = emit(st, dumpRecord(r, dump), { kind: 'sip.register', data: { ...registrarOf(st, dump), outcome: 'no-response' } });
  else extend(draft, dump.lines);
  const data = (draft as NonNullable<typeof draft>).data as RegisterData;
  data.status = status;
  data.outcome = registerOutcome(status);
  assignDefined(data, {
    reasonPhrase: msg.reason || undefined,
    challenges: views.challenges.length ? publicChallenges(views.challenges) : undefined,
    msDiagnostics: views.msDiagnostics.length ? views.msDiagnostics : undefined,
    warnings: views.warnings.length ? views.warnings : undefined,
    contact: status >= 300 && status < 400 ? views.contact : undefined,
    server: views.server,
    expires: views.expires,
  });
  st.registerResponseFromDump = true;
}

function onNotify(st: LogState, r: LogRecord, dump: AssembledDump, msg: SipMessage): void {
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
  emit(st, dumpRecord(r, dump), { kind: 'session.ended', data });
}

/** The record fields for a draft sourced from a dump (its own line range). */
function dumpRecord(r: LogRecord, dump: AssembledDump): Pick<LogRecord, 'time' | 'date' | 'lines'> {
  return { ...(r.time ? { time: r.time } : {}), ...(r.date ? { date: r.date } : {}), lines: dump.lines };
}

export function recognizeSipDump(r: LogRecord, dump: AssembledDump, st: LogState): void {
  if (dump.protocol !== 'SIP' || dump.text === undefined) return;
  const msg = parseSipMessage(dump.text);
  if (!msg) return;
  if (msg.type === 'request' && dump.direction === 'sent' && msg.method?.toUpperCase() === 'REGISTER') {
    onSentRegister(st, r, dump, msg);
    return;
  }
  if (msg.type === 'response' && dump.direction === 'received' && cseqMethod(msg) === 'REGISTER') {
    onRegisterResponse(st, r, dump, msg);
    return;
  }
  if (msg.type === 'request' && dump.direction === 'received' && msg.method?.toUpperCase() === 'NOTIFY') {
    onNotify(st, r, dump, msg);
  }
}

export function recognizeSipLines(r: LogRecord, st: LogState): void {
  if (r.category !== 'sipe') return;
  let m = SCHEDULED.exec(r.text);
  if (m) {
    flushPendingRegister(st);
    const ep = st.currentSip;
    st.pendingRegister = emit(st, r, {
      kind: 'sip.register',
      data: { outcome: 'no-response', ...(ep ? { registrar: `${ep.host}:${ep.port}` } : {}), ...(ep?.transport ? { transport: ep.transport } : {}) },
    });
    st.pendingFromSchedule = true;
    return;
  }
  m = INPUT_MESSAGE.exec(r.text);
  if (m) {
    if ((m[2] as string).toUpperCase() !== 'REGISTER') return;
    if (st.registerResponseFromDump) {
      st.registerResponseFromDump = false;
      return;
    }
    const status = Number(m[1]);
    let draft = st.pendingRegister;
    st.pendingRegister = undefined;
    st.pendingFromSchedule = false;
    if (!draft) {
      const ep = st.currentSip;
      draft = emit(st, r, {
        kind: 'sip.register',
        data: { outcome: 'no-response', ...(ep ? { registrar: `${ep.host}:${ep.port}` } : {}), ...(ep?.transport ? { transport: ep.transport } : {}) },
      });
    } else {
      extend(draft, r.lines);
    }
    const data = (draft as NonNullable<typeof draft>).data as RegisterData;
    data.status = status;
    data.outcome = registerOutcome(status);
    return;
  }
  if ((m = REGISTER_TIMEOUT.exec(r.text))) {
    const ep = st.currentSip;
    const pending = st.pendingRegister;
    st.pendingRegister = undefined;
    if (pending) {
      extend(pending, r.lines);
      return;
    }
    emit(st, r, {
      kind: 'sip.register',
      data: { outcome: 'no-response', ...(ep ? { registrar: `${ep.host}:${ep.port}` } : {}), ...(ep?.transport ? { transport: ep.transport } : {}) },
    });
  }
}
