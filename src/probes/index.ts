/** Live probes: `runCheck(target, options, ports)` → EvidenceBundle (ports: src/adapters/node-ports.ts or fakes). */
export { runCheck, runCheckDetailed, DEFAULT_BUDGET_MS, DEFAULT_TIMEOUT_MS, type CheckRun } from './run-check.js';
export { SIPE_DEFAULT_USER_AGENT } from '../protocol/user-agents.js';
export type { CheckOptions, NetPorts, ProbeContext, ProgressEvent, RunEnv } from './types.js';
