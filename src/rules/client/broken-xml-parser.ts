import { assessXmlParser, FIRST_BROKEN_LIBXML2 } from '../../env/known-broken.js';
import { accountOf } from '../../evidence/derive/index.js';
import { defineRule } from '../types.js';

/**
 * Debian 12's security-patched libxml2 (2.9.14+dfsg-1.3~deb12u2 and later) no longer calls the SAX1
 * element callbacks SIPE 1.25's XML parser registers, so every document parses to nothing and SIPE
 * gives up right after a good HTTP 200 without any XML error line. The log recognizer marks such a
 * 200 as `parseFailed`; found with the real client against the lab (fixtures/logs/debian12-libxml2-webticket.md).
 * The environment evidence (`sipe-doctor env`) confirms it on its own: the installed pair is the
 * broken one (src/env/known-broken.ts decides which builds). A 200 that SIPE did read outweighs it
 * (the log shows the parser working where it was made, e.g. with the LD_PRELOAD shim).
 */
export default defineRule({
  meta: {
    id: 'client/broken-xml-parser',
    category: 'client',
    rootCause: 'client-xml-parser-broken',
    severity: 'error',
    title: "SIPE parses the server's XML answers",
    failureTitle: "SIPE cannot parse the server's XML answers",
    description: "pidgin-sipe 1.25 with Debian 12's patched libxml2 cannot read any XML document, so web tickets (TLS-DSK, Office 365) and Lync autodiscover fail although the server answered correctly.",
    messages: {
      unparsed: 'The server answered {url} with HTTP 200, but SIPE gave up on the answer at once, without reading it (no "retrieved successfully" line and no XML error): its XML parser returned nothing. This is what pidgin-sipe 1.25 does with the libxml2 of Debian 12 (2.9.14+dfsg-1.3~deb12u2 and later).',
      notNeeded: `This machine has pidgin-sipe {sipe} with libxml2 {libxml2}, a pair that cannot read XML; this account signs in with {auth} to a fixed server ({server}), which needs no XML, but web tickets, autodiscover and Office 365 accounts would fail.`,
      brokenPair: `This machine has pidgin-sipe {sipe} with libxml2 {libxml2}: Debian 12's libxml2 updates from ${FIRST_BROKEN_LIBXML2} on no longer call the XML callbacks pidgin-sipe 1.25 registers, so SIPE cannot read any XML answer and web tickets (TLS-DSK, Office 365) and Lync autodiscover fail.`,
    },
    remediation: {
      summary: 'Run SIPE with an XML library it can use: the server is not at fault.',
      steps: [
        'Check the installed libxml2: `dpkg -l libxml2` (Debian 12 packages 2.9.14+dfsg-1.3~deb12u2 and later trigger this with pidgin-sipe 1.25.0-2.1).',
        'Workaround: start Pidgin with a small LD_PRELOAD shim that restores the SAX1 callbacks (sipe-doctor ships its source in fixtures/lab/saxfix.c: `cc -shared -fPIC -o saxfix.so saxfix.c $(pkg-config --cflags libxml-2.0) -ldl`, then `LD_PRELOAD=$PWD/saxfix.so pidgin`).',
        'Or use a pidgin-sipe build or distribution release in which this is fixed, and report the problem to your distribution (package pidgin-sipe).',
        'Accounts that sign in with NTLM or Kerberos directly (no TLS-DSK, a Server[:Port] set) are not affected.',
      ],
      audience: 'user',
    },
    requires: ['http.exchange', 'client.environment', 'client.account'],
  },
  check(ev) {
    const assessed = ev.all('client.environment').map((e) => ({ e, a: assessXmlParser(e.data) }));
    const proof = assessed.find((x) => x.a.status === 'broken');
    const exchanges = ev.all('http.exchange');
    const unparsed = exchanges.filter((x) => x.data.parseFailed === true);
    if (unparsed.length > 0) {
      return {
        status: 'fail',
        problems: [{ messageId: 'unparsed', data: { url: unparsed[0]!.data.url }, evidence: [...unparsed, ...(proof ? [proof.e] : [])], confidence: proof ? 'confirmed' : 'inferred' }],
      };
    }
    if (exchanges.some((x) => x.data.status === 200)) return { status: 'pass' };
    if (proof?.a.status === 'broken') {
      const account = accountOf(ev);
      // NTLM/Kerberos to a set Server[:Port] never asks SIPE to read XML
      if (account.serverHost && (account.authentication === 'ntlm' || account.authentication === 'kerberos')) {
        return { status: 'fail', problems: [{ messageId: 'notNeeded', severity: 'warning', data: { sipe: proof.a.sipe, libxml2: proof.a.libxml2, auth: account.authentication === 'ntlm' ? 'NTLM' : 'Kerberos', server: account.server ?? account.serverHost }, evidence: [proof.e], confidence: 'confirmed' }] };
      }
      return { status: 'fail', problems: [{ messageId: 'brokenPair', data: { sipe: proof.a.sipe, libxml2: proof.a.libxml2 }, evidence: [proof.e], confidence: 'confirmed' }] };
    }
    const why = assessed.map((x) => ('reason' in x.a ? x.a.reason : '')).filter(Boolean);
    return { status: 'inconclusive', reason: why.length > 0 ? `no HTTP 200 answer was observed; ${why.join('; ')}` : 'no HTTP 200 answer was observed' };
  },
});
