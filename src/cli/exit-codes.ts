import { ConfigError } from '../config/config-error.js';
import { OracleError } from '../execution/oracle-error.js';
import { SandboxUnavailableError } from '../execution/sandbox/sandbox-error.js';
import { ConsentRequiredError, MergeRefusedError } from '../run/errors.js';
import { UsageError } from './usage-error.js';

/**
 * What each exit says, as the README's exit-code line does (a test holds the two together): 3 lets CI tell a regression
 * from a crash; 130 (128 + SIGINT, as shells report a process an interrupt ended) is a second Ctrl-C, which quits at once.
 */
export const exitCodes = { ok: 0, failed: 1, usage: 2, regression: 3, interrupted: 130 } as const;

/** Bad usage, config or dataset is exit 2 (fix the command or the data); anything else that stops a run is exit 1. */
export function exitCodeFor(error: unknown): number {
  const badInput =
    error instanceof ConfigError ||
    error instanceof UsageError ||
    error instanceof ConsentRequiredError ||
    error instanceof MergeRefusedError ||
    error instanceof OracleError ||
    error instanceof SandboxUnavailableError;
  return badInput ? exitCodes.usage : exitCodes.failed;
}

export function describeError(error: unknown): string {
  if (error instanceof ConfigError) return `invalid config:\n${error.problems.map((problem) => `  ${problem}`).join('\n')}`;
  return error instanceof Error ? error.message : String(error);
}
