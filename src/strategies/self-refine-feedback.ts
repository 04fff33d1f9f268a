/**
 * Self-Refine's feedback as the loop reads it. The feedback prompt (prompts/<language>/feedback.md) asks the model to
 * end with one line, `DECISION: STOP` when nothing is left to fix or `DECISION: REFINE`: a word a small model writes
 * reliably, and one of two, so that a reply giving neither is told apart from one asking for another round.
 */
export type SelfRefineFeedback = { stop: true } | { stop: false; feedback: string };

const decisionLine = /^decision\s*[:：]\s*(stop|refine)\s*[.!]?$/i;

/**
 * The decision, and for REFINE the feedback beside it. Undefined when the reply cannot be read so: no decision line,
 * lines that disagree, or REFINE with nothing said to refine by. The line may stand anywhere, wrapped in markdown.
 */
export function readFeedback(reply: string): SelfRefineFeedback | undefined {
  const decisions = new Set<string>();
  const said: string[] = [];
  for (const line of reply.split(/\r?\n/)) {
    const decision = decisionLine.exec(line.replace(/[*_`#>]/g, '').trim())?.[1];
    if (decision === undefined) said.push(line);
    else decisions.add(decision.toLowerCase());
  }
  if (decisions.size !== 1) return undefined;
  if (decisions.has('stop')) return { stop: true };
  const feedback = said.join('\n').trim();
  return feedback === '' ? undefined : { stop: false, feedback };
}
