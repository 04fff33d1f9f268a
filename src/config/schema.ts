import { z } from 'zod';
import { regularExpressionProblem } from '../util/regular-expression.js';
import { DATASET_SPEC_PATTERN, DATASET_SPECS } from '../datasets/dataset-spec.js';
import { parseShard } from '../datasets/select.js';
import { SANDBOX_CHOICES } from '../execution/sandbox/sandbox-description.js';
import { SCHEDULING_POLICIES } from '../providers/affinity-scheduler.js';
import { promptLanguages, templateNames } from '../prompts/templates.js';
import { criteriaOption } from '../judges/verdict.js';
import { modelSpecSchema } from '../providers/registry.js';
import { defaultOutputDir } from '../records/run-meta.js';

const modelName = z.string().regex(/^[A-Za-z][\w-]*$/, 'model names are letters, digits, _ and -');

export const datasetSchema = z
  .strictObject({
    source: z
      .string()
      .regex(DATASET_SPEC_PATTERN, `expected ${DATASET_SPECS}`)
      .describe(`Where the tasks come from: ${DATASET_SPECS}; paths are relative to the working directory, and \`humaneval\` alone downloads it once`),
    limit: z.number().int().positive().optional().describe('Keep only the first this many tasks (after `ids` and `sample`); `--limit` sets it'),
    ids: z.array(z.string()).nonempty().optional().describe('Keep only these task ids; an id the dataset lacks is an error'),
    pattern: z
      .string()
      .refine((pattern) => regularExpressionProblem(pattern) === undefined, 'expected a regular expression (JavaScript syntax)')
      .optional()
      .describe('Keep only the tasks whose id this regular expression matches (`--filter-pattern`); applied after `ids`, before `sample` and `limit`'),
    sample: z.number().int().positive().optional().describe('Then draw this many tasks at random, by a shuffle seeded with `seed`; tasks keep their file order'),
    seed: z.number().int().optional().describe('Seed of `sample`\'s draw (default 0): a seed draws the same tasks whatever the file\'s order'),
    shard: z
      .string()
      .refine((text) => parseShard(text) !== undefined, 'a shard is "i/n": the i-th of n parts, 1 ≤ i ≤ n')
      .optional()
      .describe('Run one shard of the tasks (`--shard i/n`): the i-th of n, tasks dealt round robin after the selection above; `bench merge` joins the shards\' run directories into one run'),
  })
  .describe('The tasks: a dataset, and which of its tasks to run');

/** A strategy entry's own fields; the rest of an entry are the strategy's options, checked against the strategy's schema. */
export const strategyEntryFields = {
  id: z
    .string()
    .regex(/^[\w.-]+$/, 'ids are letters, digits, _, . and -')
    .optional()
    .describe('Label in reports (default: the strategy\'s name); two entries of one strategy need different ids'),
  use: z.string().describe('The strategy this entry runs'),
};

/** A strategy entry: a bare name, or `{ id, use, ...options }` (options are checked against the strategy). */
export const strategyEntrySchema = z.union([z.string(), z.looseObject(strategyEntryFields)]);

export const executionSchema = z
  .strictObject({
    allowUntrustedCode: z.boolean().default(false).describe('Consent to run model-written code on this machine (as `--allow-code-execution` or SELFBENCH_ALLOW_CODE_EXECUTION=1)'),
    sandbox: z
      .enum(SANDBOX_CHOICES)
      .default('auto')
      .describe('Sandbox back-end: `auto` picks the strongest that isolates the file system here (bwrap, then unshare); `process` only by name'),
    pool: z.boolean().default(true).describe('Grade through a pool of warm Python workers, forked per attempt, where it works; false: a fresh interpreter per attempt'),
    timeoutMs: z.number().int().positive().default(10_000).describe('Time limit of one attempt\'s tests, in ms'),
    memoryMb: z.number().int().positive().default(2048).describe('Memory limit of one attempt, in MB'),
    concurrency: z.number().int().positive().default(2).describe('Programs graded at once'),
  })
  .describe('How model-written code is run and graded');

export const panelSchema = z
  .strictObject({
    judges: z.array(z.string()).nonempty().describe('The panel\'s judges: model names, or `self` for the generator itself'),
    pairwise: z
      .union([
        z.boolean(),
        z
          .strictObject({ judges: z.array(z.string()).nonempty().optional().describe('Who judges pairwise (default: the panel\'s judges)') })
          .describe('Pairwise judging by these judges'),
      ])
      .default(false)
      .describe(
        'Pairwise judging as well: each trial\'s final answer against its first (the one-shot answer of the same task and repeat), asked in both orders. `true`: by the panel\'s judges; `{ judges: [...] }`: by these',
      ),
    allAttempts: z.boolean().default(false).describe('Judge every attempt of a trial, not only its first and final answers (more calls; judge metrics per attempt)'),
    recognition: z
      .boolean()
      .default(false)
      .describe(
        'Self-recognition (Panickssery et al. 2024): after the trials each generator is shown its final answer and another generator\'s to the same task, strategy and repeat and asked which it wrote, in both orders; accuracy against the 50% of a guess. Needs two or more generators',
      ),
    threshold: z.number().min(0).max(10).default(7.5).describe('Operating point (0–10) for judge metrics of strategies that have no threshold of their own'),
    criteria: criteriaOption,
    judgeRetries: z.number().int().min(0).max(5).default(1).describe('Re-asks after a reply that is not a valid verdict (each failure is counted, never repaired into a score)'),
  })
  .describe(
    'Post-hoc judging: after each trial every panel judge scores the final answer (or every attempt) with the same rubric, so judges are compared on the same answers, one-shot answers included, whichever judge drove a loop',
  );

export const configSchema = z.strictObject({
  name: z.string().regex(/^[\w.-]+$/, 'names are letters, digits, _, . and -').describe('Name of the run: its directory is `<output.dir>/<name>-<time>`'),
  dataset: datasetSchema,
  models: z
    .record(modelName, modelSpecSchema)
    .refine((models) => Object.keys(models).length > 0, 'define at least one model')
    .describe('The models, by a name of your choice that the rest of the config uses; `provider` picks the fields each takes'),
  generators: z.array(z.string()).nonempty().describe('The models that write the answers: each strategy runs on each generator'),
  strategies: z
    .array(strategyEntrySchema)
    .nonempty()
    .describe('The strategies compared: a name (`one-shot`), or `{ use: <name>, id: <label>, ...its options }`'),
  promptLanguage: z.enum(promptLanguages).default('en').describe('Language of the shipped prompt templates'),
  prompts: z
    .partialRecord(z.enum(templateNames), z.string().min(1))
    .default({})
    .describe('Replace any template by a file of your own (`judge: prompts/my-judge.md`), by template name; placeholders as in the shipped one'),
  panel: panelSchema.optional(),
  repeats: z.number().int().positive().default(1).describe('Trials of each strategy × generator × task; each repeat has its own seed'),
  seed: z.number().int().default(1).describe('Seed of the run: each repeat\'s seed derives from it'),
  execution: executionSchema.default(executionSchema.parse({})),
  retry: z
    .strictObject({
      retries: z.number().int().min(0).max(10).default(2).describe('Retries of a failed model call'),
      backoffMs: z.number().int().min(0).default(1000).describe('First wait before a retry, in ms; it doubles each time, with jitter'),
    })
    .default({ retries: 2, backoffMs: 1000 })
    .describe('Retries of a failed model call (connection errors, timeouts, 429, 5xx), with exponential backoff and jitter'),
  scheduling: z
    .strictObject({
      policy: z
        .enum(SCHEDULING_POLICIES)
        .default('affinity')
        .describe('`affinity` keeps serving the loaded model while calls for it wait or any trial is busy, and switches when every trial in flight waits on another model; `fifo` serves calls strictly in arrival order (a naive harness\'s order, for comparison)'),
      maxConsecutive: z.number().int().min(1).optional().describe('At most this many calls of the loaded model in a row while calls for another wait (unset: no limit)'),
      lingerMs: z.number().int().min(0).optional().meta({ deprecated: true, description: 'No longer used: accepted, with a warning' }),
    })
    .default({ policy: 'affinity' })
    .describe('How each endpoint orders waiting calls, so that models which do not fit on one GPU together are not swapped on every call'),
  simulatedGpu: z
    .strictObject({
      slots: z.number().int().min(1).optional().describe('Simulated models loaded at once (unset: all of them)'),
      loadMs: z.number().min(0).default(0).describe('What loading a simulated model costs, in ms (spent for real)'),
    })
    .default({ loadMs: 0 })
    .describe('The GPU the simulated models share: how many fit at once, and what a load costs'),
  cache: z
    .strictObject({
      enabled: z.boolean().default(true).describe('Reuse answers at all; `--no-cache` sets false'),
      dir: z.string().optional().describe('Where answers are kept on disk (default: `<output.dir>/.cache`)'),
    })
    .default({ enabled: true })
    .describe(
      'Reuse of model answers: identical requests in flight are computed once (so every strategy starts from the same first answer) and answers are kept on disk, so a resumed or repeated run never asks twice',
    ),
  concurrency: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('Model calls in flight per endpoint (`-j`, `--concurrency`), where a model does not set its `slots`'),
  trialWindow: z
    .union([z.literal('auto'), z.number().int().positive()])
    .default('auto')
    .describe(
      'Trials in flight at once. `auto`: every trial of the run; a trial waiting for a model costs only its memory (kilobytes), and the scheduler needs to see every trial to group calls by model',
    ),
  output: z
    .strictObject({ dir: z.string().default(defaultOutputDir).describe('Where run directories are written (`--out` sets it)') })
    .default({ dir: defaultOutputDir })
    .describe('Where the run is written'),
});

export type RawConfig = z.infer<typeof configSchema>;
export type PanelConfig = z.infer<typeof panelSchema>;

/** Who judges pairwise: nobody when `panel.pairwise` is off, the panel's judges unless it names its own. */
export function pairwiseJudges(panel: Pick<PanelConfig, 'judges' | 'pairwise'> | undefined): string[] {
  if (panel === undefined || panel.pairwise === false) return [];
  return [...(panel.pairwise === true ? panel.judges : (panel.pairwise.judges ?? panel.judges))];
}
