import type { Observation } from '../../evidence/kinds.js';
import { progressOf } from '../../evidence/derive/progress.js';
import { defineRule } from '../types.js';
import { englishOf } from '../common/client-error.js';
import { hostOf, hostOfUrl, isSfbOnlineHost, sfbOnlineHostsIn } from '../../protocol/hosts.js';

/** Host names an observation mentions (server settings, DNS answers, URLs, peers). */
function hostsOf(o: Observation): string[] {
  switch (o.kind) {
    case 'client.account':
      return o.data.server ? [hostOf(o.data.server)] : [];
    case 'dns.lookup':
      return [...o.data.answers.map((a) => a.target ?? ''), ...(o.data.cnames ?? [])];
    case 'discovery.event':
    case 'tcp.connect':
    case 'tls.handshake':
    case 'transport.event':
      return [o.data.host ?? ''];
    case 'autodiscover.response':
      return [o.data.url, o.data.redirect, o.data.userLink, o.data.webTicketUrl, o.data.sipInternal, o.data.sipExternal]
        .filter((u): u is string => !!u).map((u) => hostOfUrl(u) ?? hostOf(u));
    case 'http.exchange':
      return [hostOfUrl(o.data.url) ?? ''];
    case 'webticket.result':
      return o.data.url ? [hostOfUrl(o.data.url) ?? ''] : [];
    case 'sip.register':
      return [o.data.registrar ? hostOf(o.data.registrar) : '', o.data.contact ?? ''];
    default:
      return [];
  }
}

export default defineRule({
  meta: {
    id: 'dns/retired-online-service',
    category: 'dns',
    rootCause: 'sfb-online-retired',
    severity: 'error',
    title: 'The account does not point at Skype for Business Online',
    failureTitle: 'The account points at Skype for Business Online, which is retired',
    description: 'Microsoft retired Skype for Business Online on 31 July 2021; cloud users are Teams-only. No Pidgin or SIPE setting can sign in there any more.',
    messages: {
      online: 'The sign-in path leads to Skype for Business Online ({hosts}), which Microsoft retired on 31 July 2021; no setting makes SIPE work there.',
      clientText: 'SIPE reported "{clientError}", naming {hosts}: that is Skype for Business Online, retired on 31 July 2021.',
    },
    remediation: {
      summary: 'Stop using SIPE for this account: move to Microsoft Teams (e.g. the purple-teams plugin) or to an on-premises Lync/Skype for Business server.',
      steps: [
        'No Pidgin or SIPE setting fixes this: Skype for Business Online was retired on 31 July 2021 and cloud accounts are Teams-only.',
        'If your organisation uses Microsoft Teams, use the Teams client or the purple-teams libpurple plugin (https://github.com/EionRobb/purple-teams).',
        'If your account is homed on an on-premises Lync / Skype for Business server, ask your administrator for that server\'s name and enter it in Server[:Port] on the Advanced tab.',
        'DNS records such as sip / lyncdiscover / _sip._tls pointing at *.online.lync.com may still exist for Teams; they do not mean the old service works.',
      ],
      audience: 'user',
    },
    requires: ['client.account', 'dns.lookup', 'discovery.event', 'autodiscover.response', 'http.exchange', 'webticket.result', 'sip.register', 'tcp.connect', 'tls.handshake', 'transport.event', 'client.error'],
  },
  check(ev) {
    const hits = ev.list().filter((o) => o.kind !== 'client.error' && hostsOf(o).some((h) => h && isSfbOnlineHost(h)));
    const hostsIn = (obs: readonly Observation[]): string =>
      [...new Set(obs.flatMap((o) => (o.kind === 'client.error' ? sfbOnlineHostsIn(englishOf(o) ?? o.data.description) : hostsOf(o).filter((h) => h && isSfbOnlineHost(h)))))].slice(0, 4).join(', ');
    const registered = progressOf(ev).signedIn;
    const errors = ev.all('client.error').filter((e) => sfbOnlineHostsIn(englishOf(e) ?? e.data.description).length > 0);
    // A specific fault from the online web-ticket service (e.g. "SIP URI mismatch") means the service
    // was still running when the log was written (logs from before July 2021): that fault is the cause then.
    const serviceAnswered = hits.some((o) => (o.kind === 'http.exchange' || o.kind === 'webticket.result') && !!o.data.fault);
    if (hits.length) {
      return { status: 'fail', problems: [{ messageId: 'online', data: { hosts: hostsIn(hits) }, evidence: [...hits, ...errors], severity: registered || serviceAnswered ? 'warning' : 'error', confidence: 'confirmed' }] };
    }
    if (errors.length) {
      return { status: 'fail', problems: errors.map((e) => ({ messageId: 'clientText', data: { clientError: (englishOf(e) ?? e.data.description).replace(/\s*\n\s*/g, ' '), hosts: hostsIn([e]) }, evidence: [e], confidence: 'inferred' as const })) };
    }
    const sawHosts = ev.list().some((o) => hostsOf(o).some(Boolean));
    return sawHosts ? { status: 'pass' } : { status: 'inconclusive', reason: 'no server host name was observed' };
  },
});
