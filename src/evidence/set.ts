import type { Kind, Observation, Of } from './kinds.js';

/** Read-only index over observations. Rules get a `narrow()`ed view of the kinds they declare. */
export interface EvidenceSet {
  all<K extends Kind>(kind: K): readonly Of<K>[];
  has(kind: Kind): boolean;
  /** every observation, in producer order */
  list(): readonly Observation[];
  /** attempt ids in the order they first appear */
  attempts(): readonly string[];
  /** the last attempt id (the one the verdict is about), or undefined when none is marked */
  lastAttempt(): string | undefined;
  byAttempt(attempt: string): readonly Observation[];
  /** a frozen view that throws when a kind outside `kinds` is read (catches hidden rule dependencies) */
  narrow(kinds: readonly Kind[]): EvidenceSet;
  /** the same set restricted to one attempt (observations without an attempt are kept: they are context) */
  forAttempt(attempt: string | undefined): EvidenceSet;
}

export class UndeclaredKindError extends Error {
  constructor(kind: Kind, allowed: readonly Kind[]) {
    super(`evidence kind '${kind}' was read but not declared (declared: ${allowed.join(', ') || 'none'})`);
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

export function createEvidenceSet(observations: readonly Observation[], allowed?: readonly Kind[]): EvidenceSet {
  const obs = observations.map((o) => deepFreeze(o));
  const byKind = new Map<Kind, Observation[]>();
  for (const o of obs) {
    const list = byKind.get(o.kind);
    if (list) list.push(o);
    else byKind.set(o.kind, [o]);
  }
  const check = (kind: Kind): void => {
    if (allowed && !allowed.includes(kind)) throw new UndeclaredKindError(kind, allowed);
  };
  const attemptIds: string[] = [];
  for (const o of obs) if (o.attempt !== undefined && !attemptIds.includes(o.attempt)) attemptIds.push(o.attempt);

  const set: EvidenceSet = {
    all<K extends Kind>(kind: K): readonly Of<K>[] {
      check(kind);
      return (byKind.get(kind) ?? []) as unknown as readonly Of<K>[];
    },
    has(kind) {
      check(kind);
      return (byKind.get(kind)?.length ?? 0) > 0;
    },
    list() {
      return allowed ? obs.filter((o) => allowed.includes(o.kind)) : obs;
    },
    attempts() {
      return attemptIds;
    },
    lastAttempt() {
      return attemptIds[attemptIds.length - 1];
    },
    byAttempt(attempt) {
      return set.list().filter((o) => o.attempt === attempt);
    },
    narrow(kinds) {
      const narrowed = allowed ? kinds.filter((k) => allowed.includes(k)) : kinds;
      return createEvidenceSet(obs, Object.freeze([...narrowed]));
    },
    forAttempt(attempt) {
      if (attempt === undefined) return set;
      return createEvidenceSet(obs.filter((o) => o.attempt === undefined || o.attempt === attempt), allowed);
    },
  };
  return Object.freeze(set);
}
