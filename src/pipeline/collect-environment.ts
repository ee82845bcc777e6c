/**
 * The machine the client runs on → evidence (`sipe-doctor env`, and next to a live run). Its own
 * module so that `env` does not load the log analyzer and the probes.
 */
import { stampDrafts } from '../evidence/bundle.js';
import { collectEnvironment as gatherEnvironment, environmentDraft, type EnvironmentData, type GatherOptions, type HostPorts } from '../env/index.js';
import type { Collection } from './types.js';

export interface EnvironmentCollection extends Collection {
  environment: EnvironmentData;
}

export async function collectEnvironment(ports: HostPorts, opts: GatherOptions & { at: Date }): Promise<EnvironmentCollection> {
  const { at, ...gather } = opts;
  const environment = await gatherEnvironment(ports, gather);
  const observations = stampDrafts([environmentDraft(environment, at.toISOString())], { type: 'probe', probe: 'environment' });
  return { bundle: { schemaVersion: 1, mode: 'live', observations, probeErrors: [] }, mode: 'live', inputs: [], environment };
}
