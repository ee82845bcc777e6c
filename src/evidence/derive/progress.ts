/**
 * How far the sign-in got: whether it signed in, the furthest step with a success, and whether
 * it got further after a given observation (a failure that was survived — a fallback SRV target,
 * a second candidate — is a warning, not the cause).
 */
import type { Observation } from '../kinds.js';
import type { EvidenceSet } from '../set.js';
import { stepIndex, type Step } from '../steps.js';
import { defineView, derive } from './define.js';

export interface Progress {
  /** REGISTER answered 200, the authentication handshake completed, or the session was seen working (signed-in) */
  signedIn: boolean;
  /** the furthest connection-path step at which a success was seen */
  furthestStep?: Step;
  /** a later SIP-level success than `o` (connected, handshake done, REGISTER answered) */
  progressedAfter(o: Observation): boolean;
}

/** A success of the SIP connection, and the step it reached; undefined when `o` is none. */
function successStep(o: Observation): Step | undefined {
  switch (o.kind) {
    case 'transport.event':
      return o.data.event === 'connected' ? 'network' : undefined;
    case 'tcp.connect':
      return o.data.outcome === 'ok' && o.data.purpose !== 'http' ? 'network' : undefined;
    case 'tls.handshake':
      return o.data.outcome === 'ok' && o.data.purpose !== 'http' ? 'tls' : undefined;
    case 'sip.register':
      return o.data.outcome === 'registered' ? 'auth' : o.data.status !== undefined ? 'register' : undefined;
    case 'auth.event':
      return o.data.event === 'completed' || o.data.event === 'signed-in' ? 'auth' : undefined;
    default:
      return undefined;
  }
}

/** auth.event tells sign-in, not progress of the connection (a completed HTTP handshake is no SIP success) */
const isProgress = (o: Observation): boolean => o.kind !== 'auth.event' && successStep(o) !== undefined;

export const PROGRESS_VIEW = defineView<Progress>({
  id: 'progress',
  requires: [],
  optional: ['tcp.connect', 'transport.event', 'tls.handshake', 'sip.register', 'auth.event'],
  compute(ev) {
    const list = ev.list();
    const signedIn = list.some((o) => (o.kind === 'sip.register' && o.data.outcome === 'registered') || (o.kind === 'auth.event' && (o.data.event === 'completed' || o.data.event === 'signed-in')));
    let furthest: Step | undefined;
    let lastProgress = -1;
    for (const o of list) {
      const step = successStep(o);
      if (step !== undefined && (furthest === undefined || stepIndex(step) > stepIndex(furthest))) furthest = step;
      if (isProgress(o)) lastProgress = Math.max(lastProgress, ev.position(o));
    }
    return {
      signedIn,
      ...(furthest !== undefined ? { furthestStep: furthest } : {}),
      progressedAfter: (o) => lastProgress > ev.position(o),
    };
  },
});

/**
 * How far this evidence got. It sees only the kinds the caller declared among tcp.connect,
 * transport.event, tls.handshake, sip.register and auth.event.
 */
export const progressOf = (ev: EvidenceSet): Progress => derive(PROGRESS_VIEW, ev);
