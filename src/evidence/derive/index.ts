/**
 * Derived views, computed once per evidence set and shared by rules, the verdict and the report:
 * - accountOf(ev): the account as configured (requires client.account)
 * - progressOf(ev): signed in?, the furthest step reached, progressedAfter(o) (optional: tcp.connect,
 *   transport.event, tls.handshake, sip.register, auth.event)
 * - timelineOf(ev): the observations in order, each placed on the connection path (any kind)
 * - resolverOf(ev): did the resolver answer at all, and does it know the domain (requires dns.lookup;
 *   optional: client.account)
 * New views: defineView({ id, requires, optional, compute }) and derive(view, ev) (define.ts).
 */
export { defineView, derive, type DerivedView } from './define.js';
export { ACCOUNT_VIEW, accountLabel, accountOf, type AccountView } from './account.js';
export { PROGRESS_VIEW, progressOf, type Progress } from './progress.js';
export { TIMELINE_VIEW, timelineOf, type TimelineStep } from './timeline.js';
export { RESOLVER_VIEW, resolverOf, isProtocolAnswer, onTheWire, parentDomain, lookupLabel, lookupList, type ResolverState } from './resolver.js';
