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
  /** made on the first position() (most sets, one per attempt, are never asked) */
  positions?: ReadonlyMap<Observation, number>;
  attemptIds: readonly string[];
}

export function createEvidenceSet(observations: readonly Observation[], allowed?: readonly Kind[]): EvidenceSet {
  const root = indexSet(observations.map((o) => deepFreeze(o)));
  return allowed ? root.narrow(allowed) : root;
}

/** The set over observations already frozen (an attempt's share of a set's). */
function indexSet(obs: readonly Observation[]): EvidenceSet {
  const byKind = new Map<Kind, Observation[]>();
  for (const o of obs) {
    const list = byKind.get(o.kind);
    if (list) list.push(o);
    else byKind.set(o.kind, [o]);
  }
  const ids = new Set<string>();
  for (const o of obs) if (o.attempt !== undefined) ids.add(o.attempt);
  return makeSet({ obs, byKind, attemptIds: [...ids] }, undefined, undefined);
}

function makeSet(shared: Shared, allowed: readonly Kind[] | undefined, rootSet: EvidenceSet | undefined): EvidenceSet {
  return Object.freeze(new EvidenceView(shared, allowed, rootSet));
}

/**
 * A view over the shared index. A class (methods on the prototype) rather than a closure per
 * method: rules narrow the set once per rule and attempt, thousands of times in a batch.
 */
class EvidenceView implements EvidenceSet {
  /** memos (the view itself is frozen) */
  private readonly memo: { listed?: readonly Observation[]; attemptSets?: Map<string, EvidenceSet> } = {};

  constructor(
    private readonly shared: Shared,
    private readonly allowed: readonly Kind[] | undefined,
    private readonly rootSet: EvidenceSet | undefined,
  ) {}

  private check(kind: Kind): void {
    const allowed = this.allowed;
    if (allowed && !allowed.includes(kind)) throw new UndeclaredKindError(kind, allowed);
  }

  all<K extends Kind>(kind: K): readonly Of<K>[] {
    this.check(kind);
    return (this.shared.byKind.get(kind) ?? []) as unknown as readonly Of<K>[];
  }

  has(kind: Kind): boolean {
    this.check(kind);
    return (this.shared.byKind.get(kind)?.length ?? 0) > 0;
  }

  list(): readonly Observation[] {
    const allowed = this.allowed;
    this.memo.listed ??= allowed ? this.shared.obs.filter((o) => allowed.includes(o.kind)) : this.shared.obs;
    return this.memo.listed;
  }

  attempts(): readonly string[] {
    return this.shared.attemptIds;
  }

  lastAttempt(): string | undefined {
    const ids = this.shared.attemptIds;
    return ids[ids.length - 1];
  }

  byAttempt(attempt: string): readonly Observation[] {
    return this.list().filter((o) => o.attempt === attempt);
  }

  narrow(kinds: readonly Kind[]): EvidenceSet {
    const allowed = this.allowed;
    const narrowed = allowed ? kinds.filter((k) => allowed.includes(k)) : kinds;
    return makeSet(this.shared, Object.freeze([...narrowed]), this.root());
  }

  forAttempt(attempt: string | undefined): EvidenceSet {
    if (attempt === undefined) return this;
    if (this.allowed) return this.root().forAttempt(attempt).narrow(this.allowed);
    const sets = (this.memo.attemptSets ??= new Map());
    let s = sets.get(attempt);
    if (!s) {
      s = indexSet(this.shared.obs.filter((o) => o.attempt === undefined || o.attempt === attempt));
      sets.set(attempt, s);
    }
    return s;
  }

  declared(): readonly Kind[] | undefined {
    return this.allowed;
  }

  position(o: Observation): number {
    const shared = this.shared;
    shared.positions ??= new Map(shared.obs.map((x, i) => [x, i] as const));
    return shared.positions.get(o) ?? -1;
  }

  root(): EvidenceSet {
    return this.rootSet ?? this;
  }
}
