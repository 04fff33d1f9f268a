/**
 * The self-recognition judge (Panickssery et al. 2024, "LLM Evaluators Recognize and Favor Their Own Generations"):
 * a judge that is also a generator is shown its own answer and another generator's to the same request and asked
 * which one it wrote. Judges favour a position, so it is asked twice, each answer shown first once; each order is
 * one trial of recognition, scored on its own (a judge that always says "A" scores 50%, as guessing does). A reply
 * that cannot be read (reply-object.ts) is a counted failure, never a guess; two identical answers are asked of no one.
 */
import type { ChatMessage } from '../chat/types.js';
import type { TaskView } from '../datasets/task.js';
import { fillTemplate, type PromptTemplates } from '../prompts/templates.js';
import type { RecognitionReading, RecognitionSide, RecognitionVerdict } from '../records/recognition.js';
import { askStrictly } from './ask-strictly.js';
import type { AskModel, Judge } from './judge.js';
import { sameText } from './pairwise.js';
import { recognitionChoiceSchema, recognitionJsonSchema, type RecognitionChoice } from './recognition-verdict.js';
import { readReplyObject } from './reply-object.js';

/** The two answers as shown to the judge (for code, the code). */
export interface RecognitionQuestion {
  task: TaskView;
  own: string;
  other: string;
}

/** How a recognition judge is asked: how many times more after a reply that cannot be read. */
export interface RecognitionOptions {
  retries: number;
}

const ORDERS: readonly RecognitionSide[] = ['other', 'own'];

export function recognitionJudge(templates: PromptTemplates, options: RecognitionOptions): Judge<RecognitionQuestion, RecognitionVerdict> {
  return {
    async judge(question, ask) {
      if (sameText(question.own, question.other)) return { identical: true, readings: [] };
      const readings = await Promise.all(
        ORDERS.map(async (shownFirst) => {
          const reading = {
            read: (reply: string) => readRecognition(reply, shownFirst),
            failed: (notes: string[]): Omit<RecognitionReading, 'replies'> => ({ shownFirst, parse: 'failed', reason: '', notes }),
          };
          const askThisOrder: AskModel = (messages, jsonSchema) => ask(messages, jsonSchema, shownFirst);
          const { verdict, replies } = await askStrictly(askThisOrder, recognitionMessages(templates, question, shownFirst), recognitionJsonSchema(), reading, options.retries);
          return { ...verdict, replies };
        }),
      );
      return { identical: false, readings };
    },
  };
}

/** One order's reply read strictly: did the answer it named as its own (A or B) come from it. */
export function readRecognition(reply: string, shownFirst: RecognitionSide): Omit<RecognitionReading, 'replies'> {
  const read = readReplyObject<RecognitionChoice>(reply, recognitionChoiceSchema);
  if (read.parse === 'failed') return { shownFirst, parse: 'failed', reason: '', notes: read.notes };
  const named: RecognitionSide = read.value.wrote === 'A' ? shownFirst : shownFirst === 'own' ? 'other' : 'own';
  return { shownFirst, parse: read.parse, recognised: named === 'own', reason: read.value.reason, notes: read.notes };
}

function recognitionMessages(templates: PromptTemplates, { task, own, other }: RecognitionQuestion, shownFirst: RecognitionSide): ChatMessage[] {
  const [first, second] = shownFirst === 'own' ? [own, other] : [other, own];
  return [
    { role: 'system', content: fillTemplate(templates['recognition-system'], {}) },
    { role: 'user', content: fillTemplate(templates.recognition, { task: task.prompt.trimEnd(), first: first.trim(), second: second.trim() }) },
  ];
}
