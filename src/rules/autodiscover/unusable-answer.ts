import type { AutodiscoverResponse, DiscoveryEvent } from '../../evidence/kinds.js';
import { defineRule } from '../types.js';
import { hostOfUrl } from '../../protocol/hosts.js';

const AUTODISCOVER_TYPE = 'application/vnd.microsoft.rtc.autodiscover+xml';

/** Why an answered autodiscover request could not be used, or undefined (usable, or simply absent). */
function unusable(r: AutodiscoverResponse): string | undefined {
  const d = r.data;
  if (d.outcome === 'unusable') return d.problem ?? 'the answer could not be used';
  if (d.outcome === 'tls-failed') return 'the HTTPS connection failed (certificate or TLS problem)';
  if (d.status === 401 && !d.webTicketUrl) return '401 without an X-MS-WebTicketURL header';
  if (d.status === 200 && d.contentType !== undefined && !d.contentType.toLowerCase().startsWith(AUTODISCOVER_TYPE)) return `200 with Content-Type ${d.contentType} (e.g. a captive portal or web page)`;
  if (d.status !== undefined && (d.status === 403 || d.status >= 500)) return `HTTP ${d.status}`;
  if (d.status !== undefined && d.status >= 300 && d.status < 400) return `HTTP ${d.status} redirect, which SIPE does not follow${d.redirect ? ` (to ${d.redirect})` : ''}`;
  return undefined;
}

type Ev = Parameters<Parameters<typeof defineRule>[0]['check']>[0];

/**
 * A log without message bodies shows no autodiscover answer, only that SIPE connected to the
 * lyncdiscover hosts and then logged "no Lync Autodiscover servers found": the service answered with
 * nothing SIPE could use. Blocking only when no SRV/A record led anywhere either.
 */
function answeredWithoutBodies(ev: Ev, discovery: readonly DiscoveryEvent[]) {
  if (!discovery.some((d) => d.data.event === 'autodiscover-none')) return { status: 'inconclusive' as const, reason: 'no autodiscover request was observed' };
  const reached = ev.all('tcp.connect').filter((c) => c.data.outcome === 'ok' && /^lyncdiscover(internal)?\./i.test(c.data.host));
  if (!reached.length) return { status: 'inconclusive' as const, reason: 'no autodiscover host was reached' };
  const otherPath = discovery.some((d) => d.data.event === 'candidate' && (d.data.via === 'srv' || d.data.via === 'a')) ||
    ev.all('sip.register').some((r) => r.data.status !== undefined);
  if (otherPath || !discovery.some((d) => d.data.event === 'a-none')) return { status: 'pass' as const };
  const hosts = [...new Set(reached.map((c) => c.data.host.toLowerCase()))].join(', ');
  return {
    status: 'fail' as const,
    problems: [{ messageId: 'answeredUnseen' as const, data: { hosts }, evidence: [...reached, ...discovery.filter((d) => d.data.event === 'autodiscover-none' || d.data.event === 'a-none')], severity: 'error' as const, confidence: 'inferred' as const }],
  };
}

export default defineRule({
  meta: {
    id: 'autodiscover/unusable-answer',
    category: 'autodiscover',
    rootCause: 'autodiscover-failed',
    severity: 'warning',
    title: 'Lync autodiscover answers usefully',
    failureTitle: 'Lync autodiscover answered with something SIPE cannot use',
    description: 'SIPE first asks LyncDiscoverInternal/LyncDiscover for the SIP servers. An unusable answer (web page, redirect, 401 without a web ticket URL) costs time and, when DNS has no SRV records either, leaves SIPE without a server.',
    messages: {
      unusable: 'Autodiscover at {host} answered but SIPE could not use it: {why}{others}.',
      answeredUnseen: 'SIPE reached the autodiscover service at {hosts} and read its answers, but found no Lync server in them ("no Lync Autodiscover servers found"); with no SRV or A record to fall back to, SIPE tried the bare domain and failed. The log has no message bodies, so what autodiscover answered is not shown: a log taken with PURPLE_UNSAFE_DEBUG=1 would show it (a web page, a redirect, a 401 without a web ticket URL).',
      unusableNoFallback: 'Autodiscover at {host} answered but SIPE could not use it: {why}{others}. With no SRV or A record to fall back to, SIPE tried the bare domain and failed.',
    },
    remediation: {
      summary: 'Have the administrator fix the lyncdiscover / lyncdiscoverinternal records and the reverse proxy.',
      steps: [
        'lyncdiscover.<domain> must reach the Lync/Skype for Business external web services (reverse proxy) and answer with application/vnd.microsoft.rtc.autodiscover+xml.',
        'Meanwhile set Server[:Port] on the Advanced tab to the server name your administrator gives you.',
      ],
      audience: 'admin',
    },
    requires: ['autodiscover.response', 'discovery.event', 'transport.event', 'sip.register', 'dns.lookup', 'tcp.connect'],
  },
  check(ev) {
    const responses = ev.all('autodiscover.response');
    const discovery = ev.all('discovery.event');
    if (!responses.length) return answeredWithoutBodies(ev, discovery);
    if (discovery.some((d) => d.data.event === 'autodiscover-servers') || responses.some((r) => r.data.sipInternal || r.data.sipExternal)) return { status: 'pass' };
    let bad = responses.map((r) => [r, unusable(r)] as const).filter((x): x is readonly [AutodiscoverResponse, string] => x[1] !== undefined);
    // every answer looked fine, yet SIPE logged "no Lync Autodiscover servers found": the chain of links
    // (Redirect / User) never ended in a server list it could use
    if (!bad.length && discovery.some((d) => d.data.event === 'autodiscover-none')) {
      // the User link answering 401 with X-MS-WebTicketURL is how a healthy deployment asks for a web
      // ticket; the server list comes after it (a live check stops there: it sends no credentials), so
      // a chain that got that far is not unusable (a failed web ticket is the web-ticket rules' business)
      const ticketWall = responses.find((r) => r.data.status === 401 && r.data.webTicketUrl);
      if (ticketWall) return { status: 'pass' };
      const answered = responses.filter((r) => r.data.status === 200);
      const unfollowed = answered.find((r) => (r.data.userLink ?? r.data.redirect) !== undefined);
      if (answered.length) {
        bad = [[unfollowed ?? answered[0]!, unfollowed
          ? `it links to ${unfollowed.data.userLink ?? unfollowed.data.redirect ?? ''}, but SIPE got no SIP server list out of the chain of links`
          : 'SIPE got no SIP server list out of it'] as const];
      }
    }
    if (!bad.length) return { status: 'pass' };
    // only blocking when nothing else led to a server
    const otherPath = discovery.some((d) => d.data.event === 'candidate' && (d.data.via === 'srv' || d.data.via === 'a')) ||
      ev.all('transport.event').some((t) => t.data.event === 'connected') || ev.all('sip.register').some((r) => r.data.status !== undefined) ||
      ev.all('dns.lookup').some((l) => l.data.type === 'SRV' && l.data.outcome === 'ok' && l.data.answers.length > 0);
    // one finding for the whole autodiscover stage (SIPE tries up to four URLs); the first bad answer speaks for it
    const [first, why] = bad[0]!;
    const others = bad.length > 1 ? ` (and ${bad.length - 1} more autodiscover URL${bad.length > 2 ? 's' : ''} answered unusably)` : '';
    const fellBack = discovery.find((d) => d.data.event === 'a-none');
    return {
      status: 'fail',
      problems: [{
        messageId: otherPath ? 'unusable' : 'unusableNoFallback',
        data: { host: hostOfUrl(first.data.url) ?? first.data.url, why, others },
        evidence: [...bad.map(([r]) => r), ...(fellBack && !otherPath ? [fellBack] : [])],
        severity: otherPath ? 'warning' : 'error', confidence: 'confirmed',
        ...(otherPath ? {} : {
          remediation: {
            summary: 'Have the administrator fix Lync autodiscover (lyncdiscover / lyncdiscoverinternal and the reverse proxy behind it); the domain has no SRV record to fall back to.',
            steps: [
              'lyncdiscover.<domain> and lyncdiscoverinternal.<domain> must reach the Lync/Skype for Business web services and answer with application/vnd.microsoft.rtc.autodiscover+xml (not a web page, not a redirect to a host that does not exist, and a 401 only with X-MS-WebTicketURL).',
              'Publishing the SRV records _sipinternaltls._tcp.<domain> / _sip._tls.<domain> as well gives SIPE and older clients a fallback.',
              'Meanwhile set Server[:Port] on the Advanced tab to the server name your administrator gives you.',
            ],
            audience: 'admin',
          },
        }),
      }],
    };
  },
});
