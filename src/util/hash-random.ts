import { createHash } from 'node:crypto';

/**
 * Randomness as a pure function of its inputs: the same parts always give the same draw,
 * whatever else runs concurrently. The simulated model uses this instead of a shared RNG.
 */
export function uniform(...parts: readonly unknown[]): number {
  return uniformAfter(...parts)();
}

/**
 * Draws that share their leading parts: `uniformAfter(...prefix)(...rest)` is `uniform(...prefix, ...rest)`, with the
 * prefix (for the simulated model, a whole conversation) serialised and hashed once rather than at every draw.
 */
export function uniformAfter(...prefix: readonly unknown[]): (...rest: readonly unknown[]) => number {
  // The JSON of [...prefix, ...rest] is the prefix's array without its `]`, a comma, and the rest's without its `[`.
  const hashed = createHash('sha256').update(JSON.stringify(prefix).slice(0, -1));
  return (...rest) => {
    const tail = JSON.stringify(rest).slice(1);
    const digest = hashed.copy().update(prefix.length > 0 && rest.length > 0 ? `,${tail}` : tail).digest();
    // 48 bits fit a double exactly.
    return digest.readUIntBE(0, 6) / 2 ** 48;
  };
}

/** Standard normal draw (Box–Muller) from two hashed uniforms. */
export function normal(...parts: readonly unknown[]): number {
  return normalOf(uniformAfter(...parts));
}

/** Standard normal draw (Box–Muller) from two uniforms of `draw`, the parts `…rest, 'u1'` and `…rest, 'u2'`. */
export function normalOf(draw: (...rest: readonly unknown[]) => number, ...rest: readonly unknown[]): number {
  const u1 = Math.max(draw(...rest, 'u1'), Number.EPSILON);
  const u2 = draw(...rest, 'u2');
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Picks one item, uniformly, by hash. */
export function pick<T>(items: readonly T[], ...parts: readonly unknown[]): T {
  if (items.length === 0) throw new Error('pick from an empty list');
  return items[Math.floor(uniform(...parts) * items.length)] as T;
}
