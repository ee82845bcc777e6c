import type { Draft } from '../evidence/kinds.js';
import { gatherHost, type GatherOptions } from './gather.js';
import type { HostPorts } from './host.js';
import { interpretHost, type EnvironmentData } from './interpret.js';

export type { EnvironmentData } from './interpret.js';
export type { GatherOptions } from './gather.js';
export type { HostPorts } from './host.js';

/**
 * The environment of this machine as evidence data: installed client, plugin and library versions,
 * the Pidgin profile, resolver, proxy variables, locale, VPN-looking interfaces, clock. Reads files
 * and runs read-only local commands (dpkg-query/rpm, resolvectl, `pidgin --version` for a client no
 * package accounts for) through `ports`, each with a deadline; sends nothing to the network; never
 * throws for a missing file or command. `nodeHostPorts()` (src/adapters/node-host.ts) are the real ports.
 */
export async function collectEnvironment(ports: HostPorts, opts: GatherOptions = {}): Promise<EnvironmentData> {
  return interpretHost(await gatherHost(ports, opts));
}

/** The `client.environment` observation for a bundle (attempt-less: context for every attempt). */
export function environmentDraft(data: EnvironmentData, at?: string): Draft<'client.environment'> {
  return { kind: 'client.environment', ...(at ? { at } : {}), source: { type: 'probe', probe: 'environment' }, data };
}
