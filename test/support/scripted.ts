import type { ConfiguredStrategy } from '../../src/config/load.js';
import { instantiate } from '../../src/strategies/instance.js';
import type { Task } from '../../src/datasets/task.js';
import { ModelGateway } from '../../src/providers/gateway.js';
import type { ContextWindow } from '../../src/providers/prompt-budget.js';
import { ProviderError, type Provider } from '../../src/providers/types.js';
import type { ChatRequest } from '../../src/chat/types.js';
import type { TrialRecord } from '../../src/records/record.js';
import { runTrial } from '../../src/run/runner.js';
import { loadPromptTemplates } from '../../src/prompts/templates.js';
import { strategyRegistry } from '../../src/strategies/registry.js';
import { processGrader } from './grading.js';

/** One scripted reply: the call it must answer (model and role) and what it says, or a failure. */
export interface Step {
  model: string;
  role: ChatRequest['purpose']['role'];
  reply: string | ProviderError;
}

/**
 * Models that answer from a script, in order, and log every call as `model:role:iteration`.
 * A call the script does not expect fails the test loudly instead of improvising.
 */
export class Script {
  readonly log: string[] = [];
  readonly requests: ChatRequest[] = [];
  private readonly steps: Step[];

  constructor(
    steps: Step[],
    private readonly promptTokens = 10,
  ) {
    this.steps = [...steps];
  }

  provider(name: string): Provider {
    return {
      kind: 'scripted',
      endpoint: `scripted://${name}`,
      model: `${name}-model`,
      settings: {},
      preflight: async () => {},
      chat: async (request) => {
        this.log.push(`${name}:${request.purpose.role}:${request.purpose.iteration}`);
        this.requests.push(request);
        const step = this.steps.shift();
        if (!step || step.model !== name || step.role !== request.purpose.role) {
          throw new Error(`unexpected call ${name}:${request.purpose.role} (script expected ${step ? `${step.model}:${step.role}` : 'nothing'})`);
        }
        if (step.reply instanceof ProviderError) throw step.reply;
        return { text: step.reply, promptTokens: this.promptTokens, completionTokens: 5, timings: { wallMs: 1 } };
      },
    };
  }

  get remaining(): number {
    return this.steps.length;
  }
}

/** Steps the generator `coder` answers in one role: `const generate = coder('generate')`. */
export const coder =
  (role: Step['role']) =>
  (reply: string | ProviderError): Step => ({ model: 'coder', role, reply });
/** A failed model call that no retry mends: the trial must stop with `error`. */
export const down = new ProviderError('http', 'Ollama answered 400: bad request', 400);

/** A request as the cache keys it: its purpose only labels the call record. */
export function cacheKeyOf({ purpose: _purpose, ...request }: ChatRequest): Omit<ChatRequest, 'purpose'> {
  return request;
}

/** One-shot's first request on `task`, as the cache keys it: every strategy's first generation must be exactly this. */
export async function oneShotFirstRequest(task = addTask()): Promise<Omit<ChatRequest, 'purpose'>> {
  const { script } = await runScripted(instance('one-shot'), [coder('generate')(right)], task);
  return cacheKeyOf(script.requests[0]!);
}

export const code = (body: string) => `Here you go:\n\`\`\`python\ndef add(a: int, b: int) -> int:\n    ${body}\n\`\`\``;
export const right = code('return a + b');
export const wrong = code('return a - b');
export const otherWrong = code('return a * b');
export const verdict = (overall: number) =>
  JSON.stringify({ overall, criteria: { completeness: overall, correctness: overall, best_practices: overall, error_handling: overall }, issues: ['check the operator'], suggestions: ['add tests'], assessment: 'ok' });
/** A hidden input's first argument: it reaches a model only through the oracle's feedback. */
export const hiddenMarker = '91344';
export const referenceMarker = 'REFERENCE_MARKER_5e02';

export function addTask(options: { visible?: boolean } = {}): Task {
  const prompt = 'def add(a: int, b: int) -> int:\n    """Return the sum of a and b."""\n';
  const reference = `${prompt}    return a + b  # ${referenceMarker}\n`;
  const inputs = [`(${hiddenMarker}, 1)`, '(2, 2)', '(-1, 1)'].map((args) => ({ format: 'python' as const, args }));
  return {
    view: {
      id: 'add',
      kind: 'code',
      language: 'python',
      prompt,
      entryPoint: 'add',
      visibleTests: options.visible === false ? [] : [{ name: 'visible_1', code: 'assert add(1, 2) == 3' }],
      visibleTestSource: options.visible === false ? 'none' : 'dataset',
    },
    hidden: { grading: { style: 'differential', entryPoint: 'add', reference, suites: [{ name: 'base', inputs }], atol: 0, comparison: 'equal' }, reference },
  };
}

/** An open-ended request: no tests, judged only, left out of pass@1. */
export function openTask(): Task {
  return {
    view: { id: 'open/x', kind: 'open', language: 'python', prompt: 'Design a rate limiter for a REST API.', visibleTests: [], visibleTestSource: 'none' },
    hidden: { grading: { style: 'asserts', tests: [] } },
  };
}

export function instance(use: string, options: Record<string, unknown> = {}, id = use): ConfiguredStrategy {
  const definition = strategyRegistry.get(use);
  if (!definition) throw new Error(`no strategy ${use}`);
  const made = instantiate(definition, id, options);
  if ('issues' in made) throw new Error(`${use}: ${made.issues.map((issue) => issue.message).join('; ')}`);
  return { ...made.instance, entry: { id, use, ...options } };
}

const grader = processGrader();
const templates = loadPromptTemplates();

/** Runs one trial of `strategy` on `task` against the script's models (`coder` generates, `judge` judges). */
export async function runScripted(
  strategy: ConfiguredStrategy,
  steps: Step[],
  task = addTask(),
  options: { promptTokens?: number; contextWindow?: ContextWindow } = {},
): Promise<{ record: TrialRecord; script: Script }> {
  const script = new Script(steps, options.promptTokens);
  const gateway = new ModelGateway({ retry: { retries: 0, backoffMs: 1 } });
  gateway.register('coder', script.provider('coder'), { contextWindow: options.contextWindow });
  gateway.register('judge', script.provider('judge'));
  const record = await runTrial(
    { key: 'k', task, strategy, generator: 'coder', repeat: 0, seed: 1 },
    { gateway, grader, templates, onRecord: () => {}, trialWindow: 1, signal: new AbortController().signal },
  );
  return { record, script };
}
