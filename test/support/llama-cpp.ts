import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { llamaCppInstallCommand } from '../../src/providers/llama-cpp-engine.js';
import { missingPackage } from '../../src/providers/llama-cpp.js';
import { repoRoot } from './cli.js';

/** The tiny llama-architecture GGUF in ../shared (random weights: a real model file that writes gibberish). */
export const tinyGguf = join(repoRoot, '..', 'shared', 'models', 'llama-2-tiny-random.gguf');
/** The same, as a config beside the project names it (relative paths are read from the working directory). */
export const tinyGgufInConfig = '../shared/models/llama-2-tiny-random.gguf';

/** CI installs node-llama-cpp and sets this, so a missing engine fails there instead of skipping. */
export const requireLlamaCpp = process.env.SELFBENCH_TEST_REQUIRE_LLAMA_CPP === '1';

const lacking = [
  ...(missingPackage().length > 0 ? [`node-llama-cpp is not installed (install it with: ${llamaCppInstallCommand})`] : []),
  ...(existsSync(tinyGguf) ? [] : [`${tinyGguf} is missing (../shared beside the project)`]),
];
/** Whether the engine and the tiny model are here; if not, why (warned once per test file that asks). */
export const hasLlamaCpp = lacking.length === 0;
/** Why the tests that need the engine are skipped here; undefined where they run. */
export const llamaCppSkip = hasLlamaCpp ? undefined : lacking.join('; ');

export function warnIfSkipped(file: string): void {
  if (!hasLlamaCpp) console.warn(`SKIPPED ${file}: ${lacking.join('; ')}`);
}
