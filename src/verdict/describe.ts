import type { DiscoveryEvent, Observation } from '../evidence/kinds.js';

const MAX = 200;
const clip = (s: string): string => {
  const one = s.replace(/\s*\n\s*/g, ' ').trim();
  return one.length > MAX ? `${one.slice(0, MAX - 1)}…` : one;
};
const hp = (host?: string, port?: number): string => (host ? `${host}${port ? `:${port}` : ''}` : 'server');

const DISCOVERY: Readonly<Record<DiscoveryEvent['data']['event'], string>> = {
  'user-specified': 'Server field set: no discovery',
  'autodiscover-none': 'No Lync autodiscover servers found; trying SRV records',
  'autodiscover-servers': 'Lync autodiscover returned a server list',
  'srv-none': 'No SRV records found; trying A records',
  'a-none': 'No SRV or A records found; using the SIP domain as fallback',
  candidate: 'Server candidate',
  unresolvable: 'Host does not resolve',
};

/** One line, already-redacted text saying what an observation shows. */
export function describeObservation(o: Observation): string {
  switch (o.kind) {
    case 'client.account': {
      const d = o.data;
      return clip(`Account ${d.signinName ?? '(unknown)'}${d.login ? `, Login ${d.login}` : ''}, server ${d.server ? d.server : 'auto-discovery'}${d.transport ? `, ${d.transport}` : ''}${d.authentication ? `, auth ${d.authentication}` : ''}${d.sipeVersion ? `, SIPE ${d.sipeVersion}` : ''}`);
    }
    case 'client.error':
      return clip(`Connection error${o.data.reason !== undefined ? ` (reason ${o.data.reason})` : ''}: ${o.data.description}${o.data.translated && o.data.english ? ` [= "${o.data.english}"]` : ''}`);
    case 'dns.lookup': {
      const d = o.data;
      const ans = d.answers.map((a) => a.target ? `${a.target}:${a.port ?? ''}` : a.address ?? '').filter(Boolean).join(', ');
      return clip(`DNS ${d.type} ${d.name} → ${d.outcome === 'ok' ? ans || 'no answers' : d.outcome.toUpperCase()}`);
    }
    case 'discovery.event': {
      const d = o.data;
      return clip(`${DISCOVERY[d.event]}${d.host ? ` ${hp(d.host, d.port)}` : ''}${d.via ? ` (via ${d.via})` : ''}${d.detail ? `: ${d.detail}` : ''}`);
    }
    case 'tcp.connect':
      return clip(`TCP connect ${hp(o.data.host, o.data.port)}${o.data.proxy ? ` via proxy ${o.data.proxy}` : ''} → ${o.data.outcome}${o.data.error ? ` (${o.data.error})` : ''}`);
    case 'tls.handshake':
      return clip(`TLS handshake ${hp(o.data.host, o.data.port)} → ${o.data.outcome}${o.data.protocol ? ` ${o.data.protocol}` : ''}${o.data.alert ? ` alert ${o.data.alert}` : ''}${o.data.error ? ` (${o.data.error})` : ''}`);
    case 'tls.certificate': {
      const d = o.data;
      const flags = [d.trusted === false && 'untrusted', d.hostnameMatch === false && 'name mismatch', d.timeValid === false && 'outside validity', ...(d.errors ?? [])].filter(Boolean);
      return clip(`Certificate of ${d.host}: ${d.subject ?? '?'}${d.issuer ? `, issuer ${d.issuer}` : ''}${d.notAfter ? `, valid until ${d.notAfter.slice(0, 10)}` : ''}${flags.length ? ` [${flags.join(', ')}]` : ''}`);
    }
    case 'proxy.event':
      return clip(`Proxy ${o.data.proxyType ?? ''} ${hp(o.data.host, o.data.port)} → ${o.data.outcome}${o.data.status ? ` ${o.data.status}` : ''}${o.data.detail ? `: ${o.data.detail}` : ''}`);
    case 'autodiscover.response':
      return clip(`Autodiscover ${o.data.url} → ${o.data.status ?? o.data.outcome}${o.data.problem ? ` (${o.data.problem})` : ''}${o.data.sipInternal || o.data.sipExternal ? ` servers ${[o.data.sipInternal, o.data.sipExternal].filter(Boolean).join(', ')}` : ''}`);
    case 'http.exchange':
      return clip(`${o.data.method ?? 'HTTP'} ${o.data.url} (${o.data.purpose}) → ${o.data.status ?? o.data.outcome}${o.data.fault ? `: ${o.data.fault}` : ''}`);
    case 'webticket.result':
      return clip(`${o.data.stage === 'webticket' ? 'Web ticket' : 'Certificate'}${o.data.url ? ` from ${o.data.url}` : ''} → ${o.data.outcome}${o.data.mfaSuspected ? ' (ADFS failed: MFA assumed)' : ''}${o.data.fault ? `: ${o.data.fault}` : ''}`);
    case 'sip.register': {
      const d = o.data;
      const status = d.status !== undefined ? `${d.status}${d.reasonPhrase ? ` ${d.reasonPhrase}` : ''}` : d.outcome;
      const extra = [...(d.warnings ?? []).map((w) => `Warning ${w.code} "${w.text}"`), ...(d.msDiagnostics ?? []).map((m) => `ms-diagnostics ${m.code}${m.reason ? ` "${m.reason}"` : ''}`), ...(d.challenges?.length ? [`offers ${d.challenges.map((c) => c.scheme).join(', ')}`] : [])];
      return clip(`REGISTER${d.registrar ? ` to ${d.registrar}` : ''}${d.authorizationScheme ? ` (${d.authorizationScheme})` : ''} → ${status}${extra.length ? `; ${extra.join('; ')}` : ''}`);
    }
    case 'sip.user-agent-test': {
      const d = o.data;
      const status = d.status !== undefined ? `${d.status}${d.reasonPhrase ? ` ${d.reasonPhrase}` : ''}` : d.outcome;
      return clip(`User-Agent test REGISTER${d.registrar ? ` to ${d.registrar}` : ''} as "${d.userAgent}" → ${status}${(d.msDiagnostics ?? []).map((m) => `; ms-diagnostics ${m.code}`).join('')}`);
    }
    case 'auth.event':
      return clip(`Authentication ${o.data.event}${o.data.scheme ? ` (${o.data.scheme})` : ''}${o.data.detail ? `: ${o.data.detail}` : ''}`);
    case 'transport.event':
      return clip(`SIP connection ${o.data.event}${o.data.host ? ` ${hp(o.data.host, o.data.port)}` : ''}${o.data.detail ? `: ${o.data.detail}` : ''}`);
    case 'sip.transaction': {
      const d = o.data;
      const diag = (d.msDiagnostics ?? []).map((m) => `; ms-diagnostics ${m.code}${m.reason ? ` "${m.reason}"` : ''}`).join('');
      return clip(d.direction === 'request' ? `${d.method} from the server${diag}` : `${d.method} → ${d.status ?? '?'}${d.reasonPhrase ? ` ${d.reasonPhrase}` : ''}${diag}`);
    }
    case 'session.ended':
      return clip(`Registration ended${o.data.event ? ` (${o.data.event})` : ''}${o.data.reason ? `: ${o.data.reason}` : ''}`);
    case 'client.environment': {
      const d = o.data;
      const parts = ([['pidgin-sipe', d.sipe], ['libpurple', d.libpurple], ['libxml2', d.libxml2]] as const)
        .filter(([, c]) => c?.version !== undefined)
        .map(([name, c]) => `${name} ${c?.version ?? ''}`);
      return clip(`Environment: ${parts.length ? parts.join(', ') : 'versions unknown'}${d.os?.name ? ` on ${d.os.name}` : ''}`);
    }
    case 'check.stopped':
      return clip(`Check stopped (${o.data.reason === 'budget' ? `budget${o.data.budgetMs !== undefined ? ` of ${o.data.budgetMs} ms` : ''} used up` : 'interrupted'})${o.data.step ? ` at step ${o.data.step}` : ' between steps'}`);
  }
}
