import { ContextFullError } from '../chat/context-full.js';
import type { ChatMessage } from '../chat/types.js';
import type { TaskView } from '../datasets/task.js';
import { fillTemplate, type PromptTemplates } from '../prompts/templates.js';
import type { Verdict } from '../records/verdict.js';
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
 * (a loop's judge or the post-hoc panel), so the same verdict is one cached call. A reply that cannot be read
 * is shown back and asked for again, up to `retries` times; the last failure stays a failure. A question too
 * long for the judge's context is a failed verdict saying so: no reply to read, and asking again would not fit.
 */
export function rubricJudge(templates: PromptTemplates, options: RubricOptions): Judge<{ task: TaskView; answer: string }, RubricOutcome> {
  return {
    async judge({ task, answer }, ask) {
      const messages = rubricMessages(templates, task, answer, options.criteria);
      const schema = rubricJsonSchema(options.criteria);
      const replies: string[] = [];
      for (let asked = 0; ; asked++) {
        // A re-ask continues the conversation, so it is a new request, not a cache hit.
        const question = asked === 0 ? messages : [...messages, ...reaskSuffix(replies)];
        const reply = await ask(question, schema).catch((error: unknown) => {
          if (error instanceof ContextFullError) return error;
          throw error;
        });
        if (reply instanceof ContextFullError) return { verdict: failedVerdict([`context full: ${reply.message}`]), replies };
        replies.push(reply);
        const verdict = parseVerdict(replies.at(-1) ?? '', options.criteria);
        if (verdict.parse !== 'failed' || asked >= options.retries) return { verdict, replies };
      }
    },
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

/** After an unparseable verdict, the judge is shown its reply and asked again for the JSON alone. */
function reaskSuffix(replies: readonly string[]): ChatMessage[] {
  const last = replies.at(-1) ?? '';
  return [
    { role: 'assistant', content: last },
    { role: 'user', content: `That reply could not be read as the requested JSON object (attempt ${replies.length}). Reply again with only the JSON object.` },
  ];
}
