import type { ChatMessage } from '../chat/types.js';
import type { TaskView } from '../datasets/task.js';
import { fillTemplate, type PromptTemplates } from '../prompts/templates.js';
import type { Verdict } from '../records/verdict.js';
import { askStrictly } from './ask-strictly.js';
import type { Judge } from './judge.js';
import { failedVerdict, parseVerdict } from './parse-verdict.js';
import { rubricJsonSchema } from './verdict.js';

/** How a rubric judge is asked: on which criteria, and how many times more after a reply that cannot be read. */
export interface RubricOptions {
  criteria: readonly string[];
  retries: number;
}

/** A rubric verdict and every raw reply that led to it (re-asks after a parse failure included). */
export interface RubricOutcome {
  verdict: Verdict;
  replies: string[];
}

/**
 * The rubric judge: one answer to one task, scored on the criteria. The prompt is the same whoever judges
 * (a loop's judge or the post-hoc panel), so the same verdict is one cached call. Unreadable replies are asked
 * again and a question too long for the judge's context fails, as ask-strictly.ts says.
 */
export function rubricJudge(templates: PromptTemplates, options: RubricOptions): Judge<{ task: TaskView; answer: string }, RubricOutcome> {
  const reading = { read: (reply: string) => parseVerdict(reply, options.criteria), failed: failedVerdict };
  return {
    judge: ({ task, answer }, ask) =>
      askStrictly(ask, rubricMessages(templates, task, answer, options.criteria), rubricJsonSchema(options.criteria), reading, options.retries),
  };
}

function rubricMessages(templates: PromptTemplates, task: TaskView, answer: string, criteria: readonly string[]): ChatMessage[] {
  return [
    { role: 'system', content: fillTemplate(templates['judge-system'], {}) },
    {
      role: 'user',
      content: fillTemplate(templates.judge, {
        task: task.prompt.trimEnd(),
        answer: answer.trim(),
        criteria: criteria.join(', '),
        criteriaShape: `{${criteria.map((name) => `"${name}": 0-10`).join(', ')}}`,
      }),
    },
  ];
}
