import type { TlsCertificate } from '../../evidence/kinds.js';
import { defineRule } from '../types.js';
import type { Problem } from '../types.js';
import { accountOf } from '../../evidence/derive/account.js';
import { isHostnameError } from '../../protocol/cert-errors.js';
import { progressOf } from '../../evidence/derive/progress.js';
import { certNameCovers, commonName, inDomain, normalizeHost } from '../../protocol/hosts.js';

function names(c: TlsCertificate): string[] {
  const cn = commonName(c.data.subject);
  return [...new Set([...(c.data.altNames ?? []), ...(cn ? [cn] : [])].map(normalizeHost))];
}

/** true = mismatch, false = covered, undefined = cannot tell */
function mismatch(c: TlsCertificate): boolean | undefined {
  if (c.data.hostnameMatch === false || (c.data.errors ?? []).some(isHostnameError)) return true;
  if (c.data.hostnameMatch === true) return false;
  if (!c.data.altNames?.length) return undefined; // logs show the subject only; CN alone is not how verifiers decide
  return !names(c).some((n) => certNameCovers(n, c.data.host));
}

export default defineRule({
  meta: {
    id: 'tls/hostname-mismatch',
    category: 'tls',
    rootCause: 'tls-hostname-mismatch',
    severity: 'error',
    title: 'The server certificate covers the server name',
    failureTitle: 'The server certificate does not cover the server name',
    description: 'Pidgin checks that the certificate names the host SIPE connected to. Connecting by IP address or by an alias the certificate does not list fails the check.',
    messages: {
      mismatch: 'SIPE connected to {host}, but the certificate only names {names}.',
    },
    remediation: {
      summary: 'Connect with a name the certificate lists, or have the administrator add the name to the certificate.',
      steps: ['Use one of the names on the certificate in Server[:Port].', 'Or ask the administrator to add the name to the certificate\'s subject alternative names.'],
      audience: 'user',
    },
    requires: ['client.account', 'tls.certificate', 'tls.handshake', 'sip.register', 'transport.event'],
  },
  check(ev) {
    const a = accountOf(ev);
    const certs = ev.all('tls.certificate');
    if (!certs.length) return { status: 'inconclusive', reason: 'no certificate was observed' };
    const results = certs.map((c) => [c, mismatch(c)] as const);
    const bad = results.filter(([, m]) => m === true).map(([c]) => c);
    if (!bad.length) return results.some(([, m]) => m === false) ? { status: 'pass' } : { status: 'inconclusive', reason: 'the certificate\'s names were not observed' };
    const problems: Problem<'mismatch'>[] = bad.map((c) => {
      const survived = progressOf(ev).progressedAfter(c) || ev.all('tls.handshake').some((h) => h.data.insecure && h.data.host === c.data.host);
      const listed = names(c);
      // only a name of the deployment may be recommended: a certificate naming nothing in the SIP
      // domain belongs to something else on the way (a proxy, captive portal or another service)
      const ours = (n: string): boolean => a.domain !== undefined && inDomain(n.replace(/^\*\./, ''), a.domain);
      const usable = listed.find((n) => !n.startsWith('*.') && ours(n));
      const foreign = a.domain !== undefined && listed.length > 0 && !listed.some(ours);
      const port = c.data.port ?? a.serverPort ?? 5061;
      const fromSetting = a.serverHost !== undefined && normalizeHost(a.serverHost) === normalizeHost(c.data.host);
      return {
        messageId: 'mismatch', data: { host: c.data.host, names: listed.length ? listed.join(', ') : 'no names' }, evidence: [c],
        severity: survived ? 'warning' : 'error', confidence: 'confirmed',
        remediation: foreign
          ? {
              summary: `Do not use a name from this certificate: it names ${listed.join(', ')}, nothing in ${a.domain ?? 'the SIP domain'}, so the server that answered at ${c.data.host} is probably not your company's.`,
              steps: [
                `Something else answered at ${c.data.host}:${port} (a proxy, captive portal or another service intercepting the connection, or a wrong Server[:Port]).`,
                'Check Server[:Port] with your administrator, and try again from the company network or VPN.',
              ],
              audience: 'user',
            }
          : fromSetting && usable
          ? {
              summary: `Set Server[:Port] to ${usable}:${port}, a name the certificate covers.`,
              steps: [`In Pidgin open Accounts → Manage Accounts → Modify → Advanced and set "Server[:Port]" to ${usable}:${port} instead of ${a.server}.`, `If ${usable} does not resolve from this computer, ask the administrator to add ${c.data.host} to the certificate instead.`],
              audience: 'user',
              settings: [{ field: 'Server[:Port]', key: 'server', value: `${usable}:${port}`, tab: 'Advanced' }],
            }
          : {
              summary: `Have the administrator add ${c.data.host} to the server certificate.`,
              steps: [`The certificate lists ${listed.join(', ') || 'no usable names'}; the server must present a certificate whose subject alternative names include ${c.data.host}.`, 'Lync/Skype for Business certificates need the pool FQDN and sip.<domain> for every SIP domain.'],
              audience: 'admin',
              adminActions: [`Reissue the certificate with SAN ${c.data.host}`],
            },
      };
    });
    return { status: 'fail', problems };
  },
});
