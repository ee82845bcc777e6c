import type { CheckTarget } from './types.js';

export type TargetParse = { ok: true; target: CheckTarget } | { ok: false; reason: string };

/**
 * The sign-in address as SIPE validates it (sipe_core_allocate): an optional `sip:` prefix, one
 * `@`, no whitespace or control characters; the domain is the right-hand side.
 */
export function parseTarget(input: string): TargetParse {
  const raw = input.trim().replace(/^sip:/i, '');
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(raw)) return { ok: false, reason: 'contains whitespace or control characters' };
  const at = raw.indexOf('@');
  if (at <= 0 || at === raw.length - 1) return { ok: false, reason: 'is not a SIP address of the form user@domain' };
  if (raw.indexOf('@', at + 1) !== -1) return { ok: false, reason: 'contains more than one @' };
  const user = raw.slice(0, at);
  const domain = raw.slice(at + 1).toLowerCase().replace(/\.$/, '');
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*$/i.test(domain)) return { ok: false, reason: `has an invalid domain "${domain}"` };
  return { ok: true, target: { address: `${user}@${domain}`, user, domain } };
}

/** `host[:port]` of SIPE's Server[:Port] field (split at the first `:`; `[v6]:port` accepted). */
export function parseServerSetting(value: string): { host: string; port?: number } | undefined {
  const v = value.trim();
  if (!v) return undefined;
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(v);
  if (bracket) return withPort(bracket[1]!, bracket[2]);
  const i = v.indexOf(':');
  if (i === -1) return { host: v.toLowerCase() };
  return withPort(v.slice(0, i).toLowerCase(), v.slice(i + 1));
}

function withPort(host: string, port: string | undefined): { host: string; port?: number } | undefined {
  if (!host) return undefined;
  if (port === undefined || port === '') return { host };
  const n = Number(port);
  if (!Number.isInteger(n) || n < 0 || n > 65535) return undefined;
  // SIPE treats port 0 as "default port"
  return n === 0 ? { host } : { host, port: n };
}

export function isIpLiteral(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':');
}
