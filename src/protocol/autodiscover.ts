/**
 * Lync autodiscover answers: the XML form SIPE requests
 * (`application/vnd.microsoft.rtc.autodiscover+xml`) and the JSON form UCWA clients get. The
 * builders produce the documents the lab serves, so lab and parser agree. Pure; never throws.
 */
import { asArray, attr, child, children, isWellFormedXml, parseXml } from './xml.js';

export const AUTODISCOVER_XML_TYPE = 'application/vnd.microsoft.rtc.autodiscover+xml';
export const AUTODISCOVER_JSON_TYPE = 'application/vnd.microsoft.rtc.autodiscover+json';

export interface SipAccess {
  fqdn: string;
  port: number;
}

export interface AutodiscoverDocument {
  format: 'xml' | 'json';
  /** Root/Link or User/Link `Redirect` (JSON `_links.redirect`): the next URL to GET */
  redirect?: string;
  /** Root/Link `User` (JSON `_links.user`): the authenticated User URL */
  user?: string;
  /** the User/Link `Redirect` alone, when the User element redirects (SIPE treats it as a User URL) */
  userRedirect?: string;
  /** root attribute `AccessLocation` (`Internal` / `External`) */
  accessLocation?: string;
  /** User/SipClientInternalAccess */
  sipInternal?: SipAccess;
  /** User/SipClientExternalAccess */
  sipExternal?: SipAccess;
  /**
   * SIP servers in the order SIPE tries them: internal first, only the side named by
   * AccessLocation when it is set, port 0 entries dropped.
   */
  sipServers: readonly (SipAccess & { location: 'internal' | 'external' })[];
  /** true when the answer has a User element (XML) — the document of the User URL */
  hasUser: boolean;
  /** every Link token → href (Root links, then User links; JSON `_links` names) */
  links: Readonly<Record<string, string>>;
  /** the Content-Type starts with the XML autodiscover type, the only one SIPE accepts */
  acceptedBySipe: boolean;
}

export interface AutodiscoverProblem {
  format: 'xml' | 'json' | 'html' | 'empty' | 'unknown';
  /** why the answer cannot be used, e.g. an HTML page from a proxy */
  problem: string;
  acceptedBySipe: boolean;
}

export type AutodiscoverResult = AutodiscoverDocument | AutodiscoverProblem;

export function isAutodiscoverProblem(r: AutodiscoverResult): r is AutodiscoverProblem {
  return 'problem' in r;
}

function sipeAccepts(contentType: string | undefined): boolean {
  return (contentType ?? '').trim().toLowerCase().startsWith(AUTODISCOVER_XML_TYPE);
}

function access(node: unknown): SipAccess | undefined {
  const fqdn = attr(node, 'fqdn')?.trim();
  const portText = attr(node, 'port')?.trim();
  if (!fqdn) return undefined;
  const port = portText !== undefined && /^\d{1,5}$/.test(portText) ? Number(portText) : 0;
  return { fqdn, port };
}

function orderServers(
  accessLocation: string | undefined, internal: SipAccess | undefined, external: SipAccess | undefined,
): (SipAccess & { location: 'internal' | 'external' })[] {
  const loc = accessLocation?.toLowerCase();
  const out: (SipAccess & { location: 'internal' | 'external' })[] = [];
  if (internal && internal.port !== 0 && loc !== 'external') out.push({ ...internal, location: 'internal' });
  if (external && external.port !== 0 && loc !== 'internal') out.push({ ...external, location: 'external' });
  return out;
}

function linkMap(node: unknown, into: Record<string, string>): void {
  for (const l of children(node, 'Link')) {
    const token = attr(l, 'token');
    const href = attr(l, 'href');
    if (token !== undefined && href !== undefined && !Object.prototype.hasOwnProperty.call(into, token)) into[token] = href;
  }
}

function findToken(links: Record<string, string>, token: string): string | undefined {
  const key = Object.keys(links).find((k) => k.toLowerCase() === token.toLowerCase());
  return key === undefined ? undefined : links[key];
}

function parseXmlAnswer(body: string, accepted: boolean): AutodiscoverResult {
  if (!isWellFormedXml(body)) return { format: 'xml', problem: 'malformed XML', acceptedBySipe: accepted };
  const doc = parseXml(body);
  const root = doc === undefined ? undefined : child(doc, 'AutodiscoverResponse');
  if (root === undefined || typeof root !== 'object') {
    const name = doc ? Object.keys(doc).find((k) => !k.startsWith('?') && !k.startsWith('#')) : undefined;
    return { format: 'xml', problem: `not an AutodiscoverResponse document (root element ${name ?? 'missing'})`, acceptedBySipe: accepted };
  }
  const links: Record<string, string> = {};
  const rootEl = child(root, 'Root');
  linkMap(rootEl, links);
  const userEl = child(root, 'User');
  linkMap(userEl, links);
  const rootLinks: Record<string, string> = {};
  linkMap(rootEl, rootLinks);
  const userLinks: Record<string, string> = {};
  linkMap(userEl, userLinks);

  const out: AutodiscoverDocument = {
    format: 'xml', sipServers: [], hasUser: userEl !== undefined, links, acceptedBySipe: accepted,
  };
  const redirect = findToken(rootLinks, 'Redirect') ?? findToken(userLinks, 'Redirect');
  if (redirect !== undefined) out.redirect = redirect;
  const userRedirect = findToken(userLinks, 'Redirect');
  if (userRedirect !== undefined) out.userRedirect = userRedirect;
  const user = findToken(rootLinks, 'User');
  if (user !== undefined) out.user = user;
  const loc = attr(root, 'AccessLocation');
  if (loc !== undefined) out.accessLocation = loc;
  const internal = access(child(userEl, 'SipClientInternalAccess'));
  if (internal) out.sipInternal = internal;
  const external = access(child(userEl, 'SipClientExternalAccess'));
  if (external) out.sipExternal = external;
  out.sipServers = orderServers(loc, internal, external);
  if (out.redirect === undefined && out.user === undefined && out.sipServers.length === 0 && !out.hasUser && rootEl === undefined) {
    return { format: 'xml', problem: 'AutodiscoverResponse without Root or User element', acceptedBySipe: accepted };
  }
  return out;
}

function parseJsonAnswer(body: string, accepted: boolean): AutodiscoverResult {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return { format: 'json', problem: 'malformed JSON', acceptedBySipe: accepted };
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    return { format: 'json', problem: 'JSON answer is not an object', acceptedBySipe: accepted };
  }
  const obj = doc as Record<string, unknown>;
  const linksNode = obj['_links'];
  const links: Record<string, string> = {};
  if (linksNode && typeof linksNode === 'object' && !Array.isArray(linksNode)) {
    for (const [k, v] of Object.entries(linksNode as Record<string, unknown>)) {
      const first = asArray(v)[0];
      const href = first && typeof first === 'object' ? (first as Record<string, unknown>)['href'] : undefined;
      if (typeof href === 'string') links[k] = href;
    }
  }
  const pick = (name: string): unknown => {
    const k = Object.keys(obj).find((x) => x.toLowerCase() === name.toLowerCase());
    return k === undefined ? undefined : obj[k];
  };
  const jsonAccess = (v: unknown): SipAccess | undefined => {
    if (!v || typeof v !== 'object') return undefined;
    const r = v as Record<string, unknown>;
    const fqdn = r['fqdn'] ?? r['Fqdn'];
    const port = r['port'] ?? r['Port'];
    if (typeof fqdn !== 'string' || fqdn === '') return undefined;
    const p = typeof port === 'number' ? port : typeof port === 'string' && /^\d{1,5}$/.test(port) ? Number(port) : 0;
    return { fqdn, port: p };
  };
  const out: AutodiscoverDocument = { format: 'json', sipServers: [], hasUser: false, links, acceptedBySipe: accepted };
  const redirect = findToken(links, 'redirect');
  if (redirect !== undefined) out.redirect = redirect;
  const user = findToken(links, 'user');
  if (user !== undefined) out.user = user;
  const loc = pick('AccessLocation');
  if (typeof loc === 'string') out.accessLocation = loc;
  const internal = jsonAccess(pick('SipClientInternalAccess'));
  if (internal) out.sipInternal = internal;
  const external = jsonAccess(pick('SipClientExternalAccess'));
  if (external) out.sipExternal = external;
  out.hasUser = internal !== undefined || external !== undefined;
  out.sipServers = orderServers(out.accessLocation, internal, external);
  if (Object.keys(links).length === 0 && !out.hasUser) {
    return { format: 'json', problem: 'JSON answer without _links', acceptedBySipe: accepted };
  }
  return out;
}

/**
 * Decode one autodiscover answer. The Content-Type decides the format when it names one;
 * otherwise the body is sniffed. HTML pages (captive portals, proxy errors, IIS 401 pages) and
 * empty bodies come back as problems.
 */
export function parseAutodiscoverResponse(body: string, contentType?: string): AutodiscoverResult {
  const accepted = sipeAccepts(contentType);
  const text = typeof body === 'string' ? body.replace(/^\uFEFF/, '') : '';
  const ct = (contentType ?? '').toLowerCase();
  const head = text.trimStart().slice(0, 512).toLowerCase();
  if (text.trim() === '') return { format: 'empty', problem: 'empty body', acceptedBySipe: accepted };
  if (ct.includes('html') || head.startsWith('<!doctype html') || head.startsWith('<html') || /^<\?xml[^>]*>\s*<html/.test(head)) {
    return { format: 'html', problem: `HTML page instead of an autodiscover document${contentType ? ` (Content-Type ${contentType})` : ''}`, acceptedBySipe: accepted };
  }
  const isJson = ct.includes('json') || (!ct.includes('xml') && /^[{[]/.test(head));
  const isXml = ct.includes('xml') || head.startsWith('<');
  if (isJson) return parseJsonAnswer(text, accepted);
  if (isXml) return parseXmlAnswer(text, accepted);
  return { format: 'unknown', problem: `neither XML nor JSON${contentType ? ` (Content-Type ${contentType})` : ''}`, acceptedBySipe: accepted };
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface AutodiscoverXmlSpec {
  /** root attribute, e.g. `Internal` / `External` */
  accessLocation?: string;
  /** Root/Link entries (token → href), e.g. `{Redirect: url}` or `{User: url, Domain: url, Self: url}` */
  root?: Readonly<Record<string, string>>;
  /** a User element */
  user?: {
    sipInternal?: SipAccess;
    sipExternal?: SipAccess;
    /** User/Link entries, e.g. `{Redirect: url}` or `{'External/Ucwa': url}` */
    links?: Readonly<Record<string, string>>;
  };
}

/** An XML autodiscover document (serve it with Content-Type AUTODISCOVER_XML_TYPE). */
export function buildAutodiscoverXml(spec: AutodiscoverXmlSpec): string {
  const lines: string[] = ['<?xml version="1.0" encoding="utf-8"?>'];
  const loc = spec.accessLocation !== undefined ? ` AccessLocation="${escapeAttr(spec.accessLocation)}"` : '';
  lines.push(`<AutodiscoverResponse xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"${loc}>`);
  const link = (token: string, href: string): string => `    <Link token="${escapeAttr(token)}" href="${escapeAttr(href)}" />`;
  if (spec.root) {
    lines.push('  <Root>');
    for (const [t, h] of Object.entries(spec.root)) lines.push(link(t, h));
    lines.push('  </Root>');
  }
  if (spec.user) {
    lines.push('  <User>');
    const acc = (name: string, a: SipAccess | undefined): void => {
      if (a) lines.push(`    <${name} fqdn="${escapeAttr(a.fqdn)}" port="${a.port}" />`);
    };
    acc('SipServerInternalAccess', spec.user.sipInternal);
    acc('SipClientInternalAccess', spec.user.sipInternal);
    acc('SipServerExternalAccess', spec.user.sipExternal);
    acc('SipClientExternalAccess', spec.user.sipExternal);
    for (const [t, h] of Object.entries(spec.user.links ?? {})) lines.push(link(t, h));
    lines.push('  </User>');
  }
  lines.push('</AutodiscoverResponse>');
  return `${lines.join('\r\n')}\r\n`;
}

/** A JSON autodiscover document: `{"_links": {"self": {"href": …}, "user": …, "redirect": …}}`. */
export function buildAutodiscoverJson(links: Readonly<Record<string, string>>): string {
  const out: Record<string, { href: string }> = {};
  for (const [k, href] of Object.entries(links)) out[k] = { href };
  return JSON.stringify({ _links: out });
}
