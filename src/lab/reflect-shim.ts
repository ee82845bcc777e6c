/**
 * @peculiar/x509 depends on tsyringe, which refuses to load without a Reflect metadata polyfill
 * (normally the `reflect-metadata` package, not installed here). This is the small subset tsyringe
 * uses. Import it before @peculiar/x509 (ESM evaluates imports in order).
 */
type Store = Map<unknown, unknown>;
const stores = new WeakMap<object, Map<PropertyKey | undefined, Store>>();

function store(target: object, prop: PropertyKey | undefined, create: boolean): Store | undefined {
  let byProp = stores.get(target);
  if (!byProp) {
    if (!create) return undefined;
    byProp = new Map();
    stores.set(target, byProp);
  }
  let s = byProp.get(prop);
  if (!s && create) {
    s = new Map();
    byProp.set(prop, s);
  }
  return s;
}

const R = Reflect as unknown as Record<string, unknown>;
if (typeof R['getMetadata'] !== 'function') {
  const getOwnMetadata = (key: unknown, target: object, prop?: PropertyKey): unknown => store(target, prop, false)?.get(key);
  const getMetadata = (key: unknown, target: object, prop?: PropertyKey): unknown => {
    for (let t: object | null = target; t; t = Object.getPrototypeOf(t) as object | null) {
      const v = store(t, prop, false)?.get(key);
      if (v !== undefined) return v;
    }
    return undefined;
  };
  const defineMetadata = (key: unknown, value: unknown, target: object, prop?: PropertyKey): void => {
    store(target, prop, true)?.set(key, value);
  };
  R['getOwnMetadata'] = getOwnMetadata;
  R['getMetadata'] = getMetadata;
  R['defineMetadata'] = defineMetadata;
  R['hasMetadata'] = (key: unknown, target: object, prop?: PropertyKey): boolean => getMetadata(key, target, prop) !== undefined;
  R['metadata'] = (key: unknown, value: unknown) => (target: object, prop?: PropertyKey): void => defineMetadata(key, value, target, prop);
}

export {};
