import type { CallInput, TaskView, TestCase } from '../datasets/task.js';
import { inputOfTest } from '../datasets/check-inputs.js';
import { callText } from '../execution/call-text.js';
import { extractProgram } from '../python/extract.js';
import type { TestRunner } from '../execution/grader.js';
import { rubricJudge, type RubricOptions } from '../judges/rubric.js';
import { pairwiseJudge, type PairwiseOptions } from '../judges/pairwise.js';
import type { PairwiseVerdict } from '../records/pairwise.js';
import { callsOf, type GatewayReply, type ModelGateway } from '../providers/gateway.js';
import { ContextFullError } from '../chat/context-full.js';
import type { TrialHandle } from '../providers/trial-activity.js';
import type { ChatMessage, ChatRequest } from '../chat/types.js';
import type { CallPurpose, CallRecord } from '../records/call.js';
import type { Attempt, BehaviourRun, JudgedComparison, JudgedVerdict, ObservedCall, TestRun } from '../records/attempt.js';
import type { CommentRole, StopReason } from '../records/lists.js';
import { PromptBook } from '../strategies/prompt-book.js';
import type { PromptTemplates } from '../prompts/templates.js';
import { SAMPLE_TEMPERATURE, type GenerateOptions, type OracleContext, type StrategyContext, type Trajectory } from '../strategies/types.js';
import type { Answer } from '../strategies/answer.js';
import { panelStrategy, type Grade } from '../records/record.js';
import { sampleSeed } from './plan.js';

export interface TrialSetup {
  task: TaskView;
  strategyId: string;
  generator: string;
  repeat: number;
  seed: number;
  gateway: ModelGateway;
  tests: TestRunner;
  templates: PromptTemplates;
  signal: AbortSignal;
  /** This trial, as the gateway's schedulers see it; absent, each call counts as a trial of its own. */
  trial?: TrialHandle;
}

/** A prompt at or above this share of the model's context risks silent truncation (Ollama drops its start). */
const contextWarningShare = 0.9;

/**
 * Does a trial's bookkeeping so strategies don't: numbers attempts, extracts code, runs
 * feedback tests, parses verdicts, and collects every call record (failed tries
 * included, which is why they live here and not in the returned trajectory).
 */
export class TrialContext implements StrategyContext {
  readonly attempts: Attempt[] = [];
  readonly calls: CallRecord[] = [];
  readonly notes: string[] = [];
  /** Tests the generator wrote for itself (Reflexion), kept for the record. */
  selfTests: string[] | undefined;
  readonly prompts: PromptBook;

  /** `#`-private: unreachable from a strategy at run time, not only by type. */
  readonly #setup: TrialSetup;
  /** Generations started: an attempt takes its number when its call starts, so samples in flight together keep distinct ones. */
  #started = 0;
  /** Model calls not yet returned, so the record can wait for samples still running when a sibling failed. */
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(setup: TrialSetup) {
    this.#setup = setup;
    this.prompts = new PromptBook(setup.templates, setup.task);
  }

  get task(): TaskView {
    return this.#setup.task;
  }

  get generator(): string {
    return this.#setup.generator;
  }

  async generate(messages: ChatMessage[], options: GenerateOptions = {}): Promise<Answer> {
    const sample = options.sample ?? 0;
    const seed = sampleSeed(this.#setup.seed, sample);
    const temperature = options.temperature ?? (sample === 0 ? undefined : SAMPLE_TEMPERATURE);
    const iteration = ++this.#started;
    const reply = await this.call(this.generator, messages, { role: 'generate', iteration }, { seed, temperature });
    const text = reply.result.text;
    const attempt: Attempt = {
      iteration,
      ...(sample === 0 ? {} : { sample }),
      raw: text,
      code: null,
      program: null,
      callIds: reply.calls.map((call) => call.id),
    };
    if (this.task.kind === 'code') {
      const extracted = extractProgram(text, { prompt: this.task.prompt, entryPoint: this.task.entryPoint });
      if (extracted.ok) Object.assign(attempt, { code: extracted.code, program: extracted.program });
      else attempt.extractionError = extracted.reason;
    } else {
      attempt.code = text;
    }
    this.keep(attempt);
    return { attempt, text, program: attempt.program, messages };
  }

  async judge(answer: Answer, judgeModel: string, options: RubricOptions): Promise<JudgedVerdict> {
    const { verdict, callIds } = await this.askJudge(answer.text, answer.attempt.iteration, judgeModel, options, this.#setup.strategyId);
    answer.attempt.callIds.push(...callIds);
    answer.attempt.verdict = verdict;
    return verdict;
  }

  /**
   * A post-hoc panel verdict on a finished attempt: the same rubric prompt as a loop's
   * judge, so a loop's own verdict and the panel's on the same answer are one cached call.
   */
  async panelJudge(attempt: Attempt, judgeModel: string, options: RubricOptions): Promise<JudgedVerdict> {
    return (await this.askJudge(attempt.raw, attempt.iteration, judgeModel, options, panelStrategy)).verdict;
  }

  async compare(answer: Answer, baseline: Answer, judgeModel: string, options: PairwiseOptions): Promise<JudgedComparison> {
    const { verdict, callIds } = await this.askPairwise(answer.attempt, baseline.attempt, judgeModel, options, this.#setup.strategyId);
    answer.attempt.callIds.push(...callIds);
    answer.attempt.comparison = { ...verdict, judge: judgeModel, baseline: baseline.attempt.iteration };
    return answer.attempt.comparison;
  }

  /**
   * A post-hoc pairwise verdict (judges/pairwise.ts): `attempt` against `baseline`, shown as their code (for code
   * tasks) or text, both orders asked of `judgeModel` and recorded as this trial's calls.
   */
  async panelCompare(attempt: Attempt, baseline: Attempt, judgeModel: string, options: PairwiseOptions): Promise<PairwiseVerdict> {
    return (await this.askPairwise(attempt, baseline, judgeModel, options, panelStrategy)).verdict;
  }

  /**
   * Asks `judgeModel` which of two attempts is better, shown as their code (for code tasks) or text, each call recorded
   * as this trial's: a strategy's comparison and the panel's of the same pair are the same cached calls.
   */
  private async askPairwise(
    attempt: Attempt,
    baseline: Attempt,
    judgeModel: string,
    options: PairwiseOptions,
    strategy: string,
  ): Promise<{ verdict: PairwiseVerdict; callIds: string[] }> {
    const shown = (answer: Attempt) => answer.code ?? answer.raw;
    const callIds: string[] = [];
    const verdict = await pairwiseJudge(this.#setup.templates, options).judge({ task: this.task, answer: shown(attempt), baseline: shown(baseline) }, async (messages, jsonSchema) => {
      const reply = await this.call(judgeModel, messages, { role: 'compare', iteration: attempt.iteration, answerBy: this.generator, strategy }, { jsonSchema });
      callIds.push(...reply.calls.map((call) => call.id));
      return reply.result.text;
    });
    return { verdict, callIds };
  }

  /** Asks `judgeModel` for a rubric verdict (judges/rubric.ts), each call recorded as this trial's. */
  private async askJudge(
    answerText: string,
    iteration: number,
    judgeModel: string,
    options: RubricOptions,
    strategy: string,
  ): Promise<{ verdict: JudgedVerdict; callIds: string[] }> {
    const callIds: string[] = [];
    const { verdict, replies } = await rubricJudge(this.#setup.templates, options).judge({ task: this.task, answer: answerText }, async (messages, jsonSchema) => {
      const reply = await this.call(judgeModel, messages, { role: 'judge', iteration, answerBy: this.generator, strategy }, { jsonSchema });
      callIds.push(...reply.calls.map((call) => call.id));
      return reply.result.text;
    });
    return { verdict: { ...verdict, judge: judgeModel, replies }, callIds };
  }

  async writeTests(count: number): Promise<TestCase[]> {
    const reply = await this.call(this.generator, this.prompts.writeTests(count), { role: 'write-tests', iteration: 0 });
    const candidates = assertLines(reply.result.text).slice(0, count);
    if (candidates.length === 0) {
      this.selfTests = [];
      return [];
    }
    // Keep the asserts that parse: compiling each is a test of its own, run in the sandbox.
    const parsed = await this.#setup.tests.run(
      '',
      candidates.map((line, index) => ({ name: `parse_${index}`, code: `compile(${JSON.stringify(line)}, '<test>', 'exec')` })),
    );
    if (parsed.status === 'infra-error') throw new Error(`the sandbox failed while checking self-written tests: ${parsed.stderr.slice(0, 300)}`);
    const kept = candidates.filter((_, index) => parsed.tests[index]?.passed);
    this.selfTests = kept;
    if (kept.length < candidates.length) this.note(`${candidates.length - kept.length} self-written tests did not parse and were dropped`);
    return kept.map((code, index) => ({ name: `self_${index + 1}`, code }));
  }

  async runTests(answer: Answer, tests: readonly TestCase[], source: TestRun['source']): Promise<TestRun> {
    let run: TestRun;
    if (answer.program === null) {
      run = { source, status: 'no-code', passed: false, tests: tests.map((test) => ({ name: test.name, code: test.code, passed: false })) };
    } else {
      const result = await this.#setup.tests.run(answer.program, tests);
      if (result.status === 'infra-error') throw new Error(`the sandbox failed while running feedback tests: ${result.stderr.slice(0, 300)}`);
      run = {
        source,
        status: result.status,
        passed: result.status === 'passed',
        tests: result.tests.map((outcome, index) => ({ ...outcome, code: tests[index]?.code ?? outcome.name })),
      };
    }
    answer.attempt.feedback = run;
    return run;
  }

  async behaviours(answers: readonly Answer[], tests: readonly TestCase[], source: BehaviourRun['source']): Promise<BehaviourRun[] | undefined> {
    const entryPoint = this.task.entryPoint;
    if (entryPoint === undefined) return undefined;
    const read = tests.map((test) => ({ test: test.code, input: inputOfTest(test.code, entryPoint) }));
    const unread = read.filter(({ input }) => input === undefined).length;
    if (unread > 0) this.note(`${unread} of ${tests.length} tests give no input (not an assert on a call with literal arguments): left out`);
    // An input asserted twice is still one input.
    const inputs = new Map<string, { test: string; input: CallInput }>();
    for (const { test, input } of read) if (input !== undefined && !inputs.has(input.args)) inputs.set(input.args, { test, input });
    if (inputs.size === 0) return undefined;
    return Promise.all(answers.map((answer) => this.observe(answer, entryPoint, [...inputs.values()], source)));
  }

  /** One answer called on the inputs, kept on its attempt. */
  private async observe(answer: Answer, entryPoint: string, inputs: readonly { test: string; input: CallInput }[], source: BehaviourRun['source']): Promise<BehaviourRun> {
    const described = (behaviour: (index: number) => Pick<ObservedCall, 'key' | 'shown'>): ObservedCall[] =>
      inputs.map(({ test, input }, index) => ({ call: callText(entryPoint, input), test, ...behaviour(index) }));
    let run: BehaviourRun;
    if (answer.program === null) {
      run = { source, status: 'no-code', calls: described(() => ({ key: 'no code', shown: 'no code to run' })) };
    } else {
      const result = await this.#setup.tests.behaviour(answer.program, entryPoint, inputs.map(({ input }) => input));
      if (result.status === 'infra-error') throw new Error(`the sandbox failed while calling an answer on its tests' inputs: ${result.stderr.slice(0, 300)}`);
      run = { source, status: result.status, calls: described((index) => result.calls[index]!) };
    }
    answer.attempt.behaviour = run;
    return run;
  }

  async comment(role: CommentRole, messages: ChatMessage[], answer: Answer): Promise<string> {
    const reply = await this.call(this.generator, messages, { role, iteration: answer.attempt.iteration });
    answer.attempt.callIds.push(...reply.calls.map((call) => call.id));
    answer.attempt.comment = { role, text: reply.result.text.trim() };
    return answer.attempt.comment.text;
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  stop(reason: StopReason, finalIndex = this.attempts.length - 1): Trajectory {
    return { attempts: [...this.attempts], finalIndex, stopReason: reason };
  }

  /**
   * The trial ends on a failure; what was done so far is kept (not samples that return later). A prompt too long for
   * the model's context stops it `context-full` (asking again would not fit either); anything else is an infrastructure error.
   */
  abandon(error: unknown): Trajectory {
    const message = error instanceof Error ? error.message : String(error);
    const stopReason = error instanceof ContextFullError ? 'context-full' : 'error';
    return { attempts: [...this.attempts], finalIndex: this.attempts.length - 1, stopReason, error: message };
  }

  /** Resolves once no call is in flight: a sample still running when its sibling failed has its call records in by then. */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /** Attempts stay in the order their calls started, whichever returned first. */
  private keep(attempt: Attempt): void {
    const later = this.attempts.findIndex((other) => other.iteration > attempt.iteration);
    if (later < 0) this.attempts.push(attempt);
    else this.attempts.splice(later, 0, attempt);
  }

  private async call(
    model: string,
    messages: ChatMessage[],
    purpose: Pick<CallPurpose, 'role' | 'iteration' | 'answerBy'> & { strategy?: string },
    { seed = this.#setup.seed, temperature, jsonSchema }: { seed?: number; temperature?: number | undefined; jsonSchema?: Record<string, unknown> } = {},
  ): Promise<GatewayReply> {
    // Keys in this order, and only those set: the cache key hashes the request, so sample 0 stays today's call.
    const request: ChatRequest = {
      messages,
      seed,
      ...(temperature === undefined ? {} : { temperature }),
      ...(jsonSchema ? { jsonSchema } : {}),
      purpose: { taskId: this.task.id, strategy: this.#setup.strategyId, repeat: this.#setup.repeat, ...purpose },
    };
    const recorded = this.recordCalls(model, this.#setup.gateway.chat(model, request, this.#setup.signal, this.#setup.trial));
    this.#inFlight.add(recorded);
    try {
      return await recorded;
    } finally {
      this.#inFlight.delete(recorded);
    }
  }

  /** Keeps every try's call record, whether the request succeeded or failed. */
  private async recordCalls(model: string, pending: Promise<GatewayReply>): Promise<GatewayReply> {
    try {
      const reply = await pending;
      this.calls.push(...reply.calls);
      this.watchContext(model, reply);
      return reply;
    } catch (error) {
      this.calls.push(...callsOf(error));
      throw error;
    }
  }

  private watchContext(model: string, reply: GatewayReply): void {
    const window = this.#setup.gateway.contextWindow(model);
    const tokens = reply.result.promptTokens;
    if (window === undefined || tokens === undefined || tokens < window.tokens * contextWarningShare) return;
    this.note(
      `a prompt to "${model}" used ${tokens} of ${window.tokens} context tokens${window.assumed ? ' (the server default; set options.num_ctx)' : ''}: its start may have been cut`,
    );
  }
}

/** Single-line asserts from a reply, whether fenced or not. */
function assertLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.startsWith('assert '));
}

/** The context of oracle strategies alone (`feedback: 'oracle'`): the runner builds it with the grader's hand, no fair strategy gets one. */
export class OracleTrialContext extends TrialContext implements OracleContext {
  readonly #gradeHidden: (program: string | null) => Promise<Grade>;

  constructor(setup: TrialSetup, gradeHidden: (program: string | null) => Promise<Grade>) {
    super(setup);
    this.#gradeHidden = gradeHidden;
  }

  /** The grade's messages as feedback: which tests (or input suites) failed and why, never the tests' code. */
  async runHiddenTests(answer: Answer): Promise<TestRun> {
    const grade = await this.#gradeHidden(answer.program);
    if (grade.status === 'infra-error') throw new Error('the sandbox failed while running the hidden tests');
    const run: TestRun = {
      source: 'oracle',
      status: grade.status,
      passed: grade.passed,
      tests: grade.tests.map((outcome) => ({ ...outcome, code: `hidden tests: ${outcome.name}` })),
    };
    answer.attempt.feedback = run;
    return run;
  }
}
