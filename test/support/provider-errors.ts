import { expect } from 'vitest';
import { ProviderError } from '../../src/providers/types.js';

/** The ProviderError a promise rejects with (the test fails if it resolves or throws anything else). */
export async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => expect.unreachable('expected a ProviderError'),
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

/** A signal nobody aborts. */
export const live = () => new AbortController().signal;
