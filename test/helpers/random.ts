/**
 * Seeded randomness for randomized tests: the seed comes from ORC_SEED when
 * set (to replay a failure), otherwise from the clock, and failing tests
 * print `seed=N`.
 */
export interface Rng {
  readonly seed: number;
  /** [0, 1) */
  next(): number;
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
}

export function seedFromEnv(): number {
  const fromEnv = process.env['ORC_SEED'];
  if (fromEnv !== undefined && /^\d+$/.test(fromEnv)) return Number(fromEnv);
  return Date.now() % 2 ** 31;
}

/** mulberry32: small, fast, good enough for test inputs. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed,
    next,
    int: (n) => Math.floor(next() * n),
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
  };
}
