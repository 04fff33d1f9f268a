import { resolvePythonInterpreter } from '../../src/execution/sandbox/python-interpreter.js';

/**
 * The real interpreter's absolute path, for tests that run Python directly: a pyenv shim on PATH costs about
 * 0.3 s per start, and some tests start it dozens of times. Undefined where there is no usable Python.
 */
export const PYTHON: string | undefined = await resolvePythonInterpreter().catch(() => undefined);
export const hasPython = PYTHON !== undefined;
