import { createHash } from 'node:crypto';
import type { CallBehaviour } from '../records/attempt.js';
import type { ExecutionStatus } from '../records/outcome.js';
import { decodeWire, equalityKey, pyRepr, WireError } from './harness/plain-data.js';
import { NO_RESULT } from './harness/harness.js';
import type { CallOutcome, ExecutionResult } from './types.js';

/** What a program did on each input it was called on, nothing expected of it. */
export interface Behaviour {
  status: ExecutionStatus;
  calls: CallBehaviour[];
  /** What went wrong when the sandbox itself failed (`infra-error`). */
  stderr: string;
}

/** A longer key (a large return value's) is kept as its hash: equal exactly when the keys are, and short in the records. */
const MAX_KEY_LENGTH = 200;

/** Each call of a call request's result as a behaviour: its return value, the exception class it raised, or how it failed. */
export function behaviourOf(result: ExecutionResult, inputs: number): Behaviour {
  return {
    status: result.status,
    calls: Array.from({ length: inputs }, (_, position) => callBehaviour(result.calls?.[position], result.status)),
    stderr: result.stderr,
  };
}

function callBehaviour(call: CallOutcome | undefined, status: ExecutionStatus): CallBehaviour {
  if (call?.value !== undefined) return returned(call.value);
  const error = call?.error ?? NO_RESULT;
  // By the class alone: programs that raise alike word their messages differently.
  if (call?.raised !== undefined) return { key: `raised ${call.raised[0] ?? 'an exception'}`, shown: `raised ${error}` };
  // An input the run never reached: how the run ended (a timeout, a crash, memory) is its behaviour.
  if (error === NO_RESULT) return { key: `no result: ${status}`, shown: `no result: the run ended (${status})` };
  return { key: keyOf(`failed: ${error}`), shown: error };
}

/** Compared as Python's `==` compares (`1 == 1.0`, sets and dicts in any order), read strictly from the wire. */
function returned(wire: unknown): CallBehaviour {
  try {
    const value = decodeWire(wire);
    return { key: keyOf(`returned ${equalityKey(value)}`), shown: `returned ${pyRepr(value)}` };
  } catch (error) {
    if (!(error instanceof WireError)) throw error;
    return { key: 'unreadable value', shown: `returned a value that could not be read (${error.message})` };
  }
}

function keyOf(text: string): string {
  return text.length <= MAX_KEY_LENGTH ? text : `sha256 ${createHash('sha256').update(text).digest('hex')}`;
}
