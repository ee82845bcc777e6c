import type { AutodiscoverResponse } from '../../evidence/kinds.js';
import { defineRule } from '../types.js';
import { hostOfUrl } from '../shared/hosts.js';

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
      unusable: 'Autodiscover at {host} answered but SIPE could not use it: {why}.',
    },
    remediation: {
      summary: 'Have the administrator fix the lyncdiscover / lyncdiscoverinternal records and the reverse proxy.',
      steps: [
        'lyncdiscover.<domain> must reach the Lync/Skype for Business external web services (reverse proxy) and answer with application/vnd.microsoft.rtc.autodiscover+xml.',
        'Meanwhile set Server[:Port] on the Advanced tab to the server name your administrator gives you.',
      ],
      audience: 'admin',
    },
    requires: ['autodiscover.response', 'discovery.event', 'transport.event', 'sip.register', 'dns.lookup'],
  },
  check(ev) {
    const responses = ev.all('autodiscover.response');
    if (!responses.length) return { status: 'inconclusive', reason: 'no autodiscover request was observed' };
    const discovery = ev.all('discovery.event');
    if (discovery.some((d) => d.data.event === 'autodiscover-servers') || responses.some((r) => r.data.sipInternal || r.data.sipExternal)) return { status: 'pass' };
    const bad = responses.map((r) => [r, unusable(r)] as const).filter((x): x is readonly [AutodiscoverResponse, string] => x[1] !== undefined);
    if (!bad.length) return { status: 'pass' };
    // only blocking when nothing else led to a server
    const otherPath = discovery.some((d) => d.data.event === 'candidate' && (d.data.via === 'srv' || d.data.via === 'a')) ||
      ev.all('transport.event').some((t) => t.data.event === 'connected') || ev.all('sip.register').some((r) => r.data.status !== undefined) ||
      ev.all('dns.lookup').some((l) => l.data.type === 'SRV' && l.data.outcome === 'ok' && l.data.answers.length > 0);
    return {
      status: 'fail',
      problems: bad.map(([r, why]) => ({
        messageId: 'unusable', data: { host: hostOfUrl(r.data.url) ?? r.data.url, why }, evidence: [r],
        severity: otherPath ? 'warning' as const : 'error' as const, confidence: 'confirmed' as const,
      })),
    };
  },
});
