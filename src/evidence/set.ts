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
  /**
   * the same set restricted to one attempt (observations without an attempt are kept: they are
   * context); the same object for the same attempt, so views derived from it are computed once
   */
  forAttempt(attempt: string | undefined): EvidenceSet;
  /** the kinds this view may read; undefined = every kind (not narrowed) */
  declared(): readonly Kind[] | undefined;
  /** where an observation stands in producer order (order is not evidence: any view may ask), -1 if absent */
  position(o: Observation): number;
  /** the un-narrowed set this view was made from (itself when not narrowed): what derived views are memoised on */
  root(): EvidenceSet;
}

export class UndeclaredKindError extends Error {
  constructor(kind: Kind, allowed: readonly Kind[], reader?: string) {
    super(`evidence kind '${kind}' was read${reader ? ` by ${reader}` : ''} but not declared (declared: ${allowed.join(', ') || 'none'})`);
  }
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

interface Shared {
  obs: readonly Observation[];
  byKind: ReadonlyMap<Kind, readonly Observation[]>;
  positions: ReadonlyMap<Observation, number>;
  attemptIds: readonly string[];
}

export function createEvidenceSet(observations: readonly Observation[], allowed?: readonly Kind[]): EvidenceSet {
  const obs = observations.map((o) => deepFreeze(o));
  const byKind = new Map<Kind, Observation[]>();
  for (const o of obs) {
    const list = byKind.get(o.kind);
    if (list) list.push(o);
    else byKind.set(o.kind, [o]);
  }
  const attemptIds: string[] = [];
  for (const o of obs) if (o.attempt !== undefined && !attemptIds.includes(o.attempt)) attemptIds.push(o.attempt);
  const positions = new Map(obs.map((o, i) => [o, i] as const));
  const root = makeSet({ obs, byKind, positions, attemptIds }, undefined, undefined);
  return allowed ? root.narrow(allowed) : root;
}

function makeSet(shared: Shared, allowed: readonly Kind[] | undefined, rootSet: EvidenceSet | undefined): EvidenceSet {
  const { obs, byKind, positions, attemptIds } = shared;
  const check = (kind: Kind): void => {
    if (allowed && !allowed.includes(kind)) throw new UndeclaredKindError(kind, allowed);
  };
  const attemptSets = new Map<string, EvidenceSet>();
  let listed: readonly Observation[] | undefined;

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
      listed ??= allowed ? obs.filter((o) => allowed.includes(o.kind)) : obs;
      return listed;
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
      return makeSet(shared, Object.freeze([...narrowed]), set.root());
    },
    forAttempt(attempt) {
      if (attempt === undefined) return set;
      if (allowed) return set.root().forAttempt(attempt).narrow(allowed);
      let s = attemptSets.get(attempt);
      if (!s) {
        s = createEvidenceSet(obs.filter((o) => o.attempt === undefined || o.attempt === attempt));
        attemptSets.set(attempt, s);
      }
      return s;
    },
    declared() {
      return allowed;
    },
    position(o) {
      return positions.get(o) ?? -1;
    },
    root() {
      return rootSet ?? set;
    },
  };
  return Object.freeze(set);
}
