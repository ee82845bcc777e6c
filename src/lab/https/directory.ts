/**
 * The lab's user directory as the web services see it: the scenario's user and, when the scenario
 * gives Pidgin a different Login, that login's own (valid) account — which owns another SIP address.
 */
import type { Scenario } from '../types.js';
import type { DirectoryAccount } from './ntlm-http.js';

function account(address: string, password: string): DirectoryAccount {
  const [local = address, dom = ''] = address.split('@');
  return { username: local, ntDomain: (dom.split('.')[0] ?? 'CORP').toUpperCase(), upn: address, sipUri: address, password };
}

export function labDirectory(s: Scenario): DirectoryAccount[] {
  const out = [account(s.client.user, s.client.password)];
  const login = s.client.login;
  if (login) {
    // DOMAIN\user or UPN; the account exists and has the same password, but its SIP address is its own
    const m = /^([^\\]+)\\(.+)$/.exec(login);
    const upn = m ? `${m[2]}@${s.domain}` : login;
    if (upn.toLowerCase() !== s.client.user.toLowerCase()) out.push(account(upn, s.client.password));
  }
  return out;
}
