import oneShot from './one-shot.js';
import type { StrategyDefinition } from './types.js';

/** Every strategy the config can `use`; a new strategy is one file plus one line here. */
const strategies: readonly StrategyDefinition[] = [oneShot];

export const strategyRegistry: ReadonlyMap<string, StrategyDefinition> = new Map(
  strategies.map((strategy) => [strategy.name, strategy]),
);
