/**
 * The named lab scenarios (data). Each reproduces one server-side root cause (or none: `healthy`).
 * `sipe-doctor lab --list` prints them; src/lab/index.ts starts one.
 */
import type { Scenario } from '../types.js';
import { DISCOVERY_SCENARIOS } from './discovery.js';
import { REGISTER_SCENARIOS } from './register.js';
import { TLS_SCENARIOS } from './tls.js';

export const SCENARIOS: readonly Scenario[] = [...DISCOVERY_SCENARIOS, ...TLS_SCENARIOS, ...REGISTER_SCENARIOS];

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}

export const SCENARIO_NAMES: readonly string[] = SCENARIOS.map((s) => s.name);
