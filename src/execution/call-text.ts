import type { CallInput } from '../datasets/task.js';

/** How long a call is shown in a message before it is cut. */
const CALL_TEXT_LIMIT = 160;

/** `entry(args)` as a person reads it in a failure message: the input's own source text, cut when long. */
export function callText(entryPoint: string, input: CallInput, limit = CALL_TEXT_LIMIT): string {
  // The outer brackets of the tuple or array, and a 1-tuple's trailing comma, are not part of the call.
  const args = input.args.trim().slice(1, -1).replace(/,\s*$/, '');
  const text = `${entryPoint}(${args})`;
  return text.length <= limit ? text : `${text.slice(0, limit - 4)}...)`;
}
