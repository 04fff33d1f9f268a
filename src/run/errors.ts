/** The user has not agreed to run model-written code: a usage problem (exit 2), raised before any work. */
export class ConsentRequiredError extends Error {
  override readonly name = 'ConsentRequiredError';
}

/** A model server or model is missing: the run cannot start (exit 1), nothing was run. */
export class PreflightError extends Error {
  override readonly name = 'PreflightError';
}

/** Run directories that cannot be merged into one run (different configs, overlapping trials): a usage problem (exit 2). */
export class MergeRefusedError extends Error {
  override readonly name = 'MergeRefusedError';
  constructor(readonly problems: readonly string[]) {
    super(`cannot merge these runs:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  }
}
