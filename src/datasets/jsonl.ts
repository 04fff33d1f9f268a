import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { withoutBom } from '../platform/editor-text.js';
import { findFunction } from '../python/python-source.js';
import type { DatasetEntry } from './dataset-entry.js';
import { inputsFromCheck } from './check-inputs.js';
import { docstringExamples, isLiteral } from './docstring-examples.js';
import type { CallInput, HiddenGrading, Task, TaskView, TestCase } from './task.js';

/**
 * The selfbench JSONL task format (docs/jsonl-format.md): one task per line, validated so that a
 * bad line is reported by file, line number and field. The built-in datasets use it, and the
 * HumanEval loader maps its rows onto it.
 */

export const pythonIdentifier = z.string().regex(/^[A-Za-z_]\w*$/, 'expected a Python identifier');

/** `(…)`, a Python literal tuple: what the sandbox reads with `ast.literal_eval` and calls the entry point with. */
const argumentTuple = z.string().refine(isArgumentTuple, 'expected a Python literal tuple of arguments, e.g. "([1, 2], 3)"');

/**
 * One input of differential grading: the arguments alone, or with what the call must do besides returning the
 * reference's value: raise a builtin exception (`raises`), or leave its arguments as the reference does (`check_arguments`).
 */
const inputLine = z.union([
  argumentTuple,
  z.strictObject({ args: argumentTuple, raises: pythonIdentifier.optional(), check_arguments: z.literal(true).optional() }),
]);

const codeTaskLine = z
  .strictObject({
    id: z.string().min(1),
    kind: z.literal('code'),
    prompt: z.string().min(1),
    entry_point: pythonIdentifier,
    visible_tests: z.array(z.string().min(1)).optional(),
    tests: z.string().min(1).optional(),
    /** Differential grading's inputs: `"([1, 2], 3)"`, or `{"args": "(0,)", "raises": "ValueError"}`. */
    inputs: z.array(inputLine).min(1).optional(),
    reference: z.string().min(1).optional(),
  })
  .refine((line) => findFunction(line.prompt, line.entry_point) !== undefined, {
    path: ['entry_point'],
    message: 'the prompt defines no function with this name',
  })
  .refine((line) => (line.tests === undefined) !== (line.inputs === undefined), {
    path: ['tests'],
    message: 'a code task has either `tests` or `inputs`',
  })
  .refine((line) => line.inputs === undefined || line.reference !== undefined, {
    path: ['reference'],
    message: 'a task with `inputs` needs a `reference`: its return values are the expected ones',
  });

function isArgumentTuple(text: string): boolean {
  return /^\s*\(/.test(text) && /\)\s*$/.test(text) && isLiteral(text) && (text.includes(',') || /^\s*\(\s*\)\s*$/.test(text));
}

const openTaskLine = z.strictObject({
  id: z.string().min(1),
  kind: z.literal('open'),
  prompt: z.string().min(1),
});

const taskLine = z.preprocess(
  (value) => (typeof value === 'object' && value !== null && !('kind' in value) ? { ...value, kind: 'code' } : value),
  z.discriminatedUnion('kind', [codeTaskLine, openTaskLine]),
);

export type CodeTaskLine = z.output<typeof codeTaskLine>;
export type TaskLine = z.output<typeof taskLine>;

export async function loadJsonlTasks(path: string): Promise<Task[]> {
  return tasksFromJsonl((await readDatasetFile(path)).text, path);
}

export function tasksFromJsonl(text: string, file: string): Task[] {
  return entriesFromJsonl(text, file).map((entry) => entry.task());
}

export function entriesFromJsonl(text: string, file: string): DatasetEntry[] {
  const rows = parseJsonl(text, file, taskLine);
  const firstLine = new Map<string, number>();
  for (const { line, value } of rows) {
    const earlier = firstLine.get(value.id);
    if (earlier !== undefined) throw new Error(`${file}:${line}: id: "${value.id}" already used on line ${earlier}`);
    firstLine.set(value.id, line);
  }
  return rows.map(({ value }) => ({ id: value.id, task: () => taskFromLine(value) }));
}

/** `examples` reads visible tests from the prompt's docstring when the line has none. */
export function taskFromLine(line: TaskLine, examples = docstringExamples): Task {
  if (line.kind === 'open') {
    return {
      view: { id: line.id, kind: 'open', language: 'python', prompt: line.prompt, visibleTests: [], visibleTestSource: 'none' },
      hidden: { grading: { style: 'asserts', tests: [] } },
    };
  }
  return {
    view: codeTaskView(line, examples),
    hidden: { grading: hiddenGrading(line), ...(line.reference !== undefined && { reference: line.reference }) },
  };
}

/** What a strategy sees of a code task: the prompt, the entry point and the visible tests. */
export function codeTaskView(line: Pick<CodeTaskLine, 'id' | 'prompt' | 'entry_point' | 'visible_tests'>, examples = docstringExamples): TaskView {
  const fromDocstring = line.visible_tests === undefined;
  const visible = line.visible_tests ?? examples(line.prompt, line.entry_point);
  return {
    id: line.id,
    kind: 'code',
    language: 'python',
    prompt: line.prompt,
    entryPoint: line.entry_point,
    visibleTests: visible.map((code, i): TestCase => ({ name: `visible_${i + 1}`, code })),
    visibleTestSource: visible.length === 0 ? 'none' : fromDocstring ? 'docstring' : 'dataset',
  };
}

/**
 * Differential grading when the line has a reference (the oracle) and `inputs`, or a `check` that is calls
 * on literals (check-inputs.ts); otherwise the check runs assert-style, beside the program (harness/isolated_tests.py).
 */
function hiddenGrading(line: CodeTaskLine): HiddenGrading {
  const tests = line.tests ?? '';
  const conversion =
    line.inputs !== undefined
      ? { ok: true as const, inputs: line.inputs.map(callInput), atol: 0 }
      : line.reference === undefined
        ? undefined
        : inputsFromCheck(tests);
  if (line.reference !== undefined && conversion?.ok) {
    return {
      style: 'differential',
      entryPoint: line.entry_point,
      reference: line.reference,
      suites: [{ name: 'base', inputs: conversion.inputs }],
      atol: conversion.atol,
      comparison: 'equal',
    };
  }
  return { style: 'asserts', tests: [{ name: 'check', code: `${tests}\n\ncheck(${line.entry_point})\n` }] };
}

function callInput(input: z.output<typeof inputLine>): CallInput {
  if (typeof input === 'string') return { format: 'python', args: input };
  return {
    format: 'python',
    args: input.args,
    ...(input.raises === undefined ? {} : { raises: input.raises }),
    ...(input.check_arguments ? { checkArguments: true } : {}),
  };
}

/** A dataset file's text (gunzipped when it is gzip, whatever its name; without a BOM) and the sha256 of its bytes. */
export async function readDatasetFile(path: string): Promise<{ text: string; sha256: string }> {
  const bytes = await readFile(path);
  const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  return {
    text: withoutBom((gzip ? gunzipSync(bytes) : bytes).toString('utf8')),
    sha256: sha256Hex(bytes),
  };
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Validates each non-blank line; every bad line is reported as `file:line: field: problem`. */
export function parseJsonl<Schema extends z.ZodType>(
  text: string,
  file: string,
  schema: Schema,
): { line: number; value: z.output<Schema> }[] {
  const rows: { line: number; value: z.output<Schema> }[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      problems.push(`${file}:${line}: invalid JSON: ${(error as Error).message}`);
      return;
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) rows.push({ line, value: parsed.data });
    else problems.push(...parsed.error.issues.map((issue) => `${file}:${line}: ${fieldOf(issue)}: ${issue.message}`));
  });
  if (problems.length > 0) throw new Error(`invalid dataset ${file}:\n  ${problems.slice(0, 10).join('\n  ')}`);
  return rows;
}

function fieldOf(issue: z.core.$ZodIssue): string {
  if (issue.path.length > 0) return issue.path.join('.');
  return issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : '(line)';
}
