import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { docstringExamples } from './docstring-examples.js';
import { parseJsonl, pythonIdentifier, readDatasetFile, sha256Hex, taskFromLine } from './jsonl.js';
import type { Task } from './task.js';

/**
 * OpenAI's HumanEval (164 Python tasks). Rows map onto the selfbench task format: the reference is
 * prompt + canonical solution, the hidden test is the row's `check` called on the entry point, and
 * visible tests come from the docstring's examples.
 */

export const HUMANEVAL_URL = 'https://github.com/openai/human-eval/raw/master/data/HumanEval.jsonl.gz';
export const HUMANEVAL_SHA256 = 'b796127e635a67f93fb35c04f4cb03cf06f38c8072ee7cee8833d7bee06979ef';
const CACHED_NAME = 'HumanEval.jsonl.gz';

const humanEvalRow = z.object({
  task_id: z.string().min(1),
  prompt: z.string().min(1),
  entry_point: pythonIdentifier,
  canonical_solution: z.string(),
  test: z.string().min(1),
});

export async function loadHumanEvalTasks(path: string): Promise<Task[]> {
  return tasksFromHumanEval((await readDatasetFile(path)).text, path);
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

export function tasksFromHumanEval(text: string, file: string): Task[] {
  return parseJsonl(text, file, humanEvalRow).map(({ value: row }) => {
    const contradicted = CONTRADICTED_EXAMPLES[row.task_id] ?? [];
    const examples = (prompt: string, entryPoint: string) =>
      docstringExamples(prompt, entryPoint).filter((example) => !contradicted.includes(example));
    const line = {
      id: row.task_id,
      kind: 'code',
      prompt: row.prompt,
      entry_point: row.entry_point,
      tests: row.test,
      reference: row.prompt + row.canonical_solution,
    } as const;
    return taskFromLine(line, examples);
  });
}

/**
 * Path of the HumanEval file in `cacheDir`, downloading it on first use. The download must match
 * the published sha256; a mismatch is refused and nothing is written.
 */
export async function fetchHumanEval(cacheDir: string, fetchFile: typeof fetch = fetch): Promise<string> {
  const path = join(cacheDir, CACHED_NAME);
  const cached = await readFile(path).catch(() => undefined);
  if (cached !== undefined && sha256Hex(cached) === HUMANEVAL_SHA256) return path;

  const response = await fetchFile(HUMANEVAL_URL);
  if (!response.ok) throw new Error(`downloading HumanEval from ${HUMANEVAL_URL} failed: HTTP ${response.status}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  const actual = sha256Hex(bytes);
  if (actual !== HUMANEVAL_SHA256) {
    throw new Error(
      `refusing the HumanEval download from ${HUMANEVAL_URL}: sha256 ${actual}, expected ${HUMANEVAL_SHA256}. ` +
        'Download it yourself and use `humaneval:<path>`.',
    );
  }
  await mkdir(cacheDir, { recursive: true });
  const partial = `${path}.${process.pid}.partial`; // renamed into place so readers never see half a file
  await writeFile(partial, bytes);
  await rename(partial, path);
  return path;
}
