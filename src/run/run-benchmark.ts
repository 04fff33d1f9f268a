import { pairwiseJudges } from '../config/schema.js';
import { join } from 'node:path';
import type { RunConfig } from '../config/load.js';
import type { ModelGateway } from '../providers/gateway.js';
import { isSimulated, modelOptionsOf } from '../providers/registry.js';
import { loadConfiguredDataset } from '../config/configured-dataset.js';
import { userCacheDir } from '../platform/cache-dir.js';
import { thisHost } from '../platform/host.js';
import { parseShard } from '../datasets/select.js';
import type { Dataset } from '../datasets/task.js';
import { consentRefusal, hasCodeExecutionConsent, sandboxNotice } from '../execution/sandbox/consent.js';
import { Grader } from '../execution/grader.js';
import { createGrading, type Grading } from '../execution/grading.js';
import type { Executor } from '../execution/types.js';
import { loadPromptTemplates } from '../prompts/templates.js';
import { selfbenchVersion } from '../version.js';
import { connectModels, preflightModels } from './connect-models.js';
import { ConsentRequiredError } from './errors.js';
import { planTrials, type PlannedTrial } from './plan.js';
import { FailureBreaker } from './failure-breaker.js';
import type { Progress } from './progress.js';
import { RecordStore, recognitionFileName, recordsFileName } from '../records/record-store.js';
import { createRunDir, writeRunFiles } from './run-dir.js';
import type { RunMeta } from '../records/run-meta.js';
import { runTrials } from './runner.js';
import { askRecognition, recognitionQuestions } from './panel-recognition.js';
import type { RecognitionRecord } from '../records/recognition.js';
import { PromptStore, promptsDirName } from '../records/prompt-store.js';
import type { TrialRecord } from '../records/record.js';
import type { PromptTemplates } from '../prompts/templates.js';

export interface BenchmarkOptions {
  config: RunConfig;
  /** The config's plan (`planBenchmark`), made first so the command can check it (`--fail-on-regression`). */
  plan: BenchmarkPlan;
  /** The effective config as plain data, stored in the run for `--resume`. */
  configData: unknown;
  /** Continue this run directory instead of starting a new one. */
  resumeDir?: string;
  allowCodeExecution: boolean;
  env: NodeJS.ProcessEnv;
  /** A message for the user; while the progress is shown, printed where it stays visible (RunConsole). */
  log: (line: string) => void;
  /** Told the run directory once it exists (so that a quit can say how to continue). */
  onRunDir?: (runDir: string) => void;
  /** Shows the progress of the trials from here on. */
  progress: (total: number, done: number) => Progress;
  /** Stops taking new trials; the ones in flight finish. */
  stop: AbortSignal;
  /** Cancels the calls in flight; cancelled trials are not recorded, so `--resume` runs them again. */
  signal: AbortSignal;
}

export interface BenchmarkResult {
  runDir: string;
  /** Trials still missing (the run was interrupted or stopped early). */
  remaining: number;
  /** Self-recognition questions not yet answered (`panel.recognition`): asked once every trial is recorded. */
  unasked: number;
  /** Why the run stopped before the end, when it did by itself. */
  stoppedEarly?: string;
}

export interface BenchmarkPlan {
  dataset: Dataset;
  trials: PlannedTrial[];
  /** Upper bound on model calls, from each strategy's iteration cap (retries not counted). */
  maxCalls: number;
}

/** A run of open-ended tasks only runs no code, and needs no Python. */
const noCodeExecutor: Executor = {
  sandbox: 'none',
  run: () => Promise.reject(new Error('this run has no code tasks: nothing is executed')),
};
const noCodeGrading: Grading = { grader: new Grader(noCodeExecutor), executor: noCodeExecutor, close: async () => {} };

export async function planBenchmark(config: RunConfig): Promise<BenchmarkPlan> {
  const dataset = await loadConfiguredDataset(config.dataset);
  const trials = planTrials({
    tasks: dataset.tasks,
    strategies: config.strategies,
    generators: config.generators,
    repeats: config.repeats,
    seed: config.seed,
  });
  const maxCalls = trials.reduce((total, trial) => {
    const strategyCalls = trial.strategy.maxCalls;
    // Each panel judge asks (1 + retries) times per judged attempt: the first and the final (one attempt when the strategy
    // makes one call), or every attempt; attempts are bounded by the strategy's calls.
    const judged = config.panel?.allAttempts ? strategyCalls : Math.min(2, strategyCalls);
    const panel = config.panel ? config.panel.judges.length * (1 + config.panel.judgeRetries) * judged : 0;
    // Each pairwise judge asks both orders of one question, each (1 + retries) times; so does each recognition question,
    // one per other generator.
    const pairwise = config.panel ? pairwiseJudges(config.panel).length * 2 * (1 + config.panel.judgeRetries) : 0;
    const recognition = config.panel?.recognition ? (config.generators.length - 1) * 2 * (1 + config.panel.judgeRetries) : 0;
    return total + strategyCalls + panel + pairwise + recognition;
  }, 0);
  return { dataset, trials, maxCalls };
}

/** The main job: plan, check, run every missing trial (the CLI then writes the reports from the records). */
export async function runBenchmark(options: BenchmarkOptions): Promise<BenchmarkResult> {
  const { config, env } = options;
  const { dataset, trials } = options.plan;

  const runsCode = dataset.tasks.some((task) => task.view.kind === 'code');
  const grading = runsCode
    ? await createGrading({
        sandbox: config.execution.sandbox,
        pool: config.execution.pool,
        concurrency: config.execution.concurrency,
        defaults: { timeoutMs: config.execution.timeoutMs, memoryMb: config.execution.memoryMb },
        cacheDir: userCacheDir({ ...thisHost(), env }),
      })
    : noCodeGrading;
  const { executor, grader } = grading;
  try {
    const consent = hasCodeExecutionConsent({ flag: options.allowCodeExecution, config: config.execution.allowUntrustedCode, env });
    if (runsCode && !consent) throw new ConsentRequiredError(consentRefusal(executor));
    if (runsCode) options.log(sandboxNotice(executor));
    return await runWithGrader(options, dataset, trials, grader, executor.sandbox);
  } finally {
    await grading.close();
  }
}

async function runWithGrader(options: BenchmarkOptions, dataset: Dataset, trials: PlannedTrial[], grader: Grader, sandbox: string): Promise<BenchmarkResult> {
  const { config, env, log } = options;
  // Expected values first: a reference that fails is the dataset's fault, found before any model is asked.
  await grader.prepare(dataset.tasks);

  const { gateway } = connectModels(config, dataset.tasks, env);
  await preflightModels(config, gateway, options.signal);
  for (const warning of sameModelJudges(config, gateway)) log(`warning: ${warning}`);
  const templates = loadPromptTemplates(config.promptLanguage, config.prompts);

  const shard = config.dataset.shard === undefined ? undefined : parseShard(config.dataset.shard);
  const runDir = options.resumeDir ?? createRunDir(config.output.dir, shard ? `${config.name}-shard${shard.index}of${shard.count}` : config.name);
  options.onRunDir?.(runDir);
  if (!options.resumeDir) {
    const meta: RunMeta = {
      name: config.name,
      createdAt: new Date().toISOString(),
      selfbenchVersion,
      dataset: { source: dataset.source, sha256: dataset.sha256, tasks: dataset.tasks.length },
      sandbox,
      simulated: config.generators.map((name) => config.models[name]).some((spec) => spec !== undefined && isSimulated(spec)),
      models: Object.fromEntries(
        Object.entries(config.models).map(([name, spec]) => [name, { provider: spec.provider, model: spec.model, options: modelOptionsOf(spec) }]),
      ),
      strategies: config.strategies.map(({ id, use, feedback, options, stopThreshold }) => ({
        id,
        use,
        feedback,
        options,
        ...(stopThreshold === undefined ? {} : { stopThreshold }),
      })),
      promptLanguage: config.promptLanguage,
      promptHashes: Object.fromEntries(Object.values(templates).map((template) => [template.name, template.sha256])),
      trials: trials.length,
    };
    writeRunFiles(runDir, options.configData, meta);
  }

  gateway.keepPromptsIn(new PromptStore(join(runDir, promptsDirName)));
  const store = new RecordStore(join(runDir, recordsFileName));
  // Trials stopped by an infrastructure failure (a dead server, say) are run again on resume.
  const stored = store.open((record) => record.stopReason !== 'error');
  if (stored.tornLine) log('dropped a torn last line in records.jsonl (a crash mid-write); that trial runs again');
  if (stored.dropped > 0) log(`${stored.dropped} trials that ended in an infrastructure error run again`);
  const recorded = [...stored.records];
  const finished = new Set(stored.records.map((record) => record.key));
  const remaining = trials.filter((trial) => !finished.has(trial.key));
  log(`run ${runDir}: ${trials.length} trials, ${trials.length - remaining.length} already done`);

  const progress = options.progress(trials.length, trials.length - remaining.length);
  const warned = new Set<string>();
  const breaker = new FailureBreaker();
  const brokenRun = new AbortController();
  let stoppedEarly: string | undefined;
  let written = 0;
  try {
    await runTrials(remaining, {
      gateway,
      grader,
      templates,
      panel: config.panel,
      trialWindow: config.trialWindow,
      // A broken run cancels the trials in flight too (with every trial in flight, none is left to not take); they are not recorded, so --resume runs them.
      signal: AbortSignal.any([options.signal, brokenRun.signal]),
      stop: options.stop,
      onRecord: (record) => {
        store.append(record);
        recorded.push(record);
        written++;
        progress.tick(record.passed);
        // A prompt near the context limit is worth a message, once per model.
        for (const note of record.notes.filter((text) => text.includes('context tokens'))) {
          const model = note.match(/"([^"]+)"/)?.[1] ?? note;
          if (!warned.has(model)) log(`warning: ${note} (further warnings for this model are in the report)`);
          warned.add(model);
        }
        stoppedEarly ??= breaker.observe(record);
        if (stoppedEarly) brokenRun.abort();
      },
    });
  } finally {
    progress.stop();
  }
  const trialsLeft = remaining.length - written;
  const unasked =
    config.panel?.recognition && trialsLeft === 0 && !options.stop.aborted && !options.signal.aborted
      ? await recognise(options, runDir, recorded, dataset, gateway, templates)
      : 0;
  return { runDir, remaining: trialsLeft, unasked, ...(stoppedEarly ? { stoppedEarly } : {}) };
}

/**
 * `panel.recognition`, once every trial is recorded (it pairs trials of different generators): the questions not yet in
 * recognition.jsonl are asked, each recorded as it is answered. Returns how many are still unanswered.
 */
async function recognise(
  options: BenchmarkOptions,
  runDir: string,
  records: readonly TrialRecord[],
  dataset: Dataset,
  gateway: ModelGateway,
  templates: PromptTemplates,
): Promise<number> {
  const store = new RecordStore<RecognitionRecord>(join(runDir, recognitionFileName));
  const stored = store.open();
  if (stored.tornLine) options.log(`dropped a torn last line in ${recognitionFileName} (a crash mid-write); that question is asked again`);
  const done = new Set(stored.records.map((record) => record.key));
  const questions = recognitionQuestions(records).filter((question) => !done.has(question.key));
  if (questions.length === 0) return 0;
  options.log(`self-recognition: asking ${questions.length} questions (each generator: which of two answers it wrote, both orders)`);
  const { answered, failures } = await askRecognition(questions, {
    gateway,
    templates,
    tasks: new Map(dataset.tasks.map((task) => [task.view.id, task.view])),
    retries: options.config.panel?.judgeRetries ?? 0,
    signal: options.signal,
    onRecord: (record) => store.append(record),
  });
  if (failures.length > 0) options.log(`${failures.length} self-recognition questions failed and are asked again on --resume; the first: ${failures[0]}`);
  return questions.length - answered;
}

/** A "cross" judge that is the generator under another name would report zero inflation, falsely. */
function sameModelJudges(config: RunConfig, gateway: ModelGateway): string[] {
  const judges = [...(config.panel?.judges ?? []), ...pairwiseJudges(config.panel), ...config.strategies.flatMap((strategy) => strategy.modelRefs.map((ref) => ref.model))];
  const identity = (name: string) => {
    const provider = gateway.provider(name);
    return `${provider.kind} ${provider.endpoint} ${provider.model} ${JSON.stringify(provider.settings)}`;
  };
  return config.generators.flatMap((generator) =>
    [...new Set(judges)]
      .filter((judge) => judge !== 'self' && judge !== generator && identity(judge) === identity(generator))
      .map((judge) => `judge "${judge}" is the same model as generator "${generator}": its verdicts on "${generator}" are self-judging, not cross-judging`),
  );
}
