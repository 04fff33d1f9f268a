import type { CallRole } from '../records/call.js';

/**
 * Output tokens a call may generate, by what it is for, unless the model's config sets its own cap (Ollama's
 * `options.num_predict`, an OpenAI-compatible server's `options.max_tokens`). Without a cap a small model that
 * rambles fills its context, and every later prompt of the trial fails. Answers, revisions, self-written tests,
 * reflections and Self-Debug's line-by-line explanations get room for code; a verdict (a rubric, a pairwise preference) is a short JSON object, and a
 * critique or Self-Refine's feedback a few remarks.
 */
export const defaultOutputCaps: Record<CallRole, number> = {
  generate: 2048,
  reflect: 2048,
  explain: 2048,
  'write-tests': 2048,
  judge: 768,
  compare: 768,
  recognise: 768,
  critique: 768,
  feedback: 768,
};
