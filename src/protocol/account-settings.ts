/**
 * SIPE 1.25's account settings as SIPE itself reads them: the `Username,Login` account name, the
 * sign-in address validation of `sipe_core_allocate`, the Login forms the authentication
 * mechanisms understand, `Server[:Port]`, and the `transport` / `authentication` values. Used by the
 * accounts.xml reader, the log analyzer, `check` and the rules alike. Pure.
 */
import type { AuthScheme, Transport } from '../evidence/kinds.js';
import { normalizeHost } from './hosts.js';

/** Split Pidgin's account `<name>` (`Username[,Login]`) at the FIRST comma, as SIPE does. */
export function splitAccountName(name: string): { username: string; login: string } {
  const comma = name.indexOf(',');
  return comma < 0 ? { username: name, login: '' } : { username: name.slice(0, comma), login: name.slice(comma + 1) };
}

/**
 * The SIP domain of a Username: the part after the last `@`, lower case; undefined when there is no
 * user part or no domain part.
 */
export function signinDomain(username: string): string | undefined {
  const at = username.lastIndexOf('@');
  if (at <= 0 || at === username.length - 1) return undefined;
  return username.slice(at + 1).trim().toLowerCase() || undefined;
}

/** `sip:alice@Corp.Example,CORP\alice` → sign-in name (without `sip:`), Login, SIP domain. */
export function accountNameFacts(name: string): { signinName: string; login: string; domain?: string } {
  const { username, login } = splitAccountName(name);
  const signinName = username.replace(/^sip:/i, '');
  const domain = signinDomain(signinName);
  return { signinName, login, ...(domain ? { domain } : {}) };
}

/** Why SIPE's `sipe_core_allocate` refuses a Username before any network traffic. */
export type UsernameProblem = 'controlChars' | 'notSipUri' | 'whitespace';

/** The first reason SIPE refuses this Username (the part before the comma), or undefined when it accepts it. */
export function usernameProblem(name: string): UsernameProblem | undefined {
  const user = splitAccountName(name).username;
  if (/[\t\v\r\n]/.test(user)) return 'controlChars';
  if (!user.includes('@') || user.startsWith('@') || user.endsWith('@')) return 'notSipUri';
  if (user.slice(0, user.indexOf('@')).includes(' ')) return 'whitespace';
  return undefined;
}

export const USERNAME_PROBLEM_TEXT: Readonly<Record<UsernameProblem, string>> = {
  controlChars: 'contains a tab or line break',
  notSipUri: 'is not a SIP address of the form user@domain',
  whitespace: 'contains a space before the @',
};

/** The sign-in address `check` probes with: what SIPE would use, or why it cannot be probed. */
export type SigninAddress =
  | { ok: true; address: string; user: string; domain: string }
  | { ok: false; reason: string; sipeRefuses: boolean };

/**
 * Read a sign-in address as SIPE does (optional `sip:`, validated like `sipe_core_allocate`), and
 * require a domain that is a DNS name, since discovery asks DNS for it.
 */
export function parseSigninAddress(input: string): SigninAddress {
  const raw = input.trim().replace(/^sip:/i, '');
  const problem = usernameProblem(raw);
  if (problem) return { ok: false, reason: USERNAME_PROBLEM_TEXT[problem], sipeRefuses: true };
  const at = raw.lastIndexOf('@');
  const user = raw.slice(0, at);
  const domain = normalizeHost(raw.slice(at + 1));
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(raw)) return { ok: false, reason: 'contains whitespace or control characters', sipeRefuses: false };
  if (user.includes('@')) return { ok: false, reason: 'contains more than one @', sipeRefuses: false };
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*$/i.test(domain)) return { ok: false, reason: `has an invalid domain "${domain}"`, sipeRefuses: false };
  return { ok: true, address: `${user}@${domain}`, user, domain };
}

/** `DOMAIN\user`, `DOMAIN/user`, `user@realm`, or a bare `user`. */
export interface LoginParts {
  /** `DOMAIN` of `DOMAIN\user` / `DOMAIN/user` ('' when none) */
  domain: string;
  user: string;
  /** `user@realm` (a UPN or Kerberos principal) */
  realm?: string;
}

/**
 * How SIPE 1.19+ mechanisms split the Login: the first `\` or `/` separates DOMAIN
 * and account; otherwise `user@realm` names a realm; an empty Login means the Username.
 */
export function parseLogin(login: string | undefined, username: string): LoginParts {
  const l = login?.trim() || username;
  // `user\@upn.suffix` is an enterprise name: NTLM sends it with `@`, without a domain
  if (/^[^\\/]+\\@/.test(l)) return { domain: '', user: l.replace('\\@', '@'), realm: l.slice(l.indexOf('@') + 1) };
  const sep = /[\\/]/.exec(l);
  if (sep && sep.index > 0) return { domain: l.slice(0, sep.index), user: l.slice(sep.index + 1) };
  const at = l.lastIndexOf('@');
  return at > 0 ? { domain: '', user: l, realm: l.slice(at + 1) } : { domain: '', user: l };
}

/** The NTLM identity of a Login: DOMAIN and user; `user@upn` goes as the user with an empty domain. */
export function ntlmIdentity(login: string | undefined, username: string): { user: string; domain: string } {
  const { domain, user } = parseLogin(login, username);
  return { domain, user };
}

/** `alice` — no `DOMAIN\`, no `DOMAIN/`, no `@realm`. */
export function isBareLogin(login: string): boolean {
  return login !== '' && !/[\\/@]/.test(login);
}

/** `CORP\alice` from `alice@corp.example`: the usual NetBIOS guess (first label of the domain). */
export function guessDomainLogin(signinName: string | undefined, domain: string | undefined): string | undefined {
  if (!signinName?.includes('@') || !domain) return undefined;
  const user = signinName.slice(0, signinName.indexOf('@'));
  const netbios = domain.split('.')[0]?.toUpperCase();
  return user && netbios ? `${netbios}\\${user}` : undefined;
}

/**
 * `Server[:Port]` as SIPE reads it: split at the first `:` (`[v6]:port` understood); a port that is
 * not 1–65535 means the transport's default. The host is kept as written.
 */
export function readServerSetting(value: string): { host: string; port?: number } {
  const v = value.trim();
  const bracket = /^\[([^\]]*)\](?::(.*))?$/.exec(v);
  const [host, port] = bracket ? [bracket[1] ?? '', bracket[2]] : v.indexOf(':') < 0 ? [v, undefined] : [v.slice(0, v.indexOf(':')), v.slice(v.indexOf(':') + 1)];
  const n = port !== undefined && /^\d{1,5}$/.test(port) ? Number(port) : 0;
  return n > 0 && n <= 65535 ? { host, port: n } : { host };
}

/** The normalised host of a `Server[:Port]` value; undefined when the field is blank (auto-discovery). */
export function serverSettingHost(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return normalizeHost(readServerSetting(value).host);
}

/**
 * A `Server[:Port]` value someone typed (`check --server`): the normalised host and port, or
 * undefined when it is not `host[:port]` (port not a number up to 65535). Port 0 = default port.
 */
export function parseServerSetting(value: string): { host: string; port?: number } | undefined {
  const v = value.trim();
  if (!v) return undefined;
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(v);
  const [host, port] = bracket ? [bracket[1] ?? '', bracket[2]] : v.indexOf(':') < 0 ? [v, undefined] : [v.slice(0, v.indexOf(':')), v.slice(v.indexOf(':') + 1)];
  if (!host) return undefined;
  const h = bracket ? host : host.toLowerCase();
  if (port === undefined || port === '') return { host: h };
  const n = Number(port);
  if (!Number.isInteger(n) || n < 0 || n > 65535) return undefined;
  return n === 0 ? { host: h } : { host: h, port: n };
}

/** The `transport` setting as SIPE reads it: `auto` (also when absent) and `tls` are recognised, anything else is TCP. */
export function interpretTransport(value: string | undefined): Transport {
  if (value === undefined || value === 'auto') return 'auto';
  if (value === 'tls') return 'tls';
  return 'tcp';
}

/**
 * The `authentication` setting as SIPE 1.25 reads it: absent → NTLM (the code default, although a
 * new account's dialog shows Auto); a value 1.19+ does not recognise → Auto.
 */
export function interpretAuthentication(value: string | undefined): AuthScheme {
  if (value === undefined) return 'ntlm';
  switch (value) {
    case 'ntlm': return 'ntlm';
    case 'krb5': return 'kerberos';
    case 'tls-dsk': return 'tls-dsk';
    default: return 'auto';
  }
}

/** The Pidgin dialog's label of an authentication scheme. */
export const AUTH_SCHEME_LABEL: Readonly<Record<AuthScheme, string>> = {
  ntlm: 'NTLM', kerberos: 'Kerberos', 'tls-dsk': 'TLS-DSK', auto: 'Auto', negotiate: 'Negotiate', basic: 'Basic', digest: 'Digest',
};

/** SIP default ports when `Server[:Port]` names none (`sipe_server_register`). */
export const DEFAULT_SIP_PORT: Readonly<Record<'tls' | 'tcp', number>> = { tls: 5061, tcp: 5060 };

/**
 * A Pidgin account setting to change: the dialog field as Pidgin names it, its accounts.xml key, the
 * value. Remediations carry these; `config --fix` applies them.
 */
export interface SettingChange {
  /** e.g. `User Agent`, `Login`, `Server[:Port]`, `Authentication scheme`, `Connection type`, `Username` */
  field: string;
  /** accounts.xml key: `useragent`, `server`, `transport`, `authentication`, `sso`, or `username` / `login` (parts of <name>) */
  key: string;
  /** the value to type; empty string = clear the field */
  value: string;
  /** the Pidgin dialog tab: Basic or Advanced */
  tab: 'Basic' | 'Advanced';
  /** for drop-downs and check boxes: the choice as the dialog labels it (`TLS-DSK` for value `tls-dsk`) */
  choice?: string;
}
