/**
 * The pairwise judge: which of two answers to one request is better — an answer, or the baseline it is compared
 * with — or a tie. Judges favour a position (Zheng et al. 2023, "Judging LLM-as-a-Judge"), so the question is asked
 * twice, the baseline shown first and then the answer first; a pair whose two orders disagree is a tie, and how often
 * they agree is the judge's position consistency. Two answers that are the same text are a tie asked of no one,
 * counted apart. A reply that cannot be read (reply-object.ts) is a failed reading, and the pair has no outcome:
 * a counted failure, never a guessed winner.
 */
import type { ChatMessage } from '../chat/types.js';
import type { TaskView } from '../datasets/task.js';
import { fillTemplate, type PromptTemplates } from '../prompts/templates.js';
import type { PairwiseOutcome } from '../records/lists.js';
import type { PairwiseReading, PairwiseSide, PairwiseVerdict } from '../records/pairwise.js';
import { askStrictly } from './ask-strictly.js';
import type { Judge } from './judge.js';
import { pairwiseChoiceSchema, pairwiseJsonSchema, type PairwiseChoice } from './pairwise-verdict.js';
import { readReplyObject } from './reply-object.js';

/** The two answers as shown to the judge (for code, the code). */
export interface PairwiseQuestion {
  task: TaskView;
  answer: string;
  baseline: string;
}

/** How a pairwise judge is asked: how many times more after a reply that cannot be read. */
export interface PairwiseOptions {
  retries: number;
}

/** The orders asked, in this order: the baseline (shared by every strategy's trial of a task) first, then the answer. */
const ORDERS: readonly PairwiseSide[] = ['baseline', 'answer'];

const OUTCOME_OF: Record<PairwiseSide | 'tie', PairwiseOutcome> = { answer: 'win', baseline: 'loss', tie: 'tie' };

export function pairwiseJudge(templates: PromptTemplates, options: PairwiseOptions): Judge<PairwiseQuestion, PairwiseVerdict> {
  return {
    async judge(question, ask) {
      if (sameText(question.answer, question.baseline)) return { outcome: 'tie', identical: true, readings: [] };
      const readings = await Promise.all(
        ORDERS.map(async (shownFirst) => {
          const reading = {
            read: (reply: string) => readPairwise(reply, shownFirst),
            failed: (notes: string[]): Omit<PairwiseReading, 'replies'> => ({ shownFirst, parse: 'failed', reason: '', notes }),
          };
          const { verdict, replies } = await askStrictly(ask, pairwiseMessages(templates, question, shownFirst), pairwiseJsonSchema(), reading, options.retries);
          return { ...verdict, replies };
        }),
      );
      return { ...combined(readings), identical: false, readings };
    },
  };
}

/** One order's reply read strictly, its A/B turned back into which answer it preferred. */
export function readPairwise(reply: string, shownFirst: PairwiseSide): Omit<PairwiseReading, 'replies'> {
  const read = readReplyObject<PairwiseChoice>(reply, pairwiseChoiceSchema);
  if (read.parse === 'failed') return { shownFirst, parse: 'failed', reason: '', notes: read.notes };
  const shownSecond: PairwiseSide = shownFirst === 'answer' ? 'baseline' : 'answer';
  const preferred = read.value.winner === 'tie' ? 'tie' : read.value.winner === 'A' ? shownFirst : shownSecond;
  return { shownFirst, parse: read.parse, preferred, reason: read.value.reason, notes: read.notes };
}

/** Both orders read: the preference they share, or a tie when they disagree. Either unread: no outcome. */
function combined(readings: readonly PairwiseReading[]): Pick<PairwiseVerdict, 'outcome' | 'consistent'> {
  const preferences = readings.map((reading) => reading.preferred);
  const [first, second] = preferences;
  if (first === undefined || second === undefined) return {};
  return first === second ? { outcome: OUTCOME_OF[first], consistent: true } : { outcome: 'tie', consistent: false };
}

function pairwiseMessages(templates: PromptTemplates, { task, answer, baseline }: PairwiseQuestion, shownFirst: PairwiseSide): ChatMessage[] {
  const [first, second] = shownFirst === 'answer' ? [answer, baseline] : [baseline, answer];
  return [
    { role: 'system', content: fillTemplate(templates['pairwise-system'], {}) },
    { role: 'user', content: fillTemplate(templates.pairwise, { task: task.prompt.trimEnd(), first: first.trim(), second: second.trim() }) },
  ];
}

/** The same text once trailing spaces and surrounding blank lines are set aside. */
export function sameText(a: string, b: string): boolean {
  const normalise = (text: string) => text.replace(/[ \t]+$/gm, '').trim();
  return normalise(a) === normalise(b);
}
