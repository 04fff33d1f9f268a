import type { TaskView } from '../datasets/task.js';
import type { Verdict } from '../records/verdict.js';
import type { TestRun } from '../records/attempt.js';
import type { ChatMessage } from '../chat/types.js';
import { fillTemplate, listItems, type PromptTemplates } from '../prompts/templates.js';
import type { Answer } from './answer.js';

/**
 * Builds every prompt a strategy sends, from the templates. Revisions continue the
 * conversation that produced the answer, so a retry sees what it wrote before — and
 * each retry's prompt is longer than the last, which is why prompt tokens are watched.
 */
export class PromptBook {
  constructor(
    private readonly templates: PromptTemplates,
    private readonly task: TaskView,
  ) {}

  /** The first generation prompt: the same for every strategy, so first answers are shared. */
  initial(): ChatMessage[] {
    const template = this.task.kind === 'code' ? this.templates['initial-code'] : this.templates['initial-open'];
    return [this.system(), user(fillTemplate(template, { prompt: this.task.prompt.trimEnd() }))];
  }

  revise(answer: Answer, verdict: Verdict): ChatMessage[] {
    return [
      ...this.continuing(answer),
      user(
        fillTemplate(this.templates.revise, {
          score: String(verdict.score ?? 'n/a'),
          issues: bullets(verdict.issues),
          suggestions: bullets(verdict.suggestions),
        }),
      ),
    ];
  }

  writeTests(count: number): ChatMessage[] {
    return [
      this.system(),
      user(fillTemplate(this.templates['write-tests'], { count: String(count), entryPoint: this.task.entryPoint ?? '', prompt: this.task.prompt.trimEnd() })),
    ];
  }

  reflect(answer: Answer, run: TestRun): ChatMessage[] {
    return [
      this.system(),
      user(
        fillTemplate(this.templates.reflect, {
          prompt: this.task.prompt.trimEnd(),
          code: (answer.attempt.code ?? answer.text).trimEnd(),
          feedback: describeTestRun(run),
        }),
      ),
    ];
  }

  /**
   * As in Reflexion, the next try sees the task, its last code, that code's feedback and the
   * reflections in memory — not the whole history, which is what the memory window bounds.
   */
  reflexionRevise(answer: Answer, run: TestRun, reflections: readonly string[]): ChatMessage[] {
    return this.about(answer, fillTemplate(this.templates['reflexion-revise'], { feedback: describeTestRun(run), reflections: bullets(reflections) }));
  }

  /**
   * Self-Debug's explanation request: the code traced line by line on the first failed test, whose code holds the
   * inputs and whose error the output it got or the exception it raised.
   */
  explain(answer: Answer, run: TestRun): ChatMessage[] {
    const failed = run.tests.find((test) => !test.passed);
    return this.about(answer, fillTemplate(this.templates.explain, { feedback: describeTestRun(run), test: failed?.code ?? '', outcome: failed?.error ?? run.status }));
  }

  /** Self-Debug's fix, asked with the explanation in the conversation. */
  debugRevise(explaining: ChatMessage[], explanation: string): ChatMessage[] {
    return followUp(explaining, explanation, fillTemplate(this.templates['debug-revise'], {}));
  }

  /** The shipped principles (a list template) critique-revise critiques against unless the config gives its own. */
  principles(): string[] {
    const principles = listItems(this.templates.principles.text);
    if (principles.length === 0) throw new Error('the prompt template "principles" lists no principle (one a line, each starting with "- ")');
    return principles;
  }

  /** Constitutional AI's critique request: the current answer against one principle. */
  critique(answer: Answer, principle: string): ChatMessage[] {
    return this.about(answer, fillTemplate(this.templates.critique, { principle }));
  }

  /** Its revision request, after the critique: request, answer, critique request, critique, revision request, as in the paper. */
  critiqueRevise(critiquing: ChatMessage[], critique: string): ChatMessage[] {
    return followUp(critiquing, critique, fillTemplate(this.templates['critique-revise'], {}));
  }

  /** Self-Refine's FEEDBACK step on the current answer. */
  feedback(answer: Answer): ChatMessage[] {
    return this.about(answer, fillTemplate(this.templates.feedback, {}));
  }

  /** Self-Refine's REFINE step: the task, then each round's answer and the feedback on it, the latest last. */
  refine(rounds: readonly { answer: Answer; feedback: string }[]): ChatMessage[] {
    return [...this.initial(), ...rounds.flatMap(({ answer, feedback }) => [assistant(answer.text), user(fillTemplate(this.templates.refine, { feedback }))])];
  }

  private system(): ChatMessage {
    return { role: 'system', content: fillTemplate(this.templates.system, {}) };
  }

  /**
   * A request about an answer, asked after the task and that answer alone: whatever came before it (earlier tries,
   * their feedback) is left out, so the prompt does not grow with every round.
   */
  private about(answer: Answer, request: string): ChatMessage[] {
    return [...this.initial(), assistant(answer.text), user(request)];
  }

  private continuing(answer: Answer): ChatMessage[] {
    return [...answer.messages, assistant(answer.text)];
  }
}

/** Feedback as a model reads it: which tests passed, which failed, with the actual output or error. */
export function describeTestRun(run: TestRun): string {
  if (run.status === 'no-code') return 'No code could be found in the answer, so no test ran.';
  const passed = run.tests.filter((test) => test.passed);
  const failed = run.tests.filter((test) => !test.passed);
  const parts = [`${passed.length} of ${run.tests.length} tests passed.`];
  if (run.status !== 'passed' && run.status !== 'failed') parts.push(`The run ended with status "${run.status}".`);
  if (passed.length > 0) parts.push(`Passed:\n${passed.map((test) => `- ${test.code}`).join('\n')}`);
  if (failed.length > 0) parts.push(`Failed:\n${failed.map((test) => `- ${test.code}\n  ${test.error ?? 'failed'}`).join('\n')}`);
  return parts.join('\n\n');
}

function user(content: string): ChatMessage {
  return { role: 'user', content };
}

function assistant(content: string): ChatMessage {
  return { role: 'assistant', content };
}

/** The conversation so far, the model's reply to it, and the next request. */
function followUp(asked: ChatMessage[], reply: string, request: string): ChatMessage[] {
  return [...asked, assistant(reply), user(request)];
}

function bullets(items: readonly string[]): string {
  return items.length === 0 ? '- (none given)' : items.map((item) => `- ${item}`).join('\n');
}
