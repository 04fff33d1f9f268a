import type { CallInput } from '../datasets/task.js';

/** How long a call is shown in a message before it is cut. */
const CALL_TEXT_LIMIT = 160;

/** The arguments' source text without the tuple's or array's outer brackets (`[1, 2], 3`), as a call writes them. */
export function argumentsText(input: CallInput): string {
  return input.args.trim().slice(1, -1);
}

/** `entry(args)` as a person reads it in a failure message: the input's own source text, cut when long. */
export function callText(entryPoint: string, input: CallInput, limit = CALL_TEXT_LIMIT): string {
  // A 1-tuple's trailing comma is not part of the call either.
  const text = `${entryPoint}(${argumentsText(input).replace(/,\s*$/, '')})`;
  return text.length <= limit ? text : `${text.slice(0, limit - 4)}...)`;
}
