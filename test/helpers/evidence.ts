/**
 * Observation builders for tests: sensible defaults for the `alice@corp.example` account on
 * `pool01.corp.example`, a log source with a fresh line number, and a unique id per call.
 * `ev.register({status: 403, …})` — fields override the defaults; `meta` sets attempt/at/source/id.
 */
import type { Kind, Observation, Of, Source } from '../../src/evidence/kinds.js';
import type { EvidenceBundle } from '../../src/evidence/bundle.js';

export interface ObsMeta {
  id?: string;
  attempt?: string;
  at?: string;
  source?: Source;
  /** shortcut for `source: {type: 'probe', probe}` */
  probe?: string;
}

let counter = 0;
/** Reset ids/line numbers (call in beforeEach when a test compares ids). */
export function resetEvidenceIds(): void {
  counter = 0;
}

type Data<K extends Kind> = Of<K>['data'];

function make<K extends Kind>(kind: K, data: Data<K>, meta: ObsMeta = {}): Of<K> {
  counter += 1;
  const source: Source = meta.source ?? (meta.probe ? { type: 'probe', probe: meta.probe } : { type: 'log', file: 'debug.log', lines: [counter * 10, counter * 10] });
  return {
    id: meta.id ?? `o${counter}`,
    kind,
    ...(meta.at !== undefined ? { at: meta.at } : {}),
    ...(meta.attempt !== undefined ? { attempt: meta.attempt } : {}),
    source,
    data,
  } as unknown as Of<K>;
}

const registerOutcome = (status: number | undefined): Data<'sip.register'>['outcome'] => {
  if (status === undefined) return 'no-response';
  if (status >= 200 && status < 300) return 'registered';
  if (status === 401 || status === 407) return 'challenged';
  if (status >= 300 && status < 400) return 'redirected';
  return 'rejected';
};

const REASONS: Record<number, string> = {
  200: 'OK', 301: 'Moved Permanently', 302: 'Moved Temporarily', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden',
  404: 'Not Found', 480: 'Temporarily Unavailable', 488: 'Not Acceptable Here', 500: 'Server Internal Error', 503: 'Service Unavailable', 504: 'Server Time-out',
};

export const ev = {
  account: (d: Partial<Data<'client.account'>> = {}, m?: ObsMeta) =>
    make('client.account', { signinName: 'alice@corp.example', login: '', domain: 'corp.example', server: '', transport: 'auto', authentication: 'auto', userAgent: '', sso: false, sipeVersion: '1.25.0', ...d }, m),
  clientError: (d: Partial<Data<'client.error'>> = {}, m?: ObsMeta) => {
    const description = d.description ?? d.english ?? 'SSL Connection Failed';
    return make('client.error', { reason: 0, description, english: d.english ?? description, ...d }, m);
  },
  /** a client error whose text is translated and no catalog mapped it back to English (catalogs hidden) */
  translatedError: (reason: number, description: string, language = 'fr', m?: ObsMeta) =>
    make('client.error', { reason, description, translated: true, language }, m),
  dns: (d: Partial<Data<'dns.lookup'>> = {}, m?: ObsMeta) =>
    make('dns.lookup', { name: '_sipinternaltls._tcp.corp.example', type: 'SRV', outcome: 'ok', answers: [], ...d }, m),
  /** an SRV lookup: `ev.srv('_sip._tls.corp.example', [{target, port}])`, or NXDOMAIN when no answers given */
  srv: (name: string, answers?: Data<'dns.lookup'>['answers'], m?: ObsMeta) =>
    make('dns.lookup', { name, type: 'SRV', outcome: answers?.length ? 'ok' : 'nxdomain', answers: answers ?? [] }, m),
  discovery: (d: Partial<Data<'discovery.event'>> = {}, m?: ObsMeta) => make('discovery.event', { event: 'candidate', ...d }, m),
  tcp: (d: Partial<Data<'tcp.connect'>> = {}, m?: ObsMeta) =>
    make('tcp.connect', { host: 'pool01.corp.example', port: 5061, outcome: 'ok', purpose: 'sip', ...d }, m),
  tls: (d: Partial<Data<'tls.handshake'>> = {}, m?: ObsMeta) =>
    make('tls.handshake', { host: 'pool01.corp.example', port: 5061, outcome: 'ok', purpose: 'sip', ...d }, m),
  cert: (d: Partial<Data<'tls.certificate'>> = {}, m?: ObsMeta) =>
    make('tls.certificate', { host: 'pool01.corp.example', port: 5061, subject: 'CN=pool01.corp.example', issuer: 'CN=Corp Root CA', altNames: ['pool01.corp.example', 'sip.corp.example'], notBefore: '2024-01-01T00:00:00Z', notAfter: '2030-01-01T00:00:00Z', trusted: true, hostnameMatch: true, timeValid: true, ...d }, m),
  proxy: (d: Partial<Data<'proxy.event'>> = {}, m?: ObsMeta) =>
    make('proxy.event', { proxyType: 'http', host: 'proxy.corp.example', port: 3128, outcome: 'ok', ...d }, m),
  autodiscover: (d: Partial<Data<'autodiscover.response'>> = {}, m?: ObsMeta) =>
    make('autodiscover.response', { url: 'https://LyncDiscoverInternal.corp.example/?sipuri=alice@corp.example', status: 200, outcome: 'ok', contentType: 'application/vnd.microsoft.rtc.autodiscover+xml; v=1', ...d }, m),
  http: (d: Partial<Data<'http.exchange'>> = {}, m?: ObsMeta) =>
    make('http.exchange', { method: 'POST', url: 'https://pool01.corp.example/WebTicket/WebTicketService.svc', purpose: 'webticket', status: 200, outcome: 'ok', ...d }, m),
  webticket: (d: Partial<Data<'webticket.result'>> = {}, m?: ObsMeta) =>
    make('webticket.result', { stage: 'webticket', url: 'https://pool01.corp.example/CertProv/CertProvisioningService.svc', outcome: 'issued', ...d }, m),
  register: (d: Partial<Data<'sip.register'>> = {}, m?: ObsMeta) => {
    const status = 'status' in d ? d.status : d.outcome !== undefined && d.outcome !== 'registered' ? undefined : 200;
    return make('sip.register', {
      registrar: 'pool01.corp.example:5061', transport: 'tls', requestUri: 'sip:corp.example', fromUri: 'sip:alice@corp.example',
      userAgent: 'Purple/2.14.12 Sipe/1.25.0 (linux-x86_64)',
      ...(status !== undefined ? { status, reasonPhrase: REASONS[status] ?? '' } : {}),
      outcome: registerOutcome(status),
      ...d,
    }, m);
  },
  /** `check`'s REGISTER with another User-Agent (a 401 = the filter let it through, unless told) */
  userAgentTest: (d: Partial<Data<'sip.user-agent-test'>> = {}, m?: ObsMeta) => {
    const status = 'status' in d ? d.status : 401;
    return make('sip.user-agent-test', {
      userAgent: 'UCCAPI/15.0.4420.1017 OC/15.0.4420.1017 (Microsoft Lync)', registrar: 'pool01.corp.example:5061', transport: 'tls',
      ...(status !== undefined ? { status, reasonPhrase: REASONS[status] ?? '' } : {}),
      outcome: registerOutcome(status),
      ...d,
    }, m ?? { probe: 'ua-negotiation' });
  },
  auth: (d: Partial<Data<'auth.event'>> = {}, m?: ObsMeta) => make('auth.event', { event: 'completed', ...d }, m),
  transport: (d: Partial<Data<'transport.event'>> = {}, m?: ObsMeta) =>
    make('transport.event', { event: 'connected', host: 'pool01.corp.example', port: 5061, transport: 'tls', ...d }, m),
  session: (d: Partial<Data<'session.ended'>> = {}, m?: ObsMeta) => make('session.ended', { event: 'deregistered', ...d }, m),
  transaction: (d: Partial<Data<'sip.transaction'>> = {}, m?: ObsMeta) => make('sip.transaction', { method: 'INVITE', direction: 'response', ...(d.direction === 'request' ? {} : { status: 488 }), ...d }, m),
};

/** A bundle around observations (log mode unless told). */
export function bundleOf(observations: readonly Observation[], mode: EvidenceBundle['mode'] = 'log'): EvidenceBundle {
  return { schemaVersion: 1, mode, observations, probeErrors: [] };
}

/** Stamp an attempt id on observations (builders are per call; this saves repeating meta). */
export function inAttempt<T extends Observation>(attempt: string, obs: readonly T[]): T[] {
  return obs.map((o) => ({ ...o, attempt }));
}
