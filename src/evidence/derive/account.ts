/** The account as configured: every `client.account` observation merged, later values winning. */
import type { AuthScheme, Transport } from '../kinds.js';
import type { EvidenceSet } from '../set.js';
import { readServerSetting, signinDomain } from '../../protocol/account-settings.js';
import { defineView, derive } from './define.js';

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

export const ACCOUNT_VIEW = defineView<AccountView>({
  id: 'account',
  requires: ['client.account'],
  compute(ev) {
    const v: AccountView = {};
    for (const a of ev.all('client.account')) {
      for (const [k, val] of Object.entries(a.data)) {
        if (val !== undefined) (v as Record<string, unknown>)[k] = val;
      }
    }
    if (v.domain === undefined && v.signinName !== undefined) {
      const d = signinDomain(v.signinName);
      if (d) v.domain = d;
    }
    if (v.server) {
      const { host, port } = readServerSetting(v.server);
      v.serverHost = host;
      if (port !== undefined) v.serverPort = port;
    }
    return v;
  },
});

/** The merged account of this evidence (the caller must declare `client.account`). */
export const accountOf = (ev: EvidenceSet): AccountView => derive(ACCOUNT_VIEW, ev);

export const accountLabel = (a: AccountView): string => a.signinName ?? 'the account';
