/** Host-name helpers shared by DNS, TLS and retired-service rules. */

export function hostOfUrl(url: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(\[[^\]]+\]|[^/:?#]+)/i.exec(url.trim());
  return m?.[1]?.toLowerCase();
}

export function normalizeHost(host: string): string {
  return host.trim().replace(/\.$/, '').toLowerCase();
}

export function isIpLiteral(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':') || host.startsWith('[');
}

/** host is the domain itself or below it */
export function inDomain(host: string, domain: string): boolean {
  const h = normalizeHost(host);
  const d = normalizeHost(domain);
  return h === d || h.endsWith(`.${d}`);
}

const ONLINE = /(^|\.)(online\.lync\.com|infra\.lync\.com)$/i;
export function isSfbOnlineHost(host: string): boolean {
  return ONLINE.test(normalizeHost(host));
}

/** Every `*.online.lync.com` / `*.infra.lync.com` host named in free text (URLs, fault text). */
export function sfbOnlineHostsIn(text: string): string[] {
  return [...text.matchAll(/[a-z0-9.-]*\b(?:online|infra)\.lync\.com\b/gi)].map((m) => normalizeHost(m[0]));
}

/** Does a certificate name (possibly `*.x`) cover host? */
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

/** `host[:port]` → host (IPv6 in brackets kept bare) */
export function splitHostPortSafe(value: string): string {
  const s = value.trim();
  const b = /^\[([^\]]+)\]/.exec(s);
  if (b) return (b[1] ?? '').toLowerCase();
  const parts = s.split(':');
  return (parts.length === 2 ? parts[0] ?? s : s).toLowerCase();
}
