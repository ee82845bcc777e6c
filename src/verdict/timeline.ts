import type { Observation } from '../evidence/kinds.js';
import type { EvidenceSet } from '../evidence/set.js';
import type { Finding, TimelineEntry } from './types.js';
import type { Step } from '../rules/root-causes.js';
import { hostPortOfUrl } from '../protocol/hosts.js';
import { describeObservation } from './describe.js';

const hp = (host?: string, port?: number): string | undefined => (host ? `${host}${port ? `:${port}` : ''}` : undefined);

function stepOf(o: Observation): Step {
  switch (o.kind) {
    case 'client.account': return 'client';
    case 'client.error': return 'client';
    case 'dns.lookup': case 'discovery.event': return 'dns';
    case 'tcp.connect': case 'proxy.event': case 'transport.event': return 'network';
    case 'tls.handshake': case 'tls.certificate': return 'tls';
    case 'autodiscover.response': return 'autodiscover';
    case 'http.exchange': return o.data.purpose === 'other' ? 'autodiscover' : 'webticket';
    case 'webticket.result': return 'webticket';
    case 'sip.register': case 'sip.user-agent-test': return 'register';
    case 'auth.event': return 'auth';
    case 'session.ended': return 'session';
  }
}

function peerOf(o: Observation): string | undefined {
  switch (o.kind) {
    case 'dns.lookup': return 'dns';
    case 'discovery.event': return o.data.event === 'candidate' || o.data.event === 'user-specified' ? hp(o.data.host, o.data.port) : 'dns';
    case 'tcp.connect': case 'tls.handshake': return hp(o.data.host, o.data.port);
    case 'tls.certificate': return hp(o.data.host, o.data.port);
    case 'transport.event': return hp(o.data.host, o.data.port);
    case 'proxy.event': return hp(o.data.host, o.data.port);
    case 'autodiscover.response': case 'http.exchange': return hostPortOfUrl(o.data.url);
    case 'webticket.result': return o.data.url ? hostPortOfUrl(o.data.url) : undefined;
    case 'sip.register': case 'sip.user-agent-test': return o.data.registrar;
    default: return undefined;
  }
}

/** 'fail' when the observation itself is a failure, 'soft' when it only failed if a finding says so. */
function intrinsic(o: Observation): 'ok' | 'fail' | 'soft' | 'info' {
  switch (o.kind) {
    case 'client.error': return 'fail';
    case 'session.ended': return 'fail';
    case 'client.account': return 'info';
    case 'dns.lookup': return o.data.outcome === 'ok' && o.data.answers.length ? 'ok' : 'soft';
    case 'discovery.event': return ['srv-none', 'a-none', 'autodiscover-none', 'unresolvable'].includes(o.data.event) ? 'soft' : o.data.event === 'autodiscover-servers' ? 'ok' : 'info';
    case 'tcp.connect': return o.data.outcome === 'ok' ? 'ok' : 'fail';
    case 'tls.handshake': return o.data.outcome === 'ok' ? 'ok' : 'fail';
    case 'tls.certificate': return o.data.trusted === false || o.data.hostnameMatch === false || o.data.timeValid === false || (o.data.errors?.length ?? 0) > 0 ? 'fail' : o.data.trusted ? 'ok' : 'info';
    case 'proxy.event': return o.data.outcome === 'ok' ? 'ok' : 'fail';
    case 'autodiscover.response': return o.data.outcome === 'ok' && (o.data.status ?? 200) < 400 ? 'ok' : 'soft';
    case 'http.exchange': return o.data.outcome === 'ok' && (o.data.status ?? 200) < 400 ? 'ok' : 'soft';
    case 'webticket.result': return o.data.outcome === 'issued' ? 'ok' : 'fail';
    case 'sip.register':
      if (o.data.outcome === 'registered') return 'ok';
      if (o.data.outcome === 'challenged' || o.data.outcome === 'redirected') return o.data.authorizationScheme && o.data.outcome === 'challenged' ? 'soft' : 'info';
      return 'fail';
    case 'sip.user-agent-test':
      return o.data.outcome === 'registered' ? 'ok' : o.data.outcome === 'challenged' || o.data.outcome === 'redirected' ? 'info' : 'fail';
    case 'auth.event':
      return o.data.event === 'completed' ? 'ok' : o.data.event === 'challenge' || o.data.event === 'scheme-not-offered' ? 'soft' : 'fail';
    case 'transport.event':
      return o.data.event === 'connected' ? 'ok' : o.data.event === 'connect' || o.data.event === 'redirected' || o.data.event === 'dropped' ? 'info' : 'fail';
  }
}

/**
 * One entry per observation of the attempt, in order. `cited` holds the ids that failing findings
 * cite: soft failures (a missing lyncdiscover record, a 401 to an authenticated REGISTER) are only
 * shown as failures when a finding says they mattered.
 */
export function buildTimeline(observations: readonly Observation[], cited: ReadonlySet<string>): TimelineEntry[] {
  return observations.map((o) => {
    const s = intrinsic(o);
    const status: TimelineEntry['status'] = s === 'soft' ? (cited.has(o.id) ? 'fail' : 'info') : s;
    const peer = peerOf(o);
    return {
      ...(o.at !== undefined ? { at: o.at } : {}),
      step: stepOf(o),
      label: describeObservation(o),
      status,
      ...(peer ? { peer } : {}),
      evidence: [o.id],
      ...(o.attempt !== undefined ? { attempt: o.attempt } : {}),
    };
  });
}

/** The timeline of the attempt the verdict is about; evidence the findings cite marks soft failures. */
export function attemptTimeline(ev: EvidenceSet, findings: readonly Finding[]): TimelineEntry[] {
  const cited = new Set(findings.filter((f) => f.role !== 'earlier-attempt').flatMap((f) => f.evidence.map((e) => e.id)));
  return buildTimeline(ev.forAttempt(ev.lastAttempt()).list(), cited);
}
