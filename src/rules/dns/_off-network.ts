/**
 * The advice shared by the off-network causes (resolver unreachable, every lookup timed out, the
 * domain unknown to the resolver): nothing is known about the deployment yet, so nothing about it
 * is recommended; the user reconnects and runs the check again. The lookups tried are named.
 */
import type { DnsLookup } from '../../evidence/kinds.js';
import { lookupList } from '../../evidence/derive/resolver.js';
import type { Remediation } from '../types.js';

export const RECONNECT = 'Connect to the company network or VPN, then run again.';

export function offNetworkRemediation(o: { failed: readonly DnsLookup[]; server: string; settle: string; extra?: readonly string[] }): Remediation {
  return {
    summary: RECONNECT,
    steps: [
      'Connect this computer to the company network, or start the company VPN.',
      ...(o.extra ?? []),
      'Then run sipe-doctor check again: only an answer from the company\'s DNS tells whether the sign-in records are right.',
      `Tried: ${o.failed.length} DNS question${o.failed.length === 1 ? '' : 's'} to ${o.server}: ${lookupList(o.failed)}.`,
      `What would settle it: ${o.settle}`,
    ],
    audience: 'user',
  };
}
