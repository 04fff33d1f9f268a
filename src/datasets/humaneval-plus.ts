import { parse as parseLossless, stringify as stringifyLossless } from 'lossless-json';
import { z } from 'zod';
import { humanEvalExamples, humanEvalRow } from './humaneval.js';
import { codeTaskView, parseJsonl } from './jsonl.js';
import type { DatasetEntry } from './dataset-entry.js';
import { cachedDownload, type PublishedFile } from './published-file.js';
import type { CallInput, InputSuite, Task } from './task.js';

/**
 * HumanEval+ (EvalPlus): HumanEval's 164 tasks with the original tests' inputs (`base_input`) and many more
 * (`plus_input`), graded differentially against the canonical solution on each, base and plus reported
 * apart. The inputs are kept as their JSON text, numbers exactly as written: `1.0` must reach the sandbox as
 * a float and `1` as an int, which JavaScript's JSON.parse cannot tell apart.
 */

export const HUMANEVAL_PLUS_URL = 'https://github.com/evalplus/humanevalplus_release/releases/download/v0.1.9/HumanEvalPlus.jsonl.gz';
export const HUMANEVAL_PLUS_SHA256 = '272720b90ac375502c8ed23cd791c2a93dfb22a911641a494da74a426c09f101';
const HUMANEVAL_PLUS_FILE: PublishedFile = {
  label: 'HumanEval+',
  url: HUMANEVAL_PLUS_URL,
  sha256: HUMANEVAL_PLUS_SHA256,
  fileName: 'HumanEvalPlus.jsonl.gz',
  manualSpec: 'humaneval+:<path>',
};

/** EvalPlus' oracle for this entry point: any root within atol, not the canonical solution's root. */
const POLY_ROOT_ENTRY_POINT = 'find_zero';

const humanEvalPlusRow = humanEvalRow.extend({
  base_input: z.array(z.array(z.unknown())),
  plus_input: z.array(z.array(z.unknown())),
  atol: z.number().min(0),
});

export function entriesFromHumanEvalPlus(text: string, file: string): DatasetEntry[] {
  const rows = parseJsonl(text, file, humanEvalPlusRow);
  const lines = text.split('\n');
  return rows.map(({ line, value: row }) => ({ id: row.task_id, task: () => taskFromRow(row, lines[line - 1] as string) }));
}

function taskFromRow(row: z.output<typeof humanEvalPlusRow>, text: string): Task {
  // The validated row's numbers went through JSON.parse; the inputs are read again, losslessly.
  const exact = parseLossless(text) as { base_input: unknown[]; plus_input: unknown[] };
  const suites: InputSuite[] = [
    { name: 'base', inputs: exact.base_input.map(jsonInput) },
    { name: 'plus', inputs: exact.plus_input.map(jsonInput) },
  ];
  const reference = row.prompt + row.canonical_solution;
  return {
    view: codeTaskView({ id: row.task_id, prompt: row.prompt, entry_point: row.entry_point }, humanEvalExamples(row.task_id)),
    hidden: {
      grading: {
        style: 'differential',
        entryPoint: row.entry_point,
        reference,
        suites,
        atol: row.atol,
        comparison: row.entry_point === POLY_ROOT_ENTRY_POINT ? 'poly-root' : 'equal',
      },
      reference,
    },
  };
}

function jsonInput(args: unknown): CallInput {
  return { format: 'json', args: stringifyLossless(args) as string };
}

/** Path of the HumanEval+ file in `cacheDir`, downloaded on first use and checked against its published sha256. */
export function fetchHumanEvalPlus(cacheDir: string, fetchFile: typeof fetch = fetch): Promise<string> {
  return cachedDownload(HUMANEVAL_PLUS_FILE, cacheDir, fetchFile);
}
