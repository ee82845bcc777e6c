import type { Observation } from '../../evidence/kinds.js';
import type { EvidenceSet } from '../../evidence/set.js';

/**
 * Sequence helpers over `ev.list()`. They see only the kinds the calling rule declared (list() is
 * narrowed, it never throws), so a rule that wants "did the attempt get further" must declare
 * transport.event / tcp.connect / tls.handshake / sip.register.
 */

/** A sign that the SIP connection got past TCP/TLS to a SIP-speaking server. */
export function isSipProgress(o: Observation): boolean {
  switch (o.kind) {
    case 'transport.event':
      return o.data.event === 'connected';
    case 'sip.register':
      return o.data.status !== undefined || o.data.outcome === 'registered';
    case 'tcp.connect':
      return o.data.outcome === 'ok' && o.data.purpose !== 'http';
    case 'tls.handshake':
      return o.data.outcome === 'ok' && o.data.purpose !== 'http';
    default:
      return false;
  }
}

/** Did the attempt get further (a later SIP-level success) after `obs`? */
export function progressedAfter(ev: EvidenceSet, obs: Observation, test: (o: Observation) => boolean = isSipProgress): boolean {
  const list = ev.list();
  const i = list.indexOf(obs);
  return list.slice(i < 0 ? 0 : i + 1).some(test);
}

export function isRegistered(ev: EvidenceSet): boolean {
  return ev.list().some((o) => (o.kind === 'sip.register' && o.data.outcome === 'registered') || (o.kind === 'auth.event' && o.data.event === 'completed'));
}


/** Observations of the listed kinds that come before the first client.error (teardown after it is noise). */
export function beforeClientError(ev: EvidenceSet): readonly Observation[] {
  const list = ev.list();
  const i = list.findIndex((o) => o.kind === 'client.error');
  return i < 0 ? list : list.slice(0, i);
}

export const severityFor = (survived: boolean): 'error' | 'warning' => (survived ? 'warning' : 'error');
