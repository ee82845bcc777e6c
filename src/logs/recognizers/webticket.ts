/**
 * Web ticket / certificate provisioning / HTTP family (sipe.md §1.10–1.11, §3.3):
 *  `sipe_http_parse_uri: host 'h' port 443 path 'CertProv/CertProvisioningService.svc/mex'`
 *  `sipe_svc_https_response: code 0`, `service_metadata: metadata for service … retrieved successfully`
 *  `webticket_token: ADFS authentication failed - assuming Multi-Factor Authentication (MFA)`
 *  `webticket_token: anonymous authentication to service … failed, retrying with federated authentication`
 *  `realminfo: ADFS setup detected`, `certprov_webticket: got ticket for …`, `get_and_publish_cert: certificate for target '…' added`
 *  `initialize_auth_context: TLS-DSK Certificate Provisioning URI …`
 *  `sipe_http_request_response_unauthorized: authentication failed, throwing away context`,
 *  `… Basic authentication has failed for host '…'`
 * and HTTP message dumps: request → response pairs become http.exchange (SOAP fault → outcome `fault`).
 */
import type { HttpExchange } from '../../evidence/kinds.js';
import { parseMsDiagnostics } from '../../sip/parse.js';
import { parseChallenges } from '../../sip/parse.js';
import type { AssembledDump } from '../assemble.js';
import type { LogRecord } from '../types.js';
import { emit, type LogState } from './context.js';
import { httpHeader, httpHeaders, parseHttpDump, soapFault } from './http-dump.js';

type HttpData = HttpExchange['data'];

const PARSE_URI = /^sipe_http_parse_uri: host '([^']+)' port (\d+) path '([^']*)'/;
const SVC_CODE = /^sipe_svc_https_response: code (-?\d+)/;
const METADATA_OK = /^(?:service_metadata|webservice_metadata): metadata for service (\S+) retrieved successfully/;
const ADFS_MFA = /^webticket_token: ADFS authentication failed - assuming Multi-Factor Authentication/;
const ANON_FAILED = /^webticket_token: anonymous authentication to service (\S+) failed/;
const GOT_TICKET = /^certprov_webticket: got ticket for (\S+)/;
const CERT_ADDED = /^get_and_publish_cert: certificate for target '([^']*)' added/;
const CERTPROV_URI = /^initialize_auth_context: TLS-DSK Certificate Provisioning URI (\S+)/;
const HTTP_AUTH_FAILED = /^sipe_http_request_response_unauthorized: (authentication failed, throwing away context|expected authentication scheme \S+ not found|only Basic, NTLM and Negotiate authentication schemes are supported)/;
const BASIC_FAILED = /Basic authentication has failed for host '([^']+)'/;

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

export function recognizeWebTicket(r: LogRecord, st: LogState): void {
  if (r.category !== 'sipe') return;
  const t = r.text;
  let m = PARSE_URI.exec(t);
  if (m) {
    const port = m[2] as string;
    const scheme = port === '80' ? 'http' : 'https';
    const path = (m[3] as string).replace(/^\//, '');
    st.lastHttpUrl = `${scheme}://${m[1] as string}${port === '443' || port === '80' ? '' : `:${port}`}/${path}`;
    return;
  }
  if ((m = SVC_CODE.exec(t))) {
    const code = Number(m[1]);
    // the response dump right before already made this exchange
    const fromDump = st.lastHttpDumpExchange;
    st.lastHttpDumpExchange = undefined;
    if (fromDump && fromDump.kind === 'http.exchange' && fromDump.data.status === code) return;
    const url = st.lastHttpUrl ?? st.stsUri ?? '';
    emit(st, r, {
      kind: 'http.exchange',
      data: { url, purpose: httpPurpose(url), outcome: outcomeOf(code > 0 ? code : undefined, undefined), ...(code > 0 ? { status: code } : {}) },
    });
    return;
  }
  if ((m = METADATA_OK.exec(t))) {
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
  if ((m = ANON_FAILED.exec(t))) {
    emit(st, r, { kind: 'http.exchange', data: { url: m[1] as string, purpose: 'webticket', outcome: 'http-error', authSchemes: ['negotiate'] } });
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
  const msg = parseHttpDump(dump.text);
  if (!msg) return;
  if (msg.type === 'request') {
    const host = httpHeader(msg, 'Host');
    const target = msg.target ?? '/';
    const ep = dump.connection ? st.pointers.get(dump.connection) : undefined;
    const url = /^https?:\/\//.test(target) ? target
      : `${ep?.port === 80 ? 'http' : 'https'}://${host ?? ep?.host ?? 'unknown'}${ep && ep.port !== 443 && ep.port !== 80 ? `:${ep.port}` : ''}${target.startsWith('/') ? '' : '/'}${target}`;
    st.httpRequest = { method: msg.method ?? 'GET', url };
    return;
  }
  const req = st.httpRequest;
  st.httpRequest = undefined;
  const url = req?.url ?? st.lastHttpUrl ?? '';
  const status = msg.status;
  const fault = soapFault(msg.body);
  const diags = httpHeaders(msg, 'X-Ms-diagnostics').flatMap((v) => parseMsDiagnostics(v, false));
  const schemes = httpHeaders(msg, 'WWW-Authenticate').flatMap((v) => parseChallenges(v).map((c) => c.scheme));
  const contentType = httpHeader(msg, 'Content-Type');
  if (/lyncdiscover/i.test(url)) {
    const ok = status === 200 && /application\/vnd\.microsoft\.rtc\.autodiscover\+xml/i.test(contentType ?? '');
    const webTicketUrl = httpHeader(msg, 'X-MS-WebTicketURL');
    const links = [...msg.body.matchAll(/<Link\b[^>]*token="(\w+)"[^>]*href="([^"]+)"/g)];
    const sipInt = /<SipClientInternalAccess\b[^>]*fqdn="([^"]+)"[^>]*port="(\d+)"/.exec(msg.body);
    const sipExt = /<SipClientExternalAccess\b[^>]*fqdn="([^"]+)"[^>]*port="(\d+)"/.exec(msg.body);
    const access = /AccessLocation="(\w+)"/.exec(msg.body);
    emit(st, { ...(r.time ? { time: r.time } : {}), lines: dump.lines }, {
      kind: 'autodiscover.response',
      data: {
        url,
        ...(status !== undefined ? { status } : {}),
        outcome: status === undefined ? 'error' : ok || status === 401 ? 'ok' : 'unusable',
        ...(contentType ? { contentType } : {}),
        ...(links.find((l) => l[1] === 'Redirect') ? { redirect: (links.find((l) => l[1] === 'Redirect') as RegExpMatchArray)[2] as string } : {}),
        ...(links.find((l) => l[1] === 'User') ? { userLink: (links.find((l) => l[1] === 'User') as RegExpMatchArray)[2] as string } : {}),
        ...(webTicketUrl ? { webTicketUrl } : {}),
        ...(access ? { accessLocation: access[1] as string } : {}),
        ...(sipInt ? { sipInternal: `${sipInt[1] as string}:${sipInt[2] as string}` } : {}),
        ...(sipExt ? { sipExternal: `${sipExt[1] as string}:${sipExt[2] as string}` } : {}),
        ...(status === 200 && !ok ? { problem: `unexpected Content-Type ${contentType ?? '(none)'}` } : {}),
      },
    });
    return;
  }
  st.lastHttpDumpExchange = emit(st, { ...(r.time ? { time: r.time } : {}), lines: dump.lines }, {
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
