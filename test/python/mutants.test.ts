import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadHumanEvalTasks } from '../../src/datasets/humaneval.js';
import { mutantsOf } from '../../src/python/mutants.js';
import { hasPython, PYTHON } from '../support/python.js';

const HUMANEVAL = fileURLToPath(new URL('../../../shared/datasets/HumanEval.jsonl.gz', import.meta.url));

const HELPER = 'import math\n\n\ndef is_even(n):\n    return n % 2 == 0\n\n\n';
const HEADER = 'def count_evens(nums: list[int], limit: int = 10) -> int:\n    """Count even numbers below `limit`; 0 < 1 and True == 1 here."""\n';
const BODY = '    # skip negatives: x < 0\n    total = 0\n    for x in nums:\n        if x >= 0 and x < limit and is_even(x):\n            total += 1\n    return total\n';
const TRAILER = '\n\nLABEL = "a < b == c"\n';
const REFERENCE = HELPER + HEADER + BODY + TRAILER;

/** Indices of the sources that do not parse as Python. */
function unparsable(sources: string[]): number[] {
  const script = 'import ast, json, sys\nbad = []\nfor i, s in enumerate(json.load(sys.stdin)):\n    try:\n        ast.parse(s)\n    except SyntaxError:\n        bad.append(i)\nprint(json.dumps(bad))';
  const run = spawnSync(PYTHON ?? 'python3', ['-c', script], { input: JSON.stringify(sources), encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as number[];
}

describe('mutantsOf', () => {
  it('makes `count` distinct mutants, deterministically', () => {
    const mutants = mutantsOf(REFERENCE, 'count_evens');
    expect(mutants).toHaveLength(3);
    expect(new Set(mutants).size).toBe(3);
    expect(mutants).not.toContain(REFERENCE);
    expect(mutantsOf(REFERENCE, 'count_evens')).toEqual(mutants);
    expect(mutantsOf(REFERENCE, 'count_evens', 7)).toHaveLength(7);
  });

  it('changes only the body: signature, docstring, comments, strings and other code stay', () => {
    const mutants = mutantsOf(REFERENCE, 'count_evens', 20);
    expect(mutants.at(-1)).toBe(`${HELPER}${HEADER}    raise NotImplementedError\n${TRAILER}`);
    for (const mutant of mutants.slice(0, -1)) {
      expect(mutant.startsWith(HELPER + HEADER + '    # skip negatives: x < 0\n')).toBe(true);
      expect(mutant.endsWith(TRAILER)).toBe(true);
    }
  });

  it('tries the surest kinds first: last return, ==/!=, comparisons, and/or', () => {
    const body = (mutant: string) => mutant.slice((HELPER + HEADER).length, -TRAILER.length);
    expect(mutantsOf(REFERENCE, 'count_evens', 4).map(body)).toEqual([
      BODY.replace('return total', 'return None'),
      BODY.replace('x >= 0', 'x < 0'),
      BODY.replace('x >= 0 and', 'x >= 0 or'),
      BODY.replace('total += 1', 'total -= 1'),
    ]);
  });

  it('returns a whole multi-line return value to None', () => {
    const reference = 'def f(a):\n    return (a +\n            1)\n';
    expect(mutantsOf(reference, 'f', 1)).toEqual(['def f(a):\n    return None\n']);
  });

  it('falls back to a body that raises when there is nothing to mutate', () => {
    const reference = 'def f(x):\n    """Does nothing."""\n    print(x)\n\n\ndef g():\n    pass\n';
    expect(mutantsOf(reference, 'f')).toEqual(['def f(x):\n    """Does nothing."""\n    raise NotImplementedError\n\n\ndef g():\n    pass\n']);
  });

  it('ends a short list with the fallback', () => {
    const mutants = mutantsOf('def f(x):\n    return x\n', 'f');
    expect(mutants).toEqual(['def f(x):\n    return None\n', 'def f(x):\n    raise NotImplementedError\n']);
  });

  it('names a missing entry point', () => {
    expect(() => mutantsOf('def g():\n    return 1\n', 'f')).toThrow('reference defines no function `f`');
  });

  it.skipIf(!hasPython)('keeps every mutant valid Python', async () => {
    const references = [
      { reference: REFERENCE, entryPoint: 'count_evens' },
      { reference: 'def f(a, b):\n    return a ** -1 + 1e-9 - b[-1] if a <= b else a >> 1 << 2\n', entryPoint: 'f' },
    ];
    if (existsSync(HUMANEVAL)) {
      for (const task of await loadHumanEvalTasks(HUMANEVAL)) references.push({ reference: task.hidden.reference!, entryPoint: task.view.entryPoint! });
    }
    const mutants = references.flatMap(({ reference, entryPoint }) => mutantsOf(reference, entryPoint, 5));
    expect(mutants.length).toBeGreaterThanOrEqual(10);
    expect(unparsable(mutants)).toEqual([]);
  });
});
