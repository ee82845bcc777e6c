/**
 * Lync autodiscover as SIPE 1.25 runs it: an `http` and an `https` chain walk
 * LyncDiscoverInternal then LyncDiscover in lock-step; inside a chain, Root `Redirect` / `User`
 * links and `User/Link` Redirect are followed; HTTP 3xx is never followed; a 200 counts only with
 * the autodiscover content type. The first chain that reaches a User element wins. No credentials
 * are ever sent: where SIPE would fetch a web ticket (401 + X-MS-WebTicketURL) we note it and move on.
 * A server named by a chain with a hop over plain HTTP is marked unverified (credentials never
 * follow it) unless the HTTPS chain, whose every hop verified, names the same server.
 */
import type { Draft } from '../evidence/kinds.js';
import { isAutodiscoverProblem, parseAutodiscoverResponse, type AutodiscoverDocument } from '../protocol/autodiscover.js';
import { autodiscoverUrls } from '../protocol/discovery.js';
import { errText } from './dns.js';
import { errorCode, isDnsError, isTlsError, netOutcomeOf } from './net-errors.js';
import { requestWithin } from './http-request.js';
import { reportProxyFailure } from './proxy.js';
import type { ProbeContext } from './types.js';

export const AUTODISCOVER_ACCEPT = 'application/vnd.microsoft.rtc.autodiscover+xml;v=1';
const CONTENT_TYPE_PREFIX = 'application/vnd.microsoft.rtc.autodiscover+xml';
const MAX_HOPS = 8;
const MAX_BODY = 256 * 1024;

export interface AutodiscoverServer {
  host: string;
  port: number;
  access: 'internal' | 'external';
  /** named by a chain with a hop over plain HTTP, and no verified (HTTPS) chain named it too */
  unverifiedSource?: string;
}

export interface AutodiscoverResult {
  /** one per request, in the order the requests were sent */
  responses: Draft<'autodiscover.response'>[];
  /** undefined when no chain reached a User element (SIPE: "no Lync Autodiscover servers found") */
  servers?: AutodiscoverServer[];
  /** the URL whose answer held the User element */
  winnerUrl?: string;
  /** web ticket URLs SIPE would have used (check does not fetch web tickets) */
  webTicketUrls: string[];
}

interface Hop {
  next?: { url: string; isUserLink: boolean };
  servers?: AutodiscoverServer[];
}

export async function runAutodiscover(
  ctx: ProbeContext,
  o: { domain: string; address: string; userAgent: string },
): Promise<AutodiscoverResult> {
  // Both stages start at once (their first URLs do not depend on each other); the decision is
  // still SIPE's: stage 1 (LyncDiscover) counts only when stage 0 (LyncDiscoverInternal) failed.
  const later = new AbortController();
  const first = runStage(ctx, o, 0, new AbortController().signal);
  const second = runStage(ctx, o, 1, later.signal);
  const s0 = await first;
  const out: AutodiscoverResult = { responses: [...s0.responses], webTicketUrls: [...s0.webTicketUrls] };
  if (s0.servers) {
    later.abort();
    await second; // settle its sockets; its answers are not on SIPE's path
    return { ...out, servers: s0.servers, ...(s0.winnerUrl ? { winnerUrl: s0.winnerUrl } : {}) };
  }
  const s1 = await second;
  out.responses.push(...s1.responses);
  out.webTicketUrls.push(...s1.webTicketUrls);
  return s1.servers ? { ...out, servers: s1.servers, ...(s1.winnerUrl ? { winnerUrl: s1.winnerUrl } : {}) } : out;
}

/** One lock-step stage: the http and https chains for the same URL; the first to reach a User element wins. */
async function runStage(
  ctx: ProbeContext,
  o: { domain: string; address: string; userAgent: string },
  stage: number,
  stageSignal: AbortSignal,
): Promise<AutodiscoverResult> {
  const out: AutodiscoverResult = { responses: [], webTicketUrls: [] };
  const slots: (Draft<'autodiscover.response'> | undefined)[] = [];
  const controllers = { http: new AbortController(), https: new AbortController() };
  const onStageAbort = (): void => {
    controllers.http.abort();
    controllers.https.abort();
  };
  stageSignal.addEventListener('abort', onStageAbort, { once: true });
  let won = false;
  let winnerPlainHop: string | undefined;
  const verified = new Set<string>();
  const walk = async (scheme: 'http' | 'https'): Promise<void> => {
    let url: string | undefined = autodiscoverUrls(o.domain, o.address, scheme)[stage]!;
    let isUserLink = false;
    /** the first URL of this chain fetched over plain HTTP (everything after it is unverified) */
    let plainHop: string | undefined;
    for (let hop = 0; url && hop < MAX_HOPS && !ctx.signal.aborted; hop++) {
      if (!plainHop && /^http:/i.test(url)) plainHop = url;
      const slot = slots.length;
      slots.push(undefined);
      const { draft, result } = await request(ctx, url, isUserLink, hop > 0, o.userAgent, controllers[scheme].signal);
      if (controllers[scheme].signal.aborted) return; // another chain won, or this stage is off SIPE's path
      // after the other chain won, this one only vouches for its servers: not on SIPE's path, not evidence
      const vouching = won;
      if (!vouching) slots[slot] = draft;
      if (draft.data.webTicketUrl && !vouching) out.webTicketUrls.push(draft.data.webTicketUrl);
      if (result.servers) {
        if (!plainHop) for (const sv of result.servers) verified.add(`${sv.host}:${sv.port}`);
        if (!won) {
          won = true;
          out.servers = result.servers;
          out.winnerUrl = url;
          winnerPlainHop = plainHop;
          // a verified winner ends the plain chain; a plain winner lets the HTTPS chain finish, to vouch for its servers
          if (!plainHop) controllers[scheme === 'http' ? 'https' : 'http'].abort();
        }
        return;
      }
      url = result.next?.url;
      isUserLink = result.next?.isUserLink ?? false;
    }
  };
  await Promise.all([walk('http'), walk('https')]);
  stageSignal.removeEventListener('abort', onStageAbort);
  if (out.servers && winnerPlainHop) {
    const why = `named by an autodiscover answer reached over plain HTTP (${winnerPlainHop}), and no HTTPS answer named it`;
    out.servers = out.servers.map((sv) => (verified.has(`${sv.host}:${sv.port}`) ? sv : { ...sv, unverifiedSource: why }));
  }
  out.responses = slots.filter((d): d is Draft<'autodiscover.response'> => d !== undefined);
  return out;
}

async function request(
  ctx: ProbeContext,
  url: string,
  isUserLink: boolean,
  /** reached through a Redirect/User link (a broken link makes the previous answer unusable) */
  followed: boolean,
  userAgent: string,
  chainSignal: AbortSignal,
): Promise<{ draft: Draft<'autodiscover.response'>; result: Hop }> {
  const at = (): string => ctx.now().toISOString();
  const base = (data: Omit<Draft<'autodiscover.response'>['data'], 'url'>): Draft<'autodiscover.response'> => ({
    kind: 'autodiscover.response',
    at: at(),
    data: { url, ...data },
  });
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { draft: base({ outcome: 'unusable', problem: 'link is not a valid URL' }), result: {} };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { draft: base({ outcome: 'unusable', problem: `unsupported URL scheme ${parsed.protocol}` }), result: {} };
  }
  const step = `autodiscover GET ${url}`;
  ctx.progress({ phase: 'start', step });
  const signal = AbortSignal.any([ctx.opSignal(), chainSignal]);
  let status: number;
  let headers: Record<string, string | string[] | undefined>;
  let body = '';
  try {
    const res = await requestWithin(ctx.net.http, {
      origin: parsed.origin,
      path: `${parsed.pathname}${parsed.search}`,
      method: 'GET',
      headers: { accept: AUTODISCOVER_ACCEPT, 'user-agent': userAgent },
      signal,
    });
    status = res.statusCode;
    headers = res.headers;
    body = await readCapped(res.body as AsyncIterable<Uint8Array> & { destroy?: () => void }, MAX_BODY);
  } catch (e) {
    reportProxyFailure(ctx, e);
    const code = errorCode(e);
    const timedOut = signal.aborted && !chainSignal.aborted;
    let draft: Draft<'autodiscover.response'>;
    if (isTlsError(code)) draft = base({ outcome: 'tls-failed', problem: `TLS: ${code}` });
    else if (isDnsError(code)) {
      draft = followed
        ? base({ outcome: 'unusable', problem: `the link points at ${parsed.hostname}, which does not resolve (broken Redirect/User link)` })
        : base({ outcome: 'error', problem: `${parsed.hostname} does not resolve` });
    }
    else draft = base({ outcome: netOutcomeOf(e, timedOut), problem: errText(e) });
    ctx.progress({ phase: 'done', step, detail: draft.data.problem ?? draft.data.outcome, ok: false });
    return { draft, result: {} };
  }
  const contentType = header(headers, 'content-type');
  const webTicketUrl = header(headers, 'x-ms-webticketurl');
  const data: Omit<Draft<'autodiscover.response'>['data'], 'url'> = {
    status,
    outcome: 'ok',
    ...(contentType ? { contentType } : {}),
  };
  const done = (d: typeof data, result: Hop, ok: boolean): { draft: Draft<'autodiscover.response'>; result: Hop } => {
    ctx.progress({ phase: 'done', step, detail: `${status}${d.problem ? ` — ${d.problem}` : ''}`, ok });
    return { draft: base(d), result };
  };

  if (status >= 300 && status < 400) {
    const location = header(headers, 'location');
    return done({ ...data, outcome: 'unusable', problem: `HTTP ${status} redirect${location ? ` to ${location}` : ''}: SIPE does not follow HTTP redirects` }, {}, false);
  }
  if (status === 401) {
    if (isUserLink && webTicketUrl) {
      return done({ ...data, webTicketUrl, problem: 'User link needs a web ticket: SIPE would fetch one from X-MS-WebTicketURL and retry (check does not send credentials here)' }, {}, false);
    }
    return done({ ...data, outcome: 'unusable', problem: isUserLink ? '401 without X-MS-WebTicketURL: SIPE cannot authenticate' : '401 on the autodiscover root' }, {}, false);
  }
  if (status !== 200) return done({ ...data, outcome: 'unusable', problem: `HTTP ${status}` }, {}, false);
  if (!contentType || !contentType.startsWith(CONTENT_TYPE_PREFIX)) {
    return done({ ...data, outcome: 'unusable', problem: `content type ${contentType ?? '(none)'} is not ${CONTENT_TYPE_PREFIX} (SIPE skips it)` }, {}, false);
  }
  const doc = parseAutodiscoverResponse(body, contentType);
  if (isAutodiscoverProblem(doc) || doc.format !== 'xml') {
    return done({ ...data, outcome: 'unusable', problem: `body is not an autodiscover XML document${isAutodiscoverProblem(doc) ? ` (${doc.problem})` : ''}` }, {}, false);
  }
  if (doc.accessLocation) data.accessLocation = doc.accessLocation;

  // Root links first (a Redirect, else the User URL), then the User element's own Redirect
  const rootRedirect = doc.redirect !== undefined && doc.redirect !== doc.userRedirect ? doc.redirect : undefined;
  if (rootRedirect !== undefined) {
    data.redirect = rootRedirect;
    return done(data, { next: { url: rootRedirect, isUserLink: false } }, true);
  }
  if (doc.user !== undefined) {
    data.userLink = doc.user;
    return done(data, { next: { url: doc.user, isUserLink: true } }, true);
  }
  if (doc.hasUser) {
    if (doc.userRedirect !== undefined) {
      data.redirect = doc.userRedirect;
      return done(data, { next: { url: doc.userRedirect, isUserLink: true } }, true);
    }
    // SIPE ignores entries with port 0
    if (doc.sipInternal && doc.sipInternal.port > 0) data.sipInternal = `${doc.sipInternal.fqdn}:${doc.sipInternal.port}`;
    if (doc.sipExternal && doc.sipExternal.port > 0) data.sipExternal = `${doc.sipExternal.fqdn}:${doc.sipExternal.port}`;
    const servers = autodiscoverServers(doc);
    if (!servers.length) data.problem = 'User element lists no SipClientInternalAccess / SipClientExternalAccess server';
    return done(data, { servers }, servers.length > 0);
  }
  return done({ ...data, outcome: 'unusable', problem: 'answer has neither a Redirect/User link nor a User element' }, {}, false);
}

function header(h: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

async function readCapped(body: AsyncIterable<Uint8Array> & { destroy?: () => void }, cap: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= cap) {
      body.destroy?.();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The SIP servers SIPE takes from a User element, in its order (internal first, AccessLocation restricting). */
export function autodiscoverServers(doc: AutodiscoverDocument): { host: string; port: number; access: 'internal' | 'external' }[] {
  return doc.sipServers.map((x) => ({ host: x.fqdn.toLowerCase(), port: x.port, access: x.location }));
}
