import type { Draft } from '../evidence/kinds.js';
import type { CheckTarget, NetPorts, ProbeContext, ProbeLogger, ProgressEvent, RunEnv } from './types.js';

/** The one connection attempt a live check makes (the log analyzer numbers attempts the same way). */
export const CHECK_ATTEMPT = 'a1';

export const NOOP_LOGGER: ProbeLogger = {
  debug() {},
  info() {},
  warn() {},
  child() {
    return NOOP_LOGGER;
  },
};

export interface ProbeRecorder {
  ctx: ProbeContext;
  drafts: Draft[];
  probeErrors: { probe: string; message: string; affects: Draft['kind'][] }[];
  notes: string[];
  /** abort the whole run (budget) */
  abort(reason: string): void;
  dispose(): void;
}

/**
 * Build the context probes run in: one overall AbortController (budget + user abort), per-operation
 * signals derived from it, a clock, and the evidence collector.
 */
export function createProbeRecorder(o: {
  target: CheckTarget;
  net: NetPorts;
  env: RunEnv;
  timeoutMs: number;
  budgetMs: number;
  userSignal?: AbortSignal | undefined;
}): ProbeRecorder {
  const started = o.env.monotonicMs();
  const overall = new AbortController();
  const budgetTimer = setTimeout(() => overall.abort(new Error(`budget of ${o.budgetMs} ms used up`)), o.budgetMs);
  budgetTimer.unref?.();
  const onUser = (): void => overall.abort(new Error('interrupted'));
  if (o.userSignal?.aborted) onUser();
  o.userSignal?.addEventListener('abort', onUser, { once: true });

  const drafts: Draft[] = [];
  const probeErrors: ProbeRecorder['probeErrors'] = [];
  const notes: string[] = [];
  const log = o.env.log ?? NOOP_LOGGER;
  const elapsedMs = (): number => Math.round(o.env.monotonicMs() - started);

  const ctx: ProbeContext = {
    target: o.target,
    net: o.net,
    signal: overall.signal,
    timeoutMs: o.timeoutMs,
    opSignal(ms = o.timeoutMs) {
      return AbortSignal.any([overall.signal, AbortSignal.timeout(Math.max(1, ms))]);
    },
    now: () => o.env.now(),
    elapsedMs,
    log,
    progress(e) {
      const full: ProgressEvent = { ...e, elapsedMs: elapsedMs() };
      o.env.progress?.(full);
    },
    emit(d, probe) {
      drafts.push({
        ...d,
        at: d.at ?? o.env.now().toISOString(),
        attempt: d.attempt ?? CHECK_ATTEMPT,
        source: d.source ?? { type: 'probe', probe },
      } as Draft);
    },
    note(message) {
      if (!notes.includes(message)) notes.push(message);
    },
  };
  return {
    ctx,
    drafts,
    probeErrors,
    notes,
    abort(reason) {
      overall.abort(new Error(reason));
    },
    dispose() {
      clearTimeout(budgetTimer);
      o.userSignal?.removeEventListener('abort', onUser);
    },
  };
}

/** Why a signal fired, in words for the report. */
export function abortReason(signal: AbortSignal): string {
  const r: unknown = signal.reason;
  if (r instanceof Error) return r.message;
  return typeof r === 'string' ? r : 'aborted';
}
