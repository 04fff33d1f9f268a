import { z } from 'zod';
import { DATASET_SPEC_PATTERN, DATASET_SPECS } from '../datasets/dataset-spec.js';
import { SANDBOX_CHOICES } from '../execution/sandbox/sandbox-description.js';
import { SCHEDULING_POLICIES } from '../providers/affinity-scheduler.js';
import { promptLanguages, templateNames } from '../prompts/templates.js';
import { criteriaOption } from '../judges/verdict.js';
import { modelSpecSchema } from '../providers/registry.js';
import { defaultOutputDir } from '../records/run-meta.js';

const modelName = z.string().regex(/^[A-Za-z][\w-]*$/, 'model names are letters, digits, _ and -');

function isRegularExpression(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

export const datasetSchema = z.strictObject({
  source: z.string().regex(DATASET_SPEC_PATTERN, `expected ${DATASET_SPECS}`),
  limit: z.number().int().positive().optional(),
  ids: z.array(z.string()).nonempty().optional(),
  pattern: z
    .string()
    .refine(isRegularExpression, 'expected a regular expression (JavaScript syntax)')
    .optional()
    .describe('keep only the tasks whose id this regular expression matches (`--filter-pattern`); applied after ids, before sample and limit'),
  sample: z.number().int().positive().optional(),
  seed: z.number().int().optional(),
});

/** A strategy entry: a bare name, or `{ id, use, ...options }` (options are checked against the strategy). */
export const strategyEntrySchema = z.union([
  z.string(),
  z.looseObject({
    id: z.string().regex(/^[\w.-]+$/, 'ids are letters, digits, _, . and -').optional(),
    use: z.string(),
  }),
]);

export const executionSchema = z.strictObject({
  /** Consent to run model-written code on this machine. */
  allowUntrustedCode: z.boolean().default(false),
  /** Sandbox back-end: `auto` picks the strongest that isolates the file system here (bwrap, then unshare); `process` only by name. */
  sandbox: z.enum(SANDBOX_CHOICES).default('auto'),
  /** Grade through a pool of warm Python workers, forked per attempt, where it works; false: a fresh interpreter per attempt. */
  pool: z.boolean().default(true),
  timeoutMs: z.number().int().positive().default(10_000),
  memoryMb: z.number().int().positive().default(2048),
  /** Programs graded at once. */
  concurrency: z.number().int().positive().default(2),
});

/**
 * Post-hoc judging: after each trial every panel judge scores the final answer (or every
 * attempt) with the same rubric, so judges are compared on the same answers — one-shot
 * answers included — whichever judge drove a loop. `self` is the generator itself.
 */
export const panelSchema = z.strictObject({
  judges: z.array(z.string()).nonempty(),
  /**
   * Pairwise judging as well (judges/pairwise.ts): each trial's final answer against its first — the one-shot answer
   * of the same task and repeat — asked in both orders. `true`: by the panel's judges; `{ judges: [...] }`: by these.
   */
  pairwise: z.union([z.boolean(), z.strictObject({ judges: z.array(z.string()).nonempty().optional() })]).default(false),
  allAttempts: z.boolean().default(false),
  /** Operating point for judge metrics of strategies that have no threshold of their own. */
  threshold: z.number().min(0).max(10).default(7.5),
  criteria: criteriaOption,
  judgeRetries: z.number().int().min(0).max(5).default(1),
});

export const configSchema = z.strictObject({
  name: z.string().regex(/^[\w.-]+$/, 'names are letters, digits, _, . and -'),
  dataset: datasetSchema,
  models: z.record(modelName, modelSpecSchema).refine((models) => Object.keys(models).length > 0, 'define at least one model'),
  generators: z.array(z.string()).nonempty(),
  strategies: z.array(strategyEntrySchema).nonempty(),
  /** Language of the shipped prompt templates. */
  promptLanguage: z.enum(promptLanguages).default('en'),
  /** Replace any template by a file of your own (`judge: prompts/my-judge.md`); placeholders as in the shipped one. */
  prompts: z.partialRecord(z.enum(templateNames), z.string().min(1)).default({}),
  panel: panelSchema.optional(),
  repeats: z.number().int().positive().default(1),
  seed: z.number().int().default(1),
  execution: executionSchema.default(executionSchema.parse({})),
  /** Retries of a failed model call (connection errors, timeouts, 429, 5xx), with exponential backoff and jitter. */
  retry: z.strictObject({ retries: z.number().int().min(0).max(10).default(2), backoffMs: z.number().int().min(0).default(1000) }).default({ retries: 2, backoffMs: 1000 }),
  /**
   * How each endpoint orders waiting calls: `affinity` keeps serving the loaded model while calls for it wait or
   * any trial is busy, and switches when every trial in flight waits on another model (at most `maxConsecutive`
   * calls of the loaded model while others wait, when set). `lingerMs` is no longer used (accepted, with a warning).
   */
  scheduling: z
    .strictObject({
      policy: z.enum(SCHEDULING_POLICIES).default('affinity'),
      maxConsecutive: z.number().int().min(1).optional(),
      lingerMs: z.number().int().min(0).optional(),
    })
    .default({ policy: 'affinity' }),
  /** The GPU the simulated models share: how many fit at once, and what a load costs. */
  simulatedGpu: z.strictObject({ slots: z.number().int().min(1).optional(), loadMs: z.number().min(0).default(0) }).default({ loadMs: 0 }),
  /**
   * Reuse of model answers: identical requests in flight are computed once (so every strategy starts
   * from the same first answer) and answers are kept on disk (default `<output.dir>/.cache`), so a
   * resumed or repeated run never asks twice. `--no-cache` turns all reuse off.
   */
  cache: z.strictObject({ enabled: z.boolean().default(true), dir: z.string().optional() }).default({ enabled: true }),
  /** Model calls in flight per endpoint (`--concurrency`, `-j`), where a model does not set its `slots`. */
  concurrency: z.number().int().positive().optional(),
  /**
   * Trials in flight at once. `auto`: every trial of the run — a trial waiting for a model costs only its memory
   * (its prompts and replies, kilobytes), and the scheduler needs to see every trial to group calls by model.
   */
  trialWindow: z.union([z.literal('auto'), z.number().int().positive()]).default('auto'),
  output: z.strictObject({ dir: z.string().default(defaultOutputDir) }).default({ dir: defaultOutputDir }),
});

export type RawConfig = z.infer<typeof configSchema>;
export type PanelConfig = z.infer<typeof panelSchema>;

/** Who judges pairwise: nobody when `panel.pairwise` is off, the panel's judges unless it names its own. */
export function pairwiseJudges(panel: Pick<PanelConfig, 'judges' | 'pairwise'> | undefined): string[] {
  if (panel === undefined || panel.pairwise === false) return [];
  return [...(panel.pairwise === true ? panel.judges : (panel.pairwise.judges ?? panel.judges))];
}
