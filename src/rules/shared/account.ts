import type { AuthScheme, ClientAccount, Transport } from '../../evidence/kinds.js';
import { readServerSetting } from '../../protocol/account-settings.js';

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
    const { host, port } = readServerSetting(v.server);
    v.serverHost = host;
    if (port !== undefined) v.serverPort = port;
  }
  return v;
}

export const accountLabel = (a: AccountView): string => a.signinName ?? 'the account';
