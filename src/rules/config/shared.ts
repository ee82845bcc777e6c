import type { ClientAccount } from '../../evidence/kinds.js';

/** Helpers shared by the accounts.xml lint rules (pure). */

export const SCHEME_LABEL: Readonly<Record<string, string>> = {
  ntlm: 'NTLM', kerberos: 'Kerberos', 'tls-dsk': 'TLS-DSK', auto: 'Auto',
};

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

/** `alice` — no `DOMAIN\`, no `DOMAIN/`, no `@realm`: SIPE splits on the first `\` or `/` (1.19+). */
export function isBareUser(login: string): boolean {
  return login !== '' && !/[\\/@]/.test(login);
}

export function serverHost(server: string | undefined): string | undefined {
  if (server === undefined || server.trim() === '') return undefined;
  const s = server.trim();
  const colon = s.indexOf(':');
  return (colon < 0 ? s : s.slice(0, colon)).replace(/\.$/, '').toLowerCase();
}

/** The sentence that explains the code default when the file has no authentication setting. */
export function schemeOrigin(a: ClientAccount): string {
  return a.data.authenticationDefaulted
    ? ' (accounts.xml has no Authentication scheme entry, so SIPE 1.25 uses its code default NTLM although Pidgin\'s dialog shows Auto)'
    : '';
}
