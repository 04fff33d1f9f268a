// Apart from simulated.ts so that ProviderDeps, which every provider file imports, can name the oracle without an import circle.
import type { TaskKind } from '../records/lists.js';

/** What the simulated model "knows" about a task: it writes the reference when right, a real mutant when wrong. */
export interface SimulatedTask {
  id: string;
  kind: TaskKind;
  prompt: string;
  entryPoint?: string;
  reference?: string;
  /** Programs that really fail the hidden tests. */
  mutants: readonly string[];
  /** Asserts it writes when asked for tests. */
  visibleTests: readonly string[];
}

export type SimulationOracle = (taskId: string) => SimulatedTask | undefined;
