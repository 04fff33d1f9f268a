import type { TaskView } from '../datasets/task.js';
import { extractProgram } from '../execution/extract.js';
import { GatewayError, type ModelGateway } from '../providers/gateway.js';
import type { ChatMessage, ChatRequest } from '../providers/types.js';
import { fillTemplate, type PromptTemplates } from '../strategies/prompt-templates.js';
import type { Answer, Attempt, StopReason, StrategyContext, Trajectory } from '../strategies/types.js';
import type { CallRecord } from './record.js';

export interface TrialSetup {
  task: TaskView;
  strategyId: string;
  generator: string;
  repeat: number;
  seed: number;
  gateway: ModelGateway;
  templates: PromptTemplates;
  signal: AbortSignal;
}

/**
 * Does a trial's bookkeeping so strategies don't: numbers attempts, extracts code,
 * collects every call record. `calls` includes failed tries, which is why it lives here
 * and not in the returned trajectory.
 */
export class TrialContext implements StrategyContext {
  readonly attempts: Attempt[] = [];
  readonly calls: CallRecord[] = [];
  readonly prompts: StrategyContext['prompts'];

  constructor(private readonly setup: TrialSetup) {
    const { task, templates } = setup;
    this.prompts = {
      initial: () => [
        { role: 'system', content: fillTemplate(templates.system, {}) },
        {
          role: 'user',
          content: fillTemplate(task.kind === 'code' ? templates['initial-code'] : templates['initial-open'], {
            prompt: task.prompt,
          }),
        },
      ],
    };
  }

  get task(): TaskView {
    return this.setup.task;
  }

  get generator(): string {
    return this.setup.generator;
  }

  async generate(messages: ChatMessage[]): Promise<Answer> {
    const iteration = this.attempts.length + 1;
    const request: ChatRequest = {
      messages,
      seed: this.setup.seed,
      purpose: {
        taskId: this.task.id,
        strategy: this.setup.strategyId,
        role: 'generate',
        iteration,
        repeat: this.setup.repeat,
      },
    };
    const reply = await this.recordCalls(() => this.setup.gateway.chat(this.generator, request, this.setup.signal));
    const text = reply.result.text;
    const attempt: Attempt = { iteration, raw: text, code: null, program: null, callIds: reply.calls.map((call) => call.id) };
    if (this.task.kind === 'code') {
      const extracted = extractProgram(text, { prompt: this.task.prompt, entryPoint: this.task.entryPoint });
      if (extracted.ok) Object.assign(attempt, { code: extracted.code, program: extracted.program });
      else attempt.extractionError = extracted.reason;
    }
    this.attempts.push(attempt);
    return { attempt, text, program: attempt.program };
  }

  stop(reason: StopReason, finalIndex = this.attempts.length - 1): Trajectory {
    return { attempts: this.attempts, finalIndex, stopReason: reason };
  }

  /** The trial ends on an infrastructure failure; what was done so far is kept. */
  abandon(error: unknown): Trajectory {
    const message = error instanceof Error ? error.message : String(error);
    return { attempts: this.attempts, finalIndex: this.attempts.length - 1, stopReason: 'error', error: message };
  }

  private async recordCalls<T extends { calls: CallRecord[] }>(call: () => Promise<T>): Promise<T> {
    try {
      const reply = await call();
      this.calls.push(...reply.calls);
      return reply;
    } catch (error) {
      if (error instanceof GatewayError) this.calls.push(...error.calls);
      throw error;
    }
  }
}
