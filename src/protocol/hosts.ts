/**
 * Host names as SIPE, libpurple and the Microsoft services use them: normal form, IP literals,
 * `host:port` strings, URLs, the Skype for Business Online host names and certificate name
 * matching. Pure; never throws.
 */

/** Lower case, no trailing dot: DNS names compare case-insensitively. */
export function normalizeHost(host: string): string {
  return host.trim().replace(/\.$/, '').toLowerCase();
}

/**
 * `127.0.0.1`, `::1`, `[::1]`: an address, not a name (no DNS lookup, no SNI). A colon can only be
 * in an IPv6 literal, since port suffixes are split off before this question is asked.
 */
export function isIpLiteral(host: string): boolean {
  return /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host) || host.includes(':') || host.startsWith('[');
}

/**
 * `host[:port]` of a registrar, a Contact or a `Server[:Port]` value: the host as written and a port
 * 1–65535 when one is given. `[v6]:port` and a bare IPv6 literal (several colons) are understood.
 */
export function splitHostPort(value: string): { host: string; port?: number } {
  const s = value.trim();
  const bracket = /^\[([^\]]*)\](?::(\d+))?/.exec(s);
  if (bracket) return withPort(bracket[1] ?? '', bracket[2]);
  const colon = s.indexOf(':');
  if (colon < 0) return { host: s };
  if (s.indexOf(':', colon + 1) >= 0) return { host: s };
  return withPort(s.slice(0, colon), s.slice(colon + 1));
}

function withPort(host: string, port: string | undefined): { host: string; port?: number } {
  const n = port !== undefined && /^\d{1,5}$/.test(port) ? Number(port) : 0;
  return n > 0 && n <= 65535 ? { host, port: n } : { host };
}

/** The normalised host of a `host[:port]` string. */
export function hostOf(value: string): string {
  return normalizeHost(splitHostPort(value).host);
}

/** `https://Host:443/path` → `host` (IPv6 kept in brackets); undefined when it is not an absolute URL. */
export function hostOfUrl(url: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(\[[^\]]+\]|[^/:?#]+)/i.exec(url.trim());
  return m?.[1]?.toLowerCase();
}

/** `https://Host/path` → `host:443`: the URL's host with its port, the scheme's default when none is written. */
export function hostPortOfUrl(url: string): string | undefined {
  const host = hostOfUrl(url);
  if (host === undefined) return undefined;
  const port = /^[a-z][a-z0-9+.-]*:\/\/(?:\[[^\]]+\]|[^/:?#]+):(\d+)/i.exec(url.trim())?.[1];
  return `${host}:${port ?? (/^https:/i.test(url.trim()) ? '443' : '80')}`;
}

/** host is the domain itself or below it */
export function inDomain(host: string, domain: string): boolean {
  const h = normalizeHost(host);
  const d = normalizeHost(domain);
  return h === d || h.endsWith(`.${d}`);
}

/** Skype for Business Online's own host names (`sipdir.online.lync.com`, `*.infra.lync.com`). */
const ONLINE = /(^|\.)(online\.lync\.com|infra\.lync\.com)$/i;

export function isSfbOnlineHost(host: string): boolean {
  return ONLINE.test(normalizeHost(host));
}

/** Every `*.online.lync.com` / `*.infra.lync.com` host named in free text (URLs, fault text). */
export function sfbOnlineHostsIn(text: string): string[] {
  return [...text.matchAll(/[a-z0-9.-]*\b(?:online|infra)\.lync\.com\b/gi)].map((m) => normalizeHost(m[0]));
}

/** Does a certificate name (possibly `*.x`, one label deep) cover host? */
export function certNameCovers(name: string, host: string): boolean {
  const n = normalizeHost(name);
  const h = normalizeHost(host);
  if (n === h) return true;
  if (n.startsWith('*.')) {
    const rest = n.slice(2);
    const dot = h.indexOf('.');
    return dot > 0 && h.slice(dot + 1) === rest;
  }
  return false;
}

/** `CN=sip.corp.example, O=…` → `sip.corp.example` */
export function commonName(subject: string | undefined): string | undefined {
  const m = /(?:^|[,/]\s*)CN=([^,/]+)/i.exec(subject ?? '');
  return m?.[1]?.trim();
}
