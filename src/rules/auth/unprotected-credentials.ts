import { defineRule } from '../types.js';

/**
 * Live check only: the server asked for credentials on a path that did not verify end to end
 * (plain TCP, a certificate accepted only with --insecure, a host or web-ticket URL named by such
 * a peer or by autodiscover over plain HTTP). check withholds the password there; SIPE would send
 * an NTLM response (offline-crackable) or the password itself.
 */
export default defineRule({
  meta: {
    id: 'auth/unprotected-credentials',
    category: 'auth',
    rootCause: 'credentials-unprotected',
    severity: 'error',
    title: 'Credentials go only over a verified path',
    failureTitle: 'The server asks for credentials over a path that is not verified',
    description: 'A credential, or anything derived from it (an NTLM response, a web-ticket request), is safe only when it goes to a host whose certificate verified, reached over a path whose every step verified. Plain TCP, a certificate accepted only because of --insecure, and addresses handed out by such a peer (an sts-uri in its 401, a 301 redirect, an autodiscover answer over plain HTTP) let anyone on the path collect an offline-crackable NTLM response or the password. sipe-doctor sends no credential there, so the password itself was not tested.',
    messages: {
      withheld: 'The server asked for {scheme} credentials, but {reason}: no credential was sent, and the password was not tested.',
    },
    remediation: {
      summary: 'Connect over TLS to a server whose certificate is trusted and matches its name, found through DNS or HTTPS autodiscover.',
      steps: [
        'In Pidgin open Accounts → Manage Accounts → Modify → Advanced and set "Connection type" to SSL/TLS (or Auto).',
        'If the certificate is not trusted, install the company CA on this machine rather than accepting it anyway.',
        'If autodiscover or a redirect named the server, ask the administrator to publish autodiscover over HTTPS and give the Server field the pool name they confirm.',
      ],
      audience: 'user',
    },
    requires: ['auth.event', 'sip.register'],
  },
  check(ev) {
    const withheld = ev.all('auth.event').filter((e) => e.data.event === 'credentials-withheld');
    if (withheld.length) {
      return {
        status: 'fail',
        problems: withheld.map((e) => ({
          messageId: 'withheld',
          data: { scheme: e.data.scheme ?? 'the', reason: e.data.detail ?? 'the path to it did not verify' },
          evidence: [e],
          confidence: 'confirmed' as const,
        })),
      };
    }
    if (ev.all('sip.register').some((r) => r.data.outcome === 'challenged' || r.data.outcome === 'registered')) return { status: 'pass' };
    return { status: 'inconclusive', reason: 'no authentication was asked for' };
  },
});
