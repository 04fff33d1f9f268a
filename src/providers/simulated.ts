import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { mutantsOf } from '../python/mutants.js';
import type { Task } from '../datasets/task.js';
import { normalOf, pick, uniformAfter } from '../util/hash-random.js';
import { commonSpec, defineProvider, providerKind, sharedOptions } from './define-provider.js';
import type { SimulatedGpu } from './simulated-gpu.js';
import type { SimulatedTask, SimulationOracle } from './simulated-task.js';
import { ProviderError, type Provider } from './types.js';
import type { ChatMessage, ChatRequest, ChatResult } from '../chat/types.js';

/** A normal distribution of judge scores (0–10, clipped). */
const scoreDistribution = (what: string, mean: number, sd: number) =>
  z
    .strictObject({ mean: z.number().describe('Mean score'), sd: z.number().min(0).describe('Standard deviation') })
    .default({ mean, sd })
    .describe(`Scores of ${what} answers`);

/** A probability for correct and for incorrect answers. */
const perCorrectness = (what: string) =>
  z.number().min(0).max(1).describe(`For ${what} answers`);

/** Planted properties of the simulated model; the metrics must recover them. */
export const simulatedModelSchema = z
  .strictObject({
    provider: providerKind('simulated'),
    ...commonSpec,
    options: z.strictObject({ ...sharedOptions }).default({}).describe('Sampling options, as a real model\'s (they change the draws)'),
    accuracy: z
      .number()
      .min(0)
      .max(1)
      .default(0.6)
      .describe(
        'P(a fresh answer is correct): the first answer, and each independent sample of it. Samples are told apart by their seed alone, as on a real server, so n samples with distinct seeds are n independent draws',
      ),
    fixRate: z.number().min(0).max(1).default(0.3).describe('Per retry: P(a wrong answer becomes right)'),
    breakRate: z.number().min(0).max(1).default(0.05).describe('Per retry: P(a right answer becomes wrong)'),
    judgeScore: z
      .strictObject({ correct: scoreDistribution('correct', 7.5, 1.2), incorrect: scoreDistribution('incorrect', 5, 1.5) })
      .default({ correct: { mean: 7.5, sd: 1.2 }, incorrect: { mean: 5, sd: 1.5 } })
      .describe('Judge score distributions (0–10, normal, clipped) for correct and incorrect code'),
    feedbackStop: z
      .strictObject({ correct: perCorrectness('correct'), incorrect: perCorrectness('incorrect') })
      .default({ correct: 0.8, incorrect: 0.2 })
      .describe('Self-Refine: P(its feedback on its own answer says nothing is left to fix), for correct and incorrect answers'),
    selfBonus: z.number().default(0).describe('Extra points when it judges an answer it wrote itself'),
    positionBias: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .describe(
        'Position bias of its pairwise judgments: P(it prefers the answer shown first, whatever the two say). Otherwise it prefers the better answer, and calls answers equally good a tie; asked in both orders, a pair with a better answer then agrees with probability 1 − positionBias',
      ),
    recognitionAccuracy: z
      .number()
      .min(0)
      .max(1)
      .default(0.5)
      .describe(
        'Self-recognition: P(asked which of two answers it wrote, it names its own). It tells its own answer by the call\'s `answerBy` (who wrote answer A), standing in for the stylistic cues a real model would go by',
      ),
    judgeFormatErrorRate: z.number().min(0).max(1).default(0).describe('P(a judge reply is not parseable JSON)'),
    latencyMs: z.number().min(0).default(0).describe('Latency per call in ms (spent for real, so timings are exercised)'),
  })
  .describe('A simulated model: it writes the dataset\'s reference solutions or real mutants of them with planted odds, to exercise the harness and check that the metrics recover what was planted');

type SimulatedModelSpec = z.output<typeof simulatedModelSchema>;

export default defineProvider({
  kind: 'simulated',
  spec: simulatedModelSchema,
  simulated: true,
  create: (name, spec, { oracle, gpu }) => createSimulatedProvider(name, spec, oracle, gpu),
});

/**
 * The simulated model's knowledge of the dataset. It is a provider, not a strategy: it
 * stands in for a model that happens to know the reference, and strategies still see
 * only what it writes.
 */
export function simulationOracle(tasks: readonly Task[]): SimulationOracle {
  const byId = new Map(tasks.map((task) => [task.view.id, task]));
  return (taskId) => {
    const task = byId.get(taskId);
    return task && simulatedTask(task);
  };
}

/** What it knows of each task, worked out once per task: runs over one loaded dataset (a study's many seeds) share it. */
const knowledge = new WeakMap<Task, SimulatedTask>();

function simulatedTask(task: Task): SimulatedTask {
  let simulated = knowledge.get(task);
  if (!simulated) {
    const { view } = task;
    const reference = task.hidden.reference;
    simulated = {
      id: view.id,
      kind: view.kind,
      prompt: view.prompt,
      entryPoint: view.entryPoint,
      reference,
      mutants: reference && view.entryPoint ? mutantsOf(reference, view.entryPoint) : [],
      visibleTests: view.visibleTests.map((test) => test.code),
    };
    knowledge.set(task, simulated);
  }
  return simulated;
}

type Quality = 'correct' | 'incorrect';

/**
 * A deterministic stand-in model with planted properties, so runs need no GPU and the
 * metrics can be checked against known truth. Every draw hashes (model, seed, purpose,
 * conversation): identical requests get identical answers, whatever runs concurrently.
 */
export function createSimulatedProvider(name: string, spec: SimulatedModelSpec, oracle: SimulationOracle, gpu: SimulatedGpu): Provider {
  return {
    kind: 'simulated',
    // All simulated models share one GPU, so they share one endpoint, as models on one Ollama do.
    endpoint: 'simulated://gpu',
    model: spec.model,
    // The self-bonus depends on the config name, so two names with one spec are different models.
    settings: { name, spec },
    async preflight() {},
    async chat(request, signal) {
      const started = performance.now();
      const task = oracle(request.purpose.taskId);
      if (!task) throw new ProviderError('bad-response', `the simulated model knows no task "${request.purpose.taskId}"`);
      const previous = latestAnswer(task, request.messages);
      const draw = drawFor(spec, request, previous === undefined);
      const text = reply(name, spec, task, request, previous, draw);
      let loadMs = 0;
      try {
        loadMs = await gpu.use(spec.model, signal);
        if (spec.latencyMs > 0) await sleep(spec.latencyMs, undefined, { signal });
      } catch {
        throw new ProviderError('aborted', 'the call was cancelled');
      }
      const promptChars = request.messages.reduce((sum, message) => sum + message.content.length, 0);
      return {
        text,
        promptTokens: Math.ceil(promptChars / 4),
        completionTokens: Math.ceil(text.length / 4),
        timings: { wallMs: performance.now() - started, loadMs, promptMs: 0, generateMs: spec.latencyMs },
        doneReason: 'stop',
      } satisfies ChatResult;
    },
  };
}

interface Draw {
  (label: string): number;
  normal(label: string): number;
}

/**
 * Every draw of one request. A fresh generation (no answer of its own in the conversation to revise) does not
 * depend on the attempt's number, only on the seed: a server asked the same prompt with the same seed answers
 * the same, so samples differ only if their seeds do. Its number is read as 1, that of every first answer.
 */
function drawFor(spec: SimulatedModelSpec, request: ChatRequest, fresh: boolean): Draw {
  const { purpose } = request;
  const conversation = request.messages.map((message) => `${message.role}:${message.content}`).join('\n');
  const iteration = fresh && purpose.role === 'generate' ? 1 : purpose.iteration;
  const draw = uniformAfter(spec.model, request.seed ?? 0, purpose.taskId, purpose.role, iteration, purpose.repeat, purpose.answerBy ?? '', conversation);
  return Object.assign((label: string) => draw(label), { normal: (label: string) => normalOf(draw, label) });
}

function reply(
  name: string,
  spec: SimulatedModelSpec,
  task: SimulatedTask,
  request: ChatRequest,
  previous: { quality: Quality } | undefined,
  draw: Draw,
): string {
  switch (request.purpose.role) {
    case 'generate': {
      const quality = nextQuality(spec, previous, draw);
      return task.kind === 'open' ? openAnswer(task, quality) : codeAnswer(task, quality, draw);
    }
    case 'judge':
      return judgeReply(spec, previous?.quality ?? 'incorrect', request.purpose.answerBy === name, draw);
    case 'compare':
      return compareReply(spec, answerShown(task, request.messages, 'first'), previous, draw);
    case 'recognise':
      return recognitionReply(spec, request.purpose.answerBy === name, draw);
    case 'reflect':
      return 'The previous implementation fails on some inputs: it mishandles an edge case in the main loop. I should re-read the specification, check the boundary conditions and the comparison operators, and handle empty input explicitly.';
    case 'explain':
      return 'Line by line on the failing test: the signature binds the arguments, the loop walks the input, and the comparison inside it takes the wrong branch at the boundary, so the value returned at the end differs from the expected one.';
    case 'critique':
      return previous?.quality === 'correct'
        ? 'The answer meets the principle; at most, one step could be explained more clearly.'
        : 'The answer falls short of the principle: it mishandles an edge case and does not do exactly what the request asks.';
    case 'feedback':
      return draw('feedback-stop') < spec.feedbackStop[previous?.quality ?? 'incorrect']
        ? 'The answer does what the request asks and handles its edge cases; nothing is left to fix.\nDECISION: STOP'
        : 'The answer mishandles an edge case at the boundary and should check its comparisons against the request.\nDECISION: REFINE';
    case 'write-tests':
      return ['Here are some tests:', '```python', ...task.visibleTests, '```'].join('\n');
  }
}

/** Planted dynamics: fresh answers (first ones, samples) are right with `accuracy`; each retry fixes with `fixRate` and breaks with `breakRate`. */
function nextQuality(spec: SimulatedModelSpec, previous: { quality: Quality } | undefined, draw: Draw): Quality {
  const p = draw('outcome');
  if (!previous) return p < spec.accuracy ? 'correct' : 'incorrect';
  if (previous.quality === 'correct') return p < spec.breakRate ? 'incorrect' : 'correct';
  return p < spec.fixRate ? 'correct' : 'incorrect';
}

/** Rubric JSON like a judge model writes it, with the planted score distribution and self-bonus. */
function judgeReply(spec: SimulatedModelSpec, quality: Quality, ownAnswer: boolean, draw: Draw): string {
  if (draw('format-error') < spec.judgeFormatErrorRate) {
    return 'The code looks reasonable overall and handles the main cases, so I would rate it fairly highly.';
  }
  const { mean, sd } = spec.judgeScore[quality];
  const raw = mean + sd * draw.normal('score') + (ownAnswer ? spec.selfBonus : 0);
  const overall = Math.round(Math.min(10, Math.max(0, raw)) * 10) / 10;
  const criterion = (label: string) => Math.round(Math.min(10, Math.max(0, overall + (draw(label) - 0.5) * 2)));
  const verdict = {
    overall,
    criteria: {
      completeness: criterion('completeness'),
      correctness: criterion('correctness'),
      best_practices: criterion('best_practices'),
      error_handling: criterion('error_handling'),
    },
    issues: quality === 'incorrect' ? ['Some edge cases may produce wrong results.'] : [],
    suggestions: ['Add input validation and a few more tests.'],
    assessment: overall >= 7 ? 'A solid solution.' : 'The solution needs work.',
  };
  const json = JSON.stringify(verdict, null, 2);
  return draw('fence') < 0.5 ? json : `Here is my evaluation:\n\`\`\`json\n${json}\n\`\`\``;
}

/**
 * A pairwise preference like a judge model writes it: with the planted position bias the answer shown first (A),
 * otherwise the better of the two (the first answer in the conversation, and the last), a tie between equals.
 */
function compareReply(spec: SimulatedModelSpec, first: { quality: Quality } | undefined, second: { quality: Quality } | undefined, draw: Draw): string {
  if (draw('format-error') < spec.judgeFormatErrorRate) return 'Both answers have merits, but the first one is somewhat clearer overall.';
  const rank = (answer: { quality: Quality } | undefined) => (answer?.quality === 'correct' ? 1 : 0);
  const merit = rank(first) - rank(second);
  const winner = draw('position') < spec.positionBias || merit > 0 ? 'A' : merit < 0 ? 'B' : 'tie';
  const reason = { A: 'Answer A does what the request asks more completely.', B: 'Answer B does what the request asks more completely.', tie: 'Both answers serve the request equally well.' }[winner];
  return JSON.stringify({ winner, reason });
}

/** Which of two answers it wrote, A being its own when `ownFirst`: its own with the planted recognition accuracy. */
function recognitionReply(spec: SimulatedModelSpec, ownFirst: boolean, draw: Draw): string {
  if (draw('format-error') < spec.judgeFormatErrorRate) return 'Both answers look like something I could have written.';
  const namesOwn = draw('recognition') < spec.recognitionAccuracy;
  const wrote = namesOwn === ownFirst ? 'A' : 'B';
  return JSON.stringify({ wrote, reason: `Answer ${wrote} reads like my own phrasing.` });
}

function programFor(task: SimulatedTask, quality: Quality, draw: Draw): string {
  if (quality === 'correct' && task.reference) return task.reference;
  if (task.mutants.length > 0) return pick(task.mutants, draw('mutant'));
  return `${task.prompt}    pass\n`;
}

/** Wraps code the way chat models do, so extraction is exercised: fences, prose, body-only, two blocks. */
function codeAnswer(task: SimulatedTask, quality: Quality, draw: Draw): string {
  const program = programFor(task, quality, draw).trimEnd();
  const body = program.startsWith(task.prompt) ? program.slice(task.prompt.length).replace(/^\n+/, '') : undefined;
  const entry = task.entryPoint ?? 'solution';
  const styles = [
    () => `Here's an implementation of \`${entry}\`:\n\n\`\`\`python\n${program}\n\`\`\`\n\nIt handles the edge cases described in the docstring.`,
    () => `\`\`\`python\n${program}\n\`\`\``,
    () => (body ? `\`\`\`python\n${body.trimEnd()}\n\`\`\`` : `\`\`\`python\n${program}\n\`\`\``),
    () => `${program}\n`,
    () => `Solution:\n\`\`\`\n${program}\n\`\`\`\n\nExample usage:\n\`\`\`python\nprint(${entry}.__name__)\n\`\`\``,
    () => `First, how it is called:\n\`\`\`python\nresult = ${entry}(...)\n\`\`\`\nAnd the implementation:\n\`\`\`py\n${program}\n\`\`\``,
  ];
  return pick(styles, draw('style'))();
}

const thoroughMarker = 'Trade-offs, failure modes and tests are covered above.';
const weakMarker = '1. Write the code.';

function openAnswer(task: SimulatedTask, quality: Quality): string {
  if (quality === 'incorrect') return `A quick outline for: ${firstLine(task.prompt)}\n\n${weakMarker}\n2. Test it.`;
  return [
    `## Plan for: ${firstLine(task.prompt)}`,
    '',
    '### Design',
    'Split the work into ingestion, processing and output stages with clear interfaces between them.',
    '',
    '### Implementation',
    '```python\ndef main() -> None:\n    """Entry point wiring the stages together."""\n    ...\n```',
    '',
    '### Risks',
    'Rate limits, malformed input and partial failures are handled with retries and validation.',
    '',
    thoroughMarker,
  ].join('\n');
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

/** The most recent answer in the conversation, recognised by the body lines of the reference or a mutant. */
function latestAnswer(task: SimulatedTask, messages: readonly ChatMessage[]): { quality: Quality } | undefined {
  return answerShown(task, messages, 'last');
}

/**
 * The first or the last answer in the conversation (a pairwise question shows two), recognised by the body lines of
 * the reference or a mutant, or by how an open answer ends.
 */
function answerShown(task: SimulatedTask, messages: readonly ChatMessage[], end: 'first' | 'last'): { quality: Quality } | undefined {
  const conversation = normalise(messages.map((message) => message.content).join('\n'));
  const find = (text: string) => (end === 'last' ? conversation.lastIndexOf(text) : conversation.indexOf(text));
  // Nearer the chosen end wins; at the same place the longer (more specific) text wins.
  const nearer = (at: number, than: number) => (end === 'last' ? at > than : at < than);
  let found: { quality: Quality; at: number; length: number } | undefined;
  for (const { quality, text } of answerMarks(task)) {
    const at = find(text);
    if (at >= 0 && (!found || nearer(at, found.at) || (at === found.at && text.length > found.length))) found = { quality, at, length: text.length };
  }
  return found;
}

/** The text each answer it may have written is recognised by, worked out once per task (every call looks for them). */
const marks = new WeakMap<SimulatedTask, { quality: Quality; text: string }[]>();

function answerMarks(task: SimulatedTask): { quality: Quality; text: string }[] {
  let known = marks.get(task);
  if (!known) {
    const candidates: [Quality, string | undefined][] =
      task.kind === 'open'
        ? [
            ['correct', thoroughMarker],
            ['incorrect', weakMarker],
          ]
        : [['correct', task.reference], ...task.mutants.map((mutant): [Quality, string] => ['incorrect', mutant])];
    known = candidates.flatMap(([quality, answer]) => {
      const text = task.kind === 'open' ? answer : answer?.startsWith(task.prompt) ? normalise(answer.slice(task.prompt.length)) : undefined;
      return text === undefined || text === '' ? [] : [{ quality, text }];
    });
    marks.set(task, known);
  }
  return known;
}

function normalise(code: string): string {
  return code
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
}
