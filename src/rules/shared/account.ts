import type { AuthScheme, ClientAccount, Transport } from '../../evidence/kinds.js';

export interface AccountView {
  signinName?: string;
  login?: string;
  domain?: string;
  /** raw Server[:Port] value; '' = auto-discovery */
  server?: string;
  serverHost?: string;
  serverPort?: number;
  transport?: Transport;
  authentication?: AuthScheme;
  userAgent?: string;
  userAgentSent?: string;
  sso?: boolean;
  hasPassword?: boolean;
  sipeVersion?: string;
}

/** Merge every client.account observation (later values win), deriving the domain from the Username. */
export function accountView(accounts: readonly ClientAccount[]): AccountView {
  const v: AccountView = {};
  for (const a of accounts) {
    for (const [k, val] of Object.entries(a.data)) {
      if (val !== undefined) (v as Record<string, unknown>)[k] = val;
    }
  }
  if (v.domain === undefined && v.signinName?.includes('@')) {
    const d = v.signinName.slice(v.signinName.lastIndexOf('@') + 1).trim();
    if (d) v.domain = d.toLowerCase();
  }
  if (v.server) {
    const { host, port } = splitHostPort(v.server);
    v.serverHost = host;
    if (port !== undefined) v.serverPort = port;
  }
  return v;
}

export function splitHostPort(value: string): { host: string; port?: number } {
  const s = value.trim();
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (bracket) return bracket[2] ? { host: bracket[1] ?? '', port: Number(bracket[2]) } : { host: bracket[1] ?? '' };
  const i = s.indexOf(':');
  if (i < 0 || s.indexOf(':', i + 1) >= 0) return { host: s };
  const port = Number(s.slice(i + 1));
  return Number.isInteger(port) && port > 0 ? { host: s.slice(0, i), port } : { host: s.slice(0, i) };
}

/** `CORP\alice` from `alice@corp.example`: the usual NetBIOS guess (first label of the domain). */
export function guessDomainLogin(signinName: string | undefined, domain: string | undefined): string | undefined {
  if (!signinName?.includes('@') || !domain) return undefined;
  const user = signinName.slice(0, signinName.indexOf('@'));
  const netbios = domain.split('.')[0]?.toUpperCase();
  return user && netbios ? `${netbios}\\${user}` : undefined;
}

export const accountLabel = (a: AccountView): string => a.signinName ?? 'the account';
