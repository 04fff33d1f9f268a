import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/datasets/load.js';
import { mutantsOf } from '../../src/python/mutants.js';
import type { Task } from '../../src/datasets/task.js';
import { packageRoot } from '../../src/package-root.js';
import { sharedGrader } from '../support/shared-grading.js';

const dataset = await loadDataset({ source: 'builtin:py-core' }, { packageRoot });
const code = dataset.tasks.filter((task) => task.view.kind === 'code');
/** Graded as a run grades them (some 300 programs). */
const grader = await sharedGrader();
const returnNone = (task: Task) => `${task.view.prompt}    return None\n`;

describe('builtin:py-core', () => {
  it('has at least 40 tasks with 1–3 visible examples and a reference', () => {
    expect(code.length).toBeGreaterThanOrEqual(40);
    for (const task of code) {
      expect(task.view.visibleTests.length, task.view.id).toBeGreaterThanOrEqual(1);
      expect(task.view.visibleTests.length, task.view.id).toBeLessThanOrEqual(3);
      expect(task.hidden.reference?.startsWith(task.view.prompt), task.view.id).toBe(true);
    }
  });

  it('grades every task differentially, on at least 5 hidden inputs with the reference as the oracle', () => {
    for (const task of code) {
      const grading = task.hidden.grading;
      expect(grading.style, task.view.id).toBe('differential');
      if (grading.style !== 'differential') continue;
      expect(grading.reference, task.view.id).toBe(task.hidden.reference);
      expect(grading.suites.map((suite) => suite.name)).toEqual(['base']);
      expect(grading.suites[0]!.inputs.length, task.view.id).toBeGreaterThanOrEqual(5);
    }
  });

  it('every reference passes its hidden and visible tests', async () => {
    const grades = await Promise.all(code.map((task) => grader.grade(task, task.hidden.reference!)));
    expect(code.filter((_, i) => !grades[i]!.passed).map((task) => task.view.id)).toEqual([]);
    const visible = await Promise.all(
      code.map((task) => grader.grade({ view: task.view, hidden: { grading: { style: 'asserts', tests: task.view.visibleTests } } }, task.hidden.reference!)),
    );
    expect(code.filter((_, i) => !visible[i]!.passed).map((task) => task.view.id)).toEqual([]);
  });

  it('`return None` and every mutant the simulated model writes fail the hidden tests', async () => {
    const wrong = code.flatMap((task) => [returnNone(task), ...mutantsOf(task.hidden.reference!, task.view.entryPoint!)].map((program) => [task, program] as const));
    expect(wrong.length).toBeGreaterThanOrEqual(code.length * 3);
    const grades = await Promise.all(wrong.map(([task, program]) => grader.grade(task, program)));
    const survivors = wrong.filter((_, i) => grades[i]!.passed).map(([task, program]) => `${task.view.id}:\n${program}`);
    expect(survivors).toEqual([]);
  });
});
