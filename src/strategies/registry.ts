import bestOfNOracle from './best-of-n-oracle.js';
import bestOfN from './best-of-n.js';
import critiqueRevise from './critique-revise.js';
import judgeLoop from './judge-loop.js';
import oneShot from './one-shot.js';
import reflexionOracle from './reflexion-oracle.js';
import reflexion from './reflexion.js';
import selfConsistency from './self-consistency.js';
import selfDebug from './self-debug.js';
import selfRefine from './self-refine.js';
import selfReflection from './self-reflection.js';
import type { StrategyDefinition } from './types.js';

/** Every strategy the config can `use`; a new strategy is one file plus one line here. */
const strategies: readonly StrategyDefinition[] = [oneShot, selfReflection, judgeLoop, reflexion, reflexionOracle, bestOfN, bestOfNOracle, selfConsistency, selfDebug, critiqueRevise, selfRefine];

export const strategyRegistry: ReadonlyMap<string, StrategyDefinition> = new Map(
  strategies.map((strategy) => [strategy.name, strategy]),
);
