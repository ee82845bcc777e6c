/**
 * collect → diagnose → render: the one path every command takes from its input to the report.
 * - collect.ts: one producer per input (logs, accounts.xml, a saved bundle, the live probes) → Collection
 * - diagnose.ts: Collection → Report (rules per attempt, verdict, timeline)
 * - render.ts: Report → text + exit code
 */
export * from './collect.js';
export * from './diagnose.js';
export * from './render.js';
export type { Collection, RunMode } from './types.js';
export type { BatchIo, OutStream } from './io.js';
