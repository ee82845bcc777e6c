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
  /** why the run was stopped early, and the step that was running at that moment; undefined = it was not */
  stopped(): { reason: 'budget' | 'interrupted'; step?: string; budgetMs: number; elapsedMs: number } | undefined;
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
  // the steps in progress (progress start without done), oldest first: the oldest still open is the
  // step the run was in when stopped (discovery, not one of the lookups running inside it)
  const open: string[] = [];
  let stop: { reason: 'budget' | 'interrupted'; step?: string; elapsedMs: number } | undefined;
  const stopAt = (reason: 'budget' | 'interrupted'): void => {
    if (stop || overall.signal.aborted) return;
    const step = open[0];
    stop = { reason, ...(step !== undefined ? { step } : {}), elapsedMs: Math.round(o.env.monotonicMs() - started) };
  };
  const budgetTimer = setTimeout(() => {
    stopAt('budget');
    overall.abort(new Error(`budget of ${o.budgetMs} ms used up`));
  }, o.budgetMs);
  budgetTimer.unref?.();
  const onUser = (): void => {
    stopAt('interrupted');
    overall.abort(new Error('interrupted'));
  };
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
      if (e.phase === 'start') open.push(e.step);
      else {
        const i = open.lastIndexOf(e.step);
        if (i >= 0) open.splice(i, 1);
      }
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
    stopped() {
      return stop ? { ...stop, budgetMs: o.budgetMs } : undefined;
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
