import { ConfigError } from '../config/errors.js';
import { ConsentRequiredError } from '../run/errors.js';

export const exitCodes = { ok: 0, failed: 1, usage: 2 } as const;

/** Bad usage or config is exit 2 (fix the command); anything else that stops a run is exit 1. */
export function exitCodeFor(error: unknown): number {
  return error instanceof ConfigError || error instanceof ConsentRequiredError ? exitCodes.usage : exitCodes.failed;
}

export function describeError(error: unknown): string {
  if (error instanceof ConfigError) return `invalid config:\n${error.problems.map((problem) => `  ${problem}`).join('\n')}`;
  return error instanceof Error ? error.message : String(error);
}
