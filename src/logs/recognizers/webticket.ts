/**
 * Web ticket / certificate provisioning / HTTP family (dumps decoded with src/protocol/http.ts, autodiscover.ts) (sipe.md §1.10–1.11, §3.3):
 *  `sipe_http_parse_uri: host 'h' port 443 path 'CertProv/CertProvisioningService.svc/mex'`
 *  `sipe_svc_https_response: code 0`, `service_metadata: metadata for service … retrieved successfully`
 *  `webticket_token: ADFS authentication failed - assuming Multi-Factor Authentication (MFA)`
 *  `realminfo: ADFS setup detected`, `certprov_webticket: got ticket for …`, `get_and_publish_cert: certificate for target '…' added`
 *  `initialize_auth_context: TLS-DSK Certificate Provisioning URI …`
 *  `sipe_http_request_response_unauthorized: authentication failed, throwing away context`,
 *  `… Basic authentication has failed for host '…'`
 * and HTTP message dumps: request → response pairs become http.exchange (SOAP fault → outcome `fault`).
 */
import type { HttpExchange } from '../../evidence/kinds.js';
import { isAutodiscoverProblem, parseAutodiscoverResponse } from '../../protocol/autodiscover.js';
import { headerValue, headerValues, parseHttpMessage, parseXMsDiagnostics, type HttpMessage } from '../../protocol/http.js';
import { soapFaultText } from '../../protocol/soap-fault.js';
import { parseChallenges } from '../../protocol/sip/parse.js';
import type { AssembledDump } from '../assemble.js';
import type { Reservation, Where } from '../observations.js';
import type { LogRecord } from '../types.js';
import type { FamilyContext } from './hand-off.js';
import type { LineRules } from './lines.js';

type HttpData = HttpExchange['data'];

const PARSE_URI = /^sipe_http_parse_uri: host '([^']+)' port (\d+) path '([^']*)'/;
const SVC_CODE = /^sipe_svc_https_response: code (-?\d+)/;
const METADATA_OK = /^(?:service_metadata|webservice_metadata|webticket_metadata): metadata for service (\S+) retrieved successfully/;
const ADFS_MFA = /^webticket_token: ADFS authentication failed - assuming Multi-Factor Authentication/;
const GOT_TICKET = /^certprov_webticket: got ticket for (\S+)/;
const CERT_ADDED = /^get_and_publish_cert: certificate for target '([^']*)' added/;
const CERTPROV_URI = /^initialize_auth_context: TLS-DSK Certificate Provisioning URI (\S+)/;
const HTTP_AUTH_FAILED = /^sipe_http_request_response_unauthorized: (authentication failed, throwing away context|expected authentication scheme \S+ not found|only Basic, NTLM and Negotiate authentication schemes are supported)/;
const BASIC_FAILED = /Basic authentication has failed for host '([^']+)'/;
const REALM_OK = /^realminfo: data for user \S+ retrieved successfully/;
const REALM_ADFS = /^realminfo: ADFS URI: (\S+)/;
const METADATA_ANCHORS = ['service_metadata: metadata for service ', 'webservice_metadata: metadata for service ', 'webticket_metadata: metadata for service '];

/** What a URL is for, from its path. */
export function httpPurpose(url: string): HttpData['purpose'] {
  const u = url.toLowerCase();
  if (/getuserrealm\.srf/.test(u)) return 'realm';
  if (/rst2\.srf/.test(u)) return 'rst2';
  if (/adfs|\/trust\/|usernamemixed/.test(u)) return 'adfs';
  if (/\/mex\b/.test(u)) return 'webticket-metadata';
  if (/certprov/.test(u)) return 'certprov';
  if (/webticket/.test(u)) return 'webticket';
  return 'other';
}

function outcomeOf(status: number | undefined, fault: string | undefined): HttpData['outcome'] {
  if (fault) return 'fault';
  if (status === undefined || status <= 0) return 'error';
  return status >= 400 ? 'http-error' : 'ok';
}

/** Purposes whose 200 answer SIPE confirms on the next line once its XML parser read it. */
const CONFIRMED_ON_PARSE: ReadonlySet<HttpData['purpose']> = new Set(['webticket-metadata', 'realm']);

/** An http.exchange that a later line may still complete (SIPE's `code N` line, its parse confirmation). */
interface OpenExchange {
  place: Reservation<'http.exchange'>;
  purpose: HttpData['purpose'];
  status: number | undefined;
  /** the data (an answer's body is decoded only when asked: for a kept observation, or its outcome) */
  data: () => HttpData;
  parseFailed: boolean;
}

/** `f`, run at most once. */
function once<T>(f: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = f();
      done = true;
    }
    return value;
  };
}

export class WebTicketFamily {
  static readonly rules: LineRules<WebTicketFamily> = {
    sipe: [
      { anchors: ["sipe_http_parse_uri: host '"], re: PARSE_URI, on: (f, m) => f.onParseUri(m) },
      // a 200 SIPE must parse is confirmed on SIPE's very next line
      { anchors: ['sipe_svc_https_response: code '], re: SVC_CODE, thenNextSipe: true, on: (f, m, r) => f.onCode(Number(m[1]), r) },
      { anchors: METADATA_ANCHORS, re: METADATA_OK, on: (f, m, r) => f.onMetadataOk(m[1] as string, r) },
      {
        anchors: ['webticket_token: ADFS authentication failed - assuming Multi-Factor Authentication'], re: ADFS_MFA,
        on: (f, _m, r) => f.ctx.out.add(r, 'webticket.result', {
          stage: 'webticket', outcome: 'failed', mfaSuspected: true, detail: 'ADFS authentication failed - assuming Multi-Factor Authentication (MFA)',
        }),
      },
      { anchors: ['certprov_webticket: got ticket for '], re: GOT_TICKET, on: (f, m, r) => f.ctx.out.add(r, 'webticket.result', { stage: 'webticket', url: m[1] as string, outcome: 'issued' }) },
      { anchors: ["get_and_publish_cert: certificate for target '"], re: CERT_ADDED, on: (f, m, r) => f.onCertificateAdded(m[1] as string, r) },
      { anchors: ['realminfo: data for user '], re: REALM_OK, on: (f, _m, r) => f.onRealmOk(r) },
      { anchors: ['realminfo: ADFS URI: '], re: REALM_ADFS, on: (f, m) => f.ctx.sipeHost(safeHostOf(m[1] as string)) },
      { anchors: ['initialize_auth_context: TLS-DSK Certificate Provisioning URI '], re: CERTPROV_URI, on: (f, m) => { f.stsUri = m[1] as string; } },
      { anchors: ['sipe_http_request_response_unauthorized: '], re: HTTP_AUTH_FAILED, on: (f, _m, r) => f.onHttpAuthFailed(r) },
      { contains: "Basic authentication has failed for host '", re: BASIC_FAILED, on: (f, _m, r) => f.onHttpAuthFailed(r) },
    ],
  };

  /** last `sipe_http_parse_uri` URL */
  private lastHttpUrl: string | undefined;
  private stsUri: string | undefined;
  /** last HTTP request dump, for pairing with its response */
  private httpRequest: { method: string; url: string } | undefined;
  /** the exchange made from the last HTTP response dump (SIPE's `code N` line repeats it) */
  private fromDump: OpenExchange | undefined;
  /**
   * a 200 answer SIPE must parse and then confirm on its very next line (`service_metadata: metadata
   * for service … retrieved successfully`, `realminfo: data for user … retrieved successfully`)
   */
  private awaitingParse: OpenExchange | undefined;
  /** the last http.exchange made, for "was it just recorded?" */
  private last: OpenExchange | undefined;

  constructor(private readonly ctx: FamilyContext) {}

  /** Every `sipe:` record, before the rules: SIPE confirms the answer it parsed right after `code 200`. */
  beforeSipeLine(r: LogRecord): void {
    if (!this.awaitingParse) return;
    // anything else means its parser returned nothing
    if (METADATA_OK.test(r.text) || REALM_OK.test(r.text)) this.settleParse(false);
    else this.settleParse(true);
  }

  /** SIPE gave up right after a 200 it should have confirmed parsing: its XML parser read nothing. */
  clientErrorReported(): void {
    if (this.awaitingParse) this.settleParse(true);
  }

  finish(): void {
    if (this.awaitingParse) this.settleParse(false);
    const d = this.fromDump;
    this.fromDump = undefined;
    if (d) this.release(d);
  }

  /**
   * The attempt ends (SIPE signs in again): what is still open is made as it stands, and no request,
   * answer or URL of this attempt may pair with a line of the next one.
   */
  endAttempt(): void {
    this.finish();
    this.httpRequest = undefined;
    this.lastHttpUrl = undefined;
    this.last = undefined;
  }

  readDump(r: LogRecord, dump: AssembledDump): void {
    if (dump.protocol !== 'HTTP' || dump.text === undefined) return;
    const msg = parseHttpMessage(dump.text);
    if (!msg) return;
    const at: Where = { ...(r.time ? { time: r.time } : {}), ...(r.date ? { date: r.date } : {}), lines: dump.lines };
    if (msg.type === 'request') {
      this.onRequest(msg, dump);
      return;
    }
    const req = this.httpRequest;
    this.httpRequest = undefined;
    const fullUrl = req?.url ?? this.lastHttpUrl ?? '';
    // the query holds the user's name (`?login=…`); autodiscover keeps it (it is the URL SIPE tried)
    const url = /lyncdiscover/i.test(fullUrl) ? fullUrl : fullUrl.replace(/\?.*$/, '');
    if (/lyncdiscover/i.test(url)) this.onAutodiscoverAnswer(url, msg, at);
    else this.onResponse(url, req, msg, at);
  }

  private onRequest(msg: HttpMessage, dump: AssembledDump): void {
    const host = headerValue(msg, 'Host');
    const target = msg.url ?? '/';
    const ep = dump.connection ? this.ctx.httpEndpoint(dump.connection) : undefined;
    const scheme = ep?.port === 80 ? 'http' : 'https';
    const port = ep && ep.port !== 443 && ep.port !== 80 ? `:${ep.port}` : '';
    const url = /^https?:\/\//.test(target) ? target : `${scheme}://${host ?? ep?.host ?? 'unknown'}${port}${target.startsWith('/') ? '' : '/'}${target}`;
    this.httpRequest = { method: msg.method ?? 'GET', url };
  }

  private onAutodiscoverAnswer(url: string, msg: HttpMessage, at: Where): void {
    const status = msg.status;
    const contentType = headerValue(msg, 'Content-Type');
    const webTicketUrl = headerValue(msg, 'X-MS-WebTicketURL');
    const base = {
      url,
      ...(status !== undefined ? { status } : {}),
      ...(contentType ? { contentType } : {}),
      ...(webTicketUrl ? { webTicketUrl } : {}),
    };
    if (status !== 200) {
      // 401 with a web-ticket URL is the normal first answer of the User URL
      const ok = status === 401 && webTicketUrl;
      this.ctx.out.add(at, 'autodiscover.response', { ...base, outcome: ok ? 'ok' : 'unusable', ...(ok ? {} : { problem: `HTTP ${status ?? '?'}` }) });
      return;
    }
    // the answer's XML is decoded only if the observation is kept
    this.ctx.out.add(at, 'autodiscover.response', () => {
      const doc = parseAutodiscoverResponse(msg.body, contentType);
      if (isAutodiscoverProblem(doc) || !doc.acceptedBySipe) {
        const problem = isAutodiscoverProblem(doc) ? doc.problem : `Content-Type ${contentType ?? '(none)'} is not the one SIPE accepts`;
        return { ...base, outcome: 'unusable', problem };
      }
      return {
        ...base,
        outcome: 'ok',
        ...(doc.redirect ? { redirect: doc.redirect } : {}),
        ...(doc.user ? { userLink: doc.user } : {}),
        ...(doc.accessLocation ? { accessLocation: doc.accessLocation } : {}),
        ...(doc.sipInternal ? { sipInternal: `${doc.sipInternal.fqdn}:${doc.sipInternal.port}` } : {}),
        ...(doc.sipExternal ? { sipExternal: `${doc.sipExternal.fqdn}:${doc.sipExternal.port}` } : {}),
      };
    });
  }

  private onResponse(url: string, req: { method: string } | undefined, msg: HttpMessage, at: Where): void {
    const status = msg.status;
    const method = req?.method;
    const data = (): HttpData => {
      const fault = soapFaultText(msg.body);
      const diags = headerValues(msg, 'X-Ms-diagnostics').flatMap((v) => parseXMsDiagnostics(v))
        .map(({ fault: _f, ...d }) => d);
      const schemes = headerValues(msg, 'WWW-Authenticate').flatMap((v) => parseChallenges(v).map((c) => c.scheme));
      return {
        url,
        purpose: httpPurpose(url),
        outcome: outcomeOf(status, fault),
        ...(method !== undefined ? { method } : {}),
        ...(status !== undefined ? { status } : {}),
        ...(fault ? { fault } : {}),
        ...(diags.length ? { msDiagnostics: diags } : {}),
        ...(schemes.length ? { authSchemes: schemes } : {}),
      };
    };
    const before = this.fromDump;
    this.fromDump = this.open(at, httpPurpose(url), status, data);
    if (before) this.release(before);
  }

  private onParseUri(m: RegExpExecArray): void {
    const port = m[2] as string;
    const scheme = port === '80' ? 'http' : 'https';
    // the query holds the user's name (`?sipuri=…`, `?login=…`): not needed to diagnose
    const path = (m[3] as string).replace(/^\//, '').replace(/\?.*$/, '');
    this.lastHttpUrl = `${scheme}://${m[1] as string}${port === '443' || port === '80' ? '' : `:${port}`}/${path}`;
  }

  private onCode(code: number, r: LogRecord): void {
    // the response dump right before already made this exchange
    const fromDump = this.fromDump;
    this.fromDump = undefined;
    const url = this.lastHttpUrl ?? this.stsUri ?? '';
    const reused = fromDump !== undefined && fromDump.status === code;
    if (fromDump && !reused) this.release(fromDump);
    const exchange = reused ? fromDump : this.openWith(r, {
      url, purpose: httpPurpose(url), outcome: outcomeOf(code > 0 ? code : undefined, undefined), ...(code > 0 ? { status: code } : {}),
    });
    if (code === 200 && CONFIRMED_ON_PARSE.has(exchange.purpose)) this.awaitingParse = exchange;
    else this.release(exchange);
  }

  private onMetadataOk(url: string, r: LogRecord): void {
    if (this.recentOk('webticket-metadata')) return; // its dump / code line already said so
    this.add(r, { url, purpose: 'webticket-metadata', outcome: 'ok', status: 200 });
  }

  private onRealmOk(r: LogRecord): void {
    if (this.recentOk('realm')) return;
    this.add(r, { url: 'https://login.microsoftonline.com/getuserrealm.srf', purpose: 'realm', outcome: 'ok' });
  }

  private onCertificateAdded(target: string, r: LogRecord): void {
    this.ctx.out.add(r, 'webticket.result', {
      stage: 'certificate', outcome: 'issued', detail: `certificate for target '${target}'`, ...(this.stsUri ? { url: this.stsUri } : {}),
    });
  }

  private onHttpAuthFailed(r: LogRecord): void {
    const url = this.lastHttpUrl ?? '';
    this.add(r, { url, purpose: httpPurpose(url), outcome: 'http-error', status: 401 });
  }

  private add(where: Where, data: HttpData): void {
    this.release(this.openWith(where, data));
  }

  private openWith(where: Where, data: HttpData): OpenExchange {
    return this.open(where, data.purpose, data.status, () => data);
  }

  private open(where: Where, purpose: HttpData['purpose'], status: number | undefined, data: () => HttpData): OpenExchange {
    const x: OpenExchange = { place: this.ctx.out.reserve(where, 'http.exchange'), purpose, status, data: once(data), parseFailed: false };
    this.last = x;
    return x;
  }

  /** The answer awaiting its confirmation line was confirmed, or not (its parser read nothing). */
  private settleParse(failed: boolean): void {
    const x = this.awaitingParse as OpenExchange;
    this.awaitingParse = undefined;
    if (failed) x.parseFailed = true;
    this.release(x);
  }

  /** Make the exchange unless a later line may still complete it. */
  private release(x: OpenExchange): void {
    if (x === this.fromDump || x === this.awaitingParse) return;
    const failed = x.parseFailed;
    this.ctx.out.complete(x.place, failed ? () => ({ ...x.data(), parseFailed: true }) : x.data);
  }

  /** Was an ok exchange of this purpose just recorded (among the last six observations)? */
  private recentOk(purpose: HttpData['purpose']): boolean {
    const latest = this.ctx.out.recent(6).find((p) => p.kind === 'http.exchange');
    return latest !== undefined && latest === this.last?.place && this.last.purpose === purpose && this.last.data().outcome === 'ok';
  }
}

function safeHostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return url.toLowerCase();
  }
}
