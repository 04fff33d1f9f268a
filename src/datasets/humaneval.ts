import { z } from 'zod';
import type { DatasetEntry } from './dataset-entry.js';
import { docstringExamples } from './docstring-examples.js';
import { parseJsonl, pythonIdentifier, readDatasetFile, taskFromLine } from './jsonl.js';
import { cachedDownload, type PublishedFile } from './published-file.js';
import type { Task } from './task.js';

/**
 * OpenAI's HumanEval (164 Python tasks). Rows map onto the selfbench task format: the reference is
 * prompt + canonical solution, the hidden tests are the row's `check` (as inputs for differential grading
 * where its asserts are calls on literals, jsonl.ts), and visible tests come from the docstring's examples.
 */

export const HUMANEVAL_URL = 'https://github.com/openai/human-eval/raw/master/data/HumanEval.jsonl.gz';
export const HUMANEVAL_SHA256 = 'b796127e635a67f93fb35c04f4cb03cf06f38c8072ee7cee8833d7bee06979ef';
const HUMANEVAL_FILE: PublishedFile = {
  label: 'HumanEval',
  url: HUMANEVAL_URL,
  sha256: HUMANEVAL_SHA256,
  fileName: 'HumanEval.jsonl.gz',
  manualSpec: 'humaneval:<path>',
};

export const humanEvalRow = z.object({
  task_id: z.string().min(1),
  prompt: z.string().min(1),
  entry_point: pythonIdentifier,
  canonical_solution: z.string(),
  test: z.string().min(1),
});

export async function loadHumanEvalTasks(path: string): Promise<Task[]> {
  return entriesFromHumanEval((await readDatasetFile(path)).text, path).map((entry) => entry.task());
}

/** Docstring examples that contradict the canonical solution (errors in HumanEval itself). */
const CONTRADICTED_EXAMPLES: Record<string, readonly string[]> = {
  'HumanEval/47': ['assert median([-10, 4, 6, 1000, 10, 20]) == 15.0'], // the median is 8.0
  // sorted by the number of ones in binary, which the examples ignore
  'HumanEval/116': [
    'assert sort_array([1, 5, 2, 3, 4]) == [1, 2, 3, 4, 5]',
    'assert sort_array([-2, -3, -4, -5, -6]) == [-6, -5, -4, -3, -2]',
  ],
};

/** The docstring's examples of a HumanEval task, less those its own canonical solution contradicts. */
export function humanEvalExamples(taskId: string): (prompt: string, entryPoint: string) => string[] {
  const contradicted = CONTRADICTED_EXAMPLES[taskId] ?? [];
  return (prompt, entryPoint) => docstringExamples(prompt, entryPoint).filter((example) => !contradicted.includes(example));
}

export function entriesFromHumanEval(text: string, file: string): DatasetEntry[] {
  return parseJsonl(text, file, humanEvalRow).map(({ value: row }) => ({
    id: row.task_id,
    task: () => {
      const line = {
        id: row.task_id,
        kind: 'code',
        prompt: row.prompt,
        entry_point: row.entry_point,
        tests: row.test,
        reference: row.prompt + row.canonical_solution,
      } as const;
      return taskFromLine(line, humanEvalExamples(row.task_id));
    },
  }));
}

/** Path of the HumanEval file in `cacheDir`, downloaded on first use and checked against its published sha256. */
export function fetchHumanEval(cacheDir: string, fetchFile: typeof fetch = fetch): Promise<string> {
  return cachedDownload(HUMANEVAL_FILE, cacheDir, fetchFile);
}
