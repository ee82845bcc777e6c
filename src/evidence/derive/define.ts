/**
 * Derived views (Lighthouse's computed artifacts): facts several rules and the report need that
 * follow from the evidence — the account as configured, how far the sign-in got, the attempt's
 * timeline. Each is computed once per evidence set and shared.
 *
 * The discipline of narrow() holds for them too. A view declares what it reads:
 * - `requires`: kinds it cannot do without; a caller whose view of the evidence lacks one of them
 *   gets UndeclaredKindError, exactly as if it had read the kind itself, so a rule using a view
 *   must list the view's required kinds in its own `requires`;
 * - `optional`: kinds it reads when the caller declared them, and ignores otherwise (a rule that
 *   did not declare `tcp.connect` gets a progress view that never saw a TCP connection).
 * The view computes on the set narrowed to exactly those kinds, so it cannot read more than it
 * declares, and the result is memoised on the un-narrowed set plus that kind list.
 */
import type { Kind } from '../kinds.js';
import { deepFreeze, UndeclaredKindError, type EvidenceSet } from '../set.js';

export interface DerivedView<T> {
  /** stable name, for error messages and the memo key */
  id: string;
  requires: readonly Kind[];
  optional?: readonly Kind[];
  /** pure; receives the evidence narrowed to the kinds it may read */
  compute(ev: EvidenceSet): T;
}

export function defineView<T>(view: DerivedView<T>): DerivedView<T> {
  return view;
}

const memo = new WeakMap<EvidenceSet, Map<string, unknown>>();

/** The view's value for this evidence (computed at most once per set and kind list; frozen). */
export function derive<T>(view: DerivedView<T>, ev: EvidenceSet): T {
  const declared = ev.declared();
  if (declared) for (const k of view.requires) if (!declared.includes(k)) throw new UndeclaredKindError(k, declared, `the derived view '${view.id}'`);
  // the kind list is the view's requires plus the optional kinds the caller declared: which of
  // them is the key (no list sorted and joined on every call: rules derive once per attempt)
  const optional = view.optional ?? [];
  let mask = '';
  for (const k of optional) mask += !declared || declared.includes(k) ? '1' : '0';
  const key = `${view.id}|${mask}`;
  const root = ev.root();
  let values = memo.get(root);
  if (!values) {
    values = new Map();
    memo.set(root, values);
  }
  if (values.has(key)) return values.get(key) as T;
  const kinds = [...view.requires, ...optional.filter((k) => !declared || declared.includes(k))];
  const value = deepFreeze(view.compute(root.narrow(kinds)));
  values.set(key, value);
  return value;
}
