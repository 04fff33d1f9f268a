import { processBackend, type Backend } from '../../src/execution/sandbox/backend.js';

/**
 * The process back-end without Landlock, for tests of what every back-end does (limits, killing, concurrency)
 * whose programs report through files outside their work directory, which Landlock refuses.
 */
export const unconfinedProcessBackend: Backend = { ...processBackend, landlock: false };
