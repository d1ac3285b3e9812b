/**
 * The metadata half of the Reflect API that @peculiar/x509's dependency
 * injection (tsyringe) insists on at load time. Only the three functions it
 * calls are provided, and only when no other polyfill installed them first.
 * Must be imported before '@peculiar/x509' (see x509.ts).
 */
type MetadataMap = Map<unknown, unknown>;

interface ReflectMetadata {
  getMetadata?: (key: unknown, target: object) => unknown;
  getOwnMetadata?: (key: unknown, target: object) => unknown;
  defineMetadata?: (key: unknown, value: unknown, target: object) => void;
}

const reflect = Reflect as typeof Reflect & ReflectMetadata;

if (typeof reflect.getMetadata !== 'function') {
  const store = new WeakMap<object, MetadataMap>();
  const own = (key: unknown, target: object): unknown => store.get(target)?.get(key);
  reflect.getOwnMetadata = own;
  reflect.getMetadata = (key, target) => {
    for (let t: object | null = target; t !== null; t = Object.getPrototypeOf(t) as object | null) {
      const map = store.get(t);
      if (map?.has(key) === true) return map.get(key);
    }
    return undefined;
  };
  reflect.defineMetadata = (key, value, target) => {
    let map = store.get(target);
    if (map === undefined) {
      map = new Map();
      store.set(target, map);
    }
    map.set(key, value);
  };
}

export {};
