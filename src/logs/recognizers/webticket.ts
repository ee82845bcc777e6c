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
import { headerValue, headerValues, parseHttpMessage, parseXMsDiagnostics } from '../../protocol/http.js';
import { soapFaultText } from '../../protocol/soap-fault.js';
import { parseChallenges } from '../../protocol/sip/parse.js';
import type { AssembledDump } from '../assemble.js';
import type { LogRecord } from '../types.js';
import { emit, noteParseFailed, pointerKey, type LogState } from './context.js';

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

export function recognizeWebTicket(r: LogRecord, st: LogState): void {
  if (r.category !== 'sipe') return;
  const t = r.text;
  if (st.awaitingParse) {
    // SIPE logs the confirmation right after `code 200`; anything else means its parser returned nothing
    if (METADATA_OK.test(t) || REALM_OK.test(t)) st.awaitingParse = undefined;
    else noteParseFailed(st);
  }
  let m = PARSE_URI.exec(t);
  if (m) {
    const port = m[2] as string;
    const scheme = port === '80' ? 'http' : 'https';
    // the query holds the user's name (`?sipuri=…`, `?login=…`): not needed to diagnose
    const path = (m[3] as string).replace(/^\//, '').replace(/\?.*$/, '');
    st.lastHttpUrl = `${scheme}://${m[1] as string}${port === '443' || port === '80' ? '' : `:${port}`}/${path}`;
    return;
  }
  if ((m = SVC_CODE.exec(t))) {
    const code = Number(m[1]);
    // the response dump right before already made this exchange
    const fromDump = st.lastHttpDumpExchange;
    st.lastHttpDumpExchange = undefined;
    const url = st.lastHttpUrl ?? st.stsUri ?? '';
    const exchange = fromDump && fromDump.kind === 'http.exchange' && fromDump.data.status === code ? fromDump : emit(st, r, {
      kind: 'http.exchange',
      data: { url, purpose: httpPurpose(url), outcome: outcomeOf(code > 0 ? code : undefined, undefined), ...(code > 0 ? { status: code } : {}) },
    });
    const purpose = exchange.kind === 'http.exchange' ? exchange.data.purpose : undefined;
    st.awaitingParse = code === 200 && purpose && CONFIRMED_ON_PARSE.has(purpose) ? exchange : undefined;
    return;
  }
  if ((m = METADATA_OK.exec(t))) {
    if (recentOkExchange(st, 'webticket-metadata')) return; // its dump / code line already said so
    emit(st, r, { kind: 'http.exchange', data: { url: m[1] as string, purpose: 'webticket-metadata', outcome: 'ok', status: 200 } });
    return;
  }
  if (ADFS_MFA.test(t)) {
    emit(st, r, {
      kind: 'webticket.result',
      data: { stage: 'webticket', outcome: 'failed', mfaSuspected: true, detail: 'ADFS authentication failed - assuming Multi-Factor Authentication (MFA)' },
    });
    return;
  }
  if ((m = GOT_TICKET.exec(t))) {
    emit(st, r, { kind: 'webticket.result', data: { stage: 'webticket', url: m[1] as string, outcome: 'issued' } });
    return;
  }
  if ((m = CERT_ADDED.exec(t))) {
    emit(st, r, { kind: 'webticket.result', data: { stage: 'certificate', outcome: 'issued', detail: `certificate for target '${m[1] as string}'`, ...(st.stsUri ? { url: st.stsUri } : {}) } });
    return;
  }
  if (REALM_OK.test(t)) {
    if (recentOkExchange(st, 'realm')) return;
    emit(st, r, { kind: 'http.exchange', data: { url: 'https://login.microsoftonline.com/getuserrealm.srf', purpose: 'realm', outcome: 'ok' } });
    return;
  }
  if ((m = REALM_ADFS.exec(t))) {
    st.sipeHosts.add(safeHostOf(m[1] as string));
    return;
  }
  if ((m = CERTPROV_URI.exec(t))) {
    st.stsUri = m[1] as string;
    return;
  }
  if ((m = HTTP_AUTH_FAILED.exec(t)) || (m = BASIC_FAILED.exec(t))) {
    const url = st.lastHttpUrl ?? '';
    emit(st, r, { kind: 'http.exchange', data: { url, purpose: httpPurpose(url), outcome: 'http-error', status: 401 } });
  }
}

export function recognizeHttpDump(r: LogRecord, dump: AssembledDump, st: LogState): void {
  if (dump.protocol !== 'HTTP' || dump.text === undefined) return;
  const msg = parseHttpMessage(dump.text);
  if (!msg) return;
  const at = { ...(r.time ? { time: r.time } : {}), ...(r.date ? { date: r.date } : {}), lines: dump.lines };
  if (msg.type === 'request') {
    const host = headerValue(msg, 'Host');
    const target = msg.url ?? '/';
    const ep = dump.connection ? st.pointers.get(pointerKey('http', dump.connection)) : undefined;
    const scheme = ep?.port === 80 ? 'http' : 'https';
    const port = ep && ep.port !== 443 && ep.port !== 80 ? `:${ep.port}` : '';
    const url = /^https?:\/\//.test(target) ? target : `${scheme}://${host ?? ep?.host ?? 'unknown'}${port}${target.startsWith('/') ? '' : '/'}${target}`;
    st.httpRequest = { method: msg.method ?? 'GET', url };
    return;
  }
  const req = st.httpRequest;
  st.httpRequest = undefined;
  const fullUrl = req?.url ?? st.lastHttpUrl ?? '';
  // the query holds the user's name (`?login=…`); autodiscover keeps it (it is the URL SIPE tried)
  const url = /lyncdiscover/i.test(fullUrl) ? fullUrl : fullUrl.replace(/\?.*$/, '');
  const status = msg.status;
  const contentType = headerValue(msg, 'Content-Type');
  if (/lyncdiscover/i.test(url)) {
    const webTicketUrl = headerValue(msg, 'X-MS-WebTicketURL');
    const base = {
      url,
      ...(status !== undefined ? { status } : {}),
      ...(contentType ? { contentType } : {}),
      ...(webTicketUrl ? { webTicketUrl } : {}),
    };
    if (status !== 200) {
      // 401 with a web-ticket URL is the normal first answer of the User URL
      emit(st, at, { kind: 'autodiscover.response', data: { ...base, outcome: status === 401 && webTicketUrl ? 'ok' : 'unusable', ...(status === 401 && webTicketUrl ? {} : { problem: `HTTP ${status ?? '?'}` }) } });
      return;
    }
    const doc = parseAutodiscoverResponse(msg.body, contentType);
    if (isAutodiscoverProblem(doc) || !doc.acceptedBySipe) {
      const problem = isAutodiscoverProblem(doc) ? doc.problem : `Content-Type ${contentType ?? '(none)'} is not the one SIPE accepts`;
      emit(st, at, { kind: 'autodiscover.response', data: { ...base, outcome: 'unusable', problem } });
      return;
    }
    emit(st, at, {
      kind: 'autodiscover.response',
      data: {
        ...base,
        outcome: 'ok',
        ...(doc.redirect ? { redirect: doc.redirect } : {}),
        ...(doc.user ? { userLink: doc.user } : {}),
        ...(doc.accessLocation ? { accessLocation: doc.accessLocation } : {}),
        ...(doc.sipInternal ? { sipInternal: `${doc.sipInternal.fqdn}:${doc.sipInternal.port}` } : {}),
        ...(doc.sipExternal ? { sipExternal: `${doc.sipExternal.fqdn}:${doc.sipExternal.port}` } : {}),
      },
    });
    return;
  }
  const fault = soapFaultText(msg.body);
  const diags = headerValues(msg, 'X-Ms-diagnostics').flatMap((v) => parseXMsDiagnostics(v))
    .map(({ fault: _f, ...d }) => d);
  const schemes = headerValues(msg, 'WWW-Authenticate').flatMap((v) => parseChallenges(v).map((c) => c.scheme));
  st.lastHttpDumpExchange = emit(st, at, {
    kind: 'http.exchange',
    data: {
      url,
      purpose: httpPurpose(url),
      outcome: outcomeOf(status, fault),
      ...(req ? { method: req.method } : {}),
      ...(status !== undefined ? { status } : {}),
      ...(fault ? { fault } : {}),
      ...(diags.length ? { msDiagnostics: diags } : {}),
      ...(schemes.length ? { authSchemes: schemes } : {}),
    },
  });
}

/** Was an ok exchange of this purpose just recorded (from a dump or a `code` line)? */
function recentOkExchange(st: LogState, purpose: HttpData['purpose']): boolean {
  for (let i = st.drafts.length - 1; i >= Math.max(0, st.drafts.length - 6); i -= 1) {
    const d = st.drafts[i];
    if (d && d.kind === 'http.exchange') return d.data.purpose === purpose && d.data.outcome === 'ok';
  }
  return false;
}

function safeHostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return url.toLowerCase();
  }
}
