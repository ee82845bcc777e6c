/**
 * The attempt as a sequence: for each observation, the connection-path step it belongs to, the peer
 * it was exchanged with (for the ladder diagram) and whether it is in itself a success, a failure,
 * or a failure only when a finding says it mattered ('soft'). The verdict labels and resolves it.
 */
import type { Observation } from '../kinds.js';
import { KINDS } from '../kinds.js';
import type { EvidenceSet } from '../set.js';
import type { Step } from '../steps.js';
import { hostPortOfUrl } from '../../protocol/hosts.js';
import { defineView, derive } from './define.js';

export interface TimelineStep {
  observation: Observation;
  step: Step;
  /** `dns`, or `host:port` */
  peer?: string;
  status: 'ok' | 'fail' | 'soft' | 'info';
}

const hp = (host?: string, port?: number): string | undefined => (host ? `${host}${port ? `:${port}` : ''}` : undefined);

export function stepOf(o: Observation): Step {
  switch (o.kind) {
    case 'client.account': case 'client.environment': case 'check.stopped': return 'client';
    case 'client.error': return 'client';
    case 'dns.lookup': case 'discovery.event': return 'dns';
    case 'tcp.connect': case 'proxy.event': case 'transport.event': return 'network';
    case 'tls.handshake': case 'tls.certificate': return 'tls';
    case 'autodiscover.response': return 'autodiscover';
    case 'http.exchange': return o.data.purpose === 'other' ? 'autodiscover' : 'webticket';
    case 'webticket.result': return 'webticket';
    case 'sip.register': case 'sip.user-agent-test': return 'register';
    case 'auth.event': return 'auth';
    case 'session.ended': case 'sip.transaction': return 'session';
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
    case 'check.stopped': return 'fail';
    case 'sip.transaction': return 'info';
    case 'client.account': case 'client.environment': return 'info';
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
      return o.data.event === 'completed' || o.data.event === 'signed-in' || o.data.event === 'credentials-accepted' ? 'ok' : o.data.event === 'challenge' || o.data.event === 'scheme-not-offered' ? 'soft' : 'fail';
    case 'transport.event':
      return o.data.event === 'connected' ? 'ok' : o.data.event === 'connect' || o.data.event === 'redirected' || o.data.event === 'dropped' ? 'info' : 'fail';
  }
}

export const TIMELINE_VIEW = defineView<readonly TimelineStep[]>({
  id: 'timeline',
  requires: [],
  optional: KINDS,
  compute: (ev) =>
    ev.list().map((o) => {
      const peer = peerOf(o);
      return { observation: o, step: stepOf(o), ...(peer ? { peer } : {}), status: intrinsic(o) };
    }),
});

/** The evidence in order, placed on the connection path (sees the kinds the caller declared). */
export const timelineOf = (ev: EvidenceSet): readonly TimelineStep[] => derive(TIMELINE_VIEW, ev);
