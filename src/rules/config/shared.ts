import type { ClientAccount } from '../../evidence/kinds.js';

/** Helpers shared by the accounts.xml lint rules (pure). */

export function accountName(a: ClientAccount): string {
  return a.data.signinName ?? (a.source.type === 'config' ? a.source.account : undefined) ?? 'this account';
}

/**
 * The Login field when it is filled. An empty Login means "use the Username", whose form is
 * client/invalid-username's business, so these rules look only at an explicit Login.
 */
export function explicitLogin(a: ClientAccount): string | undefined {
  return a.data.login === undefined || a.data.login === '' ? undefined : a.data.login;
}

/** The sentence that explains the code default when the file has no authentication setting. */
export function schemeOrigin(a: ClientAccount): string {
  return a.data.authenticationDefaulted
    ? ' (accounts.xml has no Authentication scheme entry, so SIPE 1.25 uses its code default NTLM although Pidgin\'s dialog shows Auto)'
    : '';
}
