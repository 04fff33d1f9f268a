import { createHash } from 'node:crypto';

/**
 * Randomness as a pure function of its inputs: the same parts always give the same draw,
 * whatever else runs concurrently. The simulated model uses this instead of a shared RNG.
 */
export function uniform(...parts: readonly unknown[]): number {
  const digest = createHash('sha256').update(JSON.stringify(parts)).digest();
  // 48 bits fit a double exactly.
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** Standard normal draw (Box–Muller) from two hashed uniforms. */
export function normal(...parts: readonly unknown[]): number {
  const u1 = Math.max(uniform(...parts, 'u1'), Number.EPSILON);
  const u2 = uniform(...parts, 'u2');
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Picks one item, uniformly, by hash. */
export function pick<T>(items: readonly T[], ...parts: readonly unknown[]): T {
  if (items.length === 0) throw new Error('pick from an empty list');
  return items[Math.floor(uniform(...parts) * items.length)] as T;
}
