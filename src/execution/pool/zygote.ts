import { harnessFile } from '../harness/harness-files.js';
import { HARNESS_SOURCE, RESULT_FD } from '../harness/harness.js';
import { PIPE_CLOSE_GRACE_MS } from '../process/run-watch.js';

/**
 * Frames a zygote writes on its stdout: a kind byte, a 4-byte big-endian length, the payload. `ready`
 * once it has started; then per attempt the attempt's stdout, stderr and result-pipe bytes as they come,
 * and `done` (payload JSON `{"setupFailed": bool}`) once every process of the attempt is gone.
 */
export const FRAME_KINDS = { ready: 'R', stdout: 'o', stderr: 'e', results: 'r', done: 'd' } as const;
export const FRAME_HEADER_BYTES = 5;

/** What a zygote is told when it starts (as its one argument, JSON). */
export interface ZygoteConfig {
  /** Each attempt gets PID, IPC and mount namespaces of its own (backend.ts, AttemptIsolation). */
  namespaces: boolean;
  /**
   * User code does not leave root for a user of its own (see privileges.ts): the attempt is also cloned into a user namespace of its
   * own, which owns the others, and gives up that namespace's capabilities before user code runs.
   */
  ownUserNamespace: boolean;
  freshDirs: string[];
  /** Mount options that bound each fresh directory's size (file-system-view.ts). */
  tmpfsOptions: string;
  /** The interpreter and its prefixes: shown again where a fresh directory hides them. */
  keptPaths: string[];
  readOnlyDirs: string[];
  /** Imported once by the zygote while no attempt waits (after it says ready), so that later attempts find them loaded. */
  warmModules: string[];
}

/** What programs and tests commonly import (HumanEval's start with `from typing import List`). */
export const WARM_MODULES = ['typing', 'math', 're', 'collections', 'itertools', 'functools', 'heapq', 'bisect', 'string', 'hashlib', 'random', 'resource'];

/**
 * What a pool worker runs: the harness's definitions, then the zygote's loop (harness/zygote.py, whose docstring
 * says how it works) with the config in argv[1].
 */
export const ZYGOTE_SCRIPT = [
  HARNESS_SOURCE,
  `ZYGOTE_CONSTANTS = ${JSON.stringify({ resultFd: RESULT_FD, pipeCloseGraceMs: PIPE_CLOSE_GRACE_MS, frameKinds: FRAME_KINDS })}`,
  harnessFile('zygote.py'),
  'import json, sys',
  'zygote(harness(json.loads(sys.argv[1])), json.loads(sys.argv[2]))',
  '',
].join('\n');
