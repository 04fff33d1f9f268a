import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inputOfTest, inputsFromCheck, type CheckConversion } from '../../src/datasets/check-inputs.js';
import { readDatasetFile } from '../../src/datasets/jsonl.js';
import { hasPython, PYTHON } from '../support/python.js';

/** The real files, kept beside the project (../shared); the tests that need them skip without them. */
const HUMANEVAL = fileURLToPath(new URL('../../../shared/datasets/HumanEval.jsonl.gz', import.meta.url));
const HUMANEVAL_PLUS = fileURLToPath(new URL('../../../shared/datasets/HumanEvalPlus.jsonl.gz', import.meta.url));
const PY_CORE = fileURLToPath(new URL('../../datasets/py-core.jsonl', import.meta.url));
const hasHumanEval = existsSync(HUMANEVAL);
const hasHumanEvalPlus = hasHumanEval && existsSync(HUMANEVAL_PLUS) && hasPython;
const PLUS_MISSING = ` (skipped: needs python3, ${HUMANEVAL} and ${HUMANEVAL_PLUS})`;
if (!hasHumanEval) console.warn(`skipping the HumanEval conversion tests: ${HUMANEVAL} is absent`);

/** A test module whose check body is `body` (indented by four spaces here). */
const check = (body: string) => `def check(candidate):\n${body.replace(/^(?=.)/gm, '    ')}\n`;
const args = (conversion: CheckConversion) => (conversion.ok ? conversion.inputs.map((input) => input.args) : conversion.reason);

describe('inputsFromCheck', () => {
  it('reads the arguments of `==` asserts as literal tuples in source text, 1-tuples with a comma', () => {
    const conversion = inputsFromCheck(check('assert candidate([1, 2], 3) == 5\nassert candidate("ab") == "ba"\nassert candidate() == 0'));
    expect(conversion).toEqual({
      ok: true,
      inputs: [
        { format: 'python', args: '([1, 2], 3)' },
        { format: 'python', args: '("ab",)' },
        { format: 'python', args: '()' },
      ],
      atol: 0,
    });
  });

  it('accepts every assert shape that compares the result with a constant, keeping duplicates in order', () => {
    const body = [
      'assert 3 == candidate(1)',
      'assert candidate(2)',
      'assert not candidate(3)',
      'assert candidate(4) is True',
      'assert candidate(5) is None',
      'assert candidate(6) == True',
      'assert (candidate(7) == "x"), "t1"',
      'assert candidate(8) == (3 + 5, 2.0/3.0, -1)',
      'assert candidate(1)==1,"message"',
      'assert(candidate(1) == {"a": [None]})',
    ].join('\n');
    expect(args(inputsFromCheck(check(body)))).toEqual(['(1,)', '(2,)', '(3,)', '(4,)', '(5,)', '(6,)', '(7,)', '(8,)', '(1,)', '(1,)']);
  });

  it('keeps multi-line asserts whole and drops comments and messages, even with brackets, quotes and # in strings', () => {
    const body = `# a comment with candidate(0) in it
assert candidate([
    [1, 2],  # first row )
    [3, 4],
], "x)#y") == [
    1,
], "message with a ) and candidate(9)"
assert candidate('it\\'s == "q"', "#", ")(") == 1  # trailing )
assert candidate(
    -1, - 2.5, -3e-9,
) == -6
assert candidate(7) == \\
    7`;
    expect(args(inputsFromCheck(check(body)))).toEqual([
      `([\n        [1, 2],${' '.repeat(15)}\n        [3, 4],\n    ], "x)#y")`,
      `('it\\'s == "q"', "#", ")(")`,
      '(-1, - 2.5, -3e-9)',
      '(7,)',
    ]);
  });

  it('accepts nested containers, sets, tuples, prefixed and triple-quoted strings, and a literal in parentheses', () => {
    const source = `def check(candidate):
    assert candidate({1: (2, [3, {4}]), "k": {}}, ((1,),), b"\\x00", r"\\d", u"é") == 0
    assert candidate("""two
lines""", '''q"'"''') == 1
    assert candidate(('[]')) == False
`;
    expect(args(inputsFromCheck(source))).toEqual([
      '({1: (2, [3, {4}]), "k": {}}, ((1,),), b"\\x00", r"\\d", u"é")',
      `("""two\nlines""", '''q"'"''')`,
      "(('[]'),)",
    ]);
  });

  it('takes the largest tolerance of `abs(result - expected) < tol` in either order, with < or <=', () => {
    const body = `assert abs(candidate(1.33) - 0.33) < 1e-6
assert abs(2.0/3.0 - candidate([1.0, 2.0])) <= 0.001
assert candidate(3.5) == 0.5`;
    const inputs = ['(1.33,)', '([1.0, 2.0],)', '(3.5,)'].map((a) => ({ format: 'python', args: a }));
    expect(inputsFromCheck(check(body))).toEqual({ ok: true, inputs, atol: 0.001 });
  });

  it('skips statements that cannot fail and module-level constants and imports', () => {
    const source = `import math
from typing import List

METADATA = {
    'author': 'jt',
    'dataset': 'test'
}


def check(candidate):
    """Docstring."""
    # Check some simple cases
    assert True, "This prints if this assert fails 1 (good for debugging!)"
    print
    print("checking", 1)
    "a bare string"
    pass
    assert candidate(1) == 2

    assert True
`;
    expect(args(inputsFromCheck(source))).toEqual(['(1,)']);
  });

  it('reads a check whose parameter has another name', () => {
    expect(args(inputsFromCheck('def check(f):\n    assert f(1) == 2\n    assert candidate(1) == 2\n'))).toBe('line 3: assert does not call f');
  });

  // each body follows a valid assert on line 2, so the refusal names its own line, not a check without calls
  it.each([
    ['a loop', 'assert candidate(1) == 1\nfor x in range(3):\n    assert candidate(x) == x', 'line 4: loop'],
    ['an assignment', 'x = [1, 2]\nassert candidate(x) == 1', 'line 3: assignment'],
    ['an import inside check', 'import random\nassert candidate(1) == 1', 'line 3: import inside check'],
    ['an expression argument', 'assert candidate([1] * 3) == 3', 'line 3: argument is not a Python literal'],
    ['a variable argument', 'assert candidate(x) == 3', 'line 3: argument is not a Python literal'],
    ['a keyword argument', 'assert candidate(1, k=2) == 3', 'line 3: keyword argument'],
    ['an f-string argument', 'assert candidate(f"{1}") == 3', 'line 3: argument is not a Python literal'],
    ['a call to another function', 'assert helper(1) == 3', 'line 3: assert does not call candidate'],
    ['an expected value that calls a function', 'assert candidate(1) == str(1)', "line 3: assert does not compare candidate's result with a constant"],
    ['a result that is transformed', 'assert tuple(candidate([1])) == (1,)', "line 3: assert does not compare candidate's result with a constant"],
    ['`!=`', 'assert candidate(1) != 2', "line 3: assert does not compare candidate's result with a constant"],
    ['`is not None`', 'assert candidate(1) is not None', "line 3: assert does not compare candidate's result with a constant"],
    ['a chained comparison', 'assert candidate(1) == 2 == 2', "line 3: assert does not compare candidate's result with a constant"],
    ['`or`', 'assert candidate(1) == 2 or True', "line 3: assert does not compare candidate's result with a constant"],
    ['a tolerance in a variable', 'assert abs(candidate(1) - 1) < tol', "line 3: assert does not compare candidate's result with a constant"],
    ['a scaled difference', 'assert abs(candidate(1) - 1) * (2) < 1e-6', "line 3: assert does not compare candidate's result with a constant"],
    ['an incomplete expected side', 'assert abs(2 * - candidate(1)) < 1e-6', "line 3: assert does not compare candidate's result with a constant"],
    ['two calls in one assert', 'assert candidate(1) == candidate(2)', 'line 3: more than one use of candidate in an assert'],
    ['a nested call', 'assert candidate(candidate(1)) == 1', 'line 3: more than one use of candidate in an assert'],
    ['an assert on a tuple', 'assert (candidate(1) == 2, "never fails")', 'line 3: assert on a tuple, which is always true'],
    ['candidate passed as a value', 'assert run(candidate) == 1', 'line 3: candidate used other than by calling it'],
    ['a bare call', 'candidate(1)', 'line 3: candidate called outside an assert'],
    ['a try block', 'try:\n    candidate(1)\nexcept ValueError:\n    pass', 'line 3: `try` statement'],
    ['two statements on a line', 'assert candidate(1) == 1; assert candidate(2) == 2', 'line 3: several statements on one line'],
    ['a print of a call', 'print(candidate(1))', 'line 3: candidate called outside an assert'],
  ])('refuses %s', (_, body, reason) => {
    expect(inputsFromCheck(check(`assert candidate(0) == 0\n${body}`))).toEqual({ ok: false, reason });
  });

  it('refuses a missing check, a check that never calls candidate, and module-level code', () => {
    expect(inputsFromCheck('def test():\n    assert f(1) == 2\n')).toEqual({ ok: false, reason: 'no top-level `def check`' });
    expect(inputsFromCheck(check('assert True\npass'))).toEqual({ ok: false, reason: 'check never calls candidate' });
    const valid = check('assert candidate(1) == 1');
    const moduleCode = 'module-level code other than imports and constants';
    expect(inputsFromCheck(`def helper():\n    return 1\n\n${valid}`)).toEqual({ ok: false, reason: `line 1: ${moduleCode}` });
    expect(inputsFromCheck(`${valid}\ncheck(f)\n`)).toEqual({ ok: false, reason: `line 4: ${moduleCode}` });
    expect(inputsFromCheck(valid.replace('(candidate)', '(candidate, extra)'))).toEqual({ ok: false, reason: 'line 1: check does not take one plain parameter' });
  });

  it.skipIf(!hasPython)('gives args that ast.literal_eval reads as the values the source meant', () => {
    const source = `def check(candidate):
    assert candidate(123456789012345678901234567890, 1e-9, "a\\tb\\\\", '\\'', b"\\xff", (1,), {1, 2}, -0.5) == 0
    assert candidate("""x
y""") == 1
`;
    const conversion = inputsFromCheck(source);
    if (!conversion.ok) throw new Error(conversion.reason);
    const program = `import ast, sys
got = [ast.literal_eval(a) for a in ${JSON.stringify(conversion.inputs.map((i) => i.args))}]
want = [(123456789012345678901234567890, 1e-9, "a\\tb\\\\", "'", b"\\xff", (1,), {1, 2}, -0.5), ("x\\ny",)]
print(got == want and all(map(lambda g, w: list(map(type, g)) == list(map(type, w)), got, want)))`;
    const run = spawnSync(PYTHON ?? 'python3', ['-c', program], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('True');
  });
});

describe('inputOfTest: the input of a test the model wrote for itself (self-consistency)', () => {
  it.each([
    ['an equality', 'assert add(1, 2) == 3', '(1, 2)'],
    ['the constant first, and a message', 'assert 3 == add(1, 2), "adds"', '(1, 2)'],
    ['literal containers and strings', "assert add([1, 2], {'k': (3,)}, 'x') == [1]", "([1, 2], {'k': (3,)}, 'x')"],
    ['one argument (a 1-tuple)', 'assert add(-1) == -1', '(-1,)'],
    ['a truth test', 'assert add(1, 2)', '(1, 2)'],
    ['a negated one', 'assert not add(0, 0)', '(0, 0)'],
    ['`is True`', 'assert add(1, 2) is True', '(1, 2)'],
    ['a tolerance', 'assert abs(add(0.1, 0.2) - 0.3) < 1e-9', '(0.1, 0.2)'],
  ])('reads %s', (_, test, args) => {
    expect(inputOfTest(test, 'add')).toEqual({ format: 'python', args });
  });

  it.each([
    ['an inequality', 'assert add(1, 2) != 4'],
    ['a membership test', 'assert add(1, 2) in (3, 4)'],
    ['a variable argument', 'assert add(x, 2) == 3'],
    ['a keyword argument', 'assert add(a=1, b=2) == 3'],
    ['a computed argument', 'assert add(1 + 1, 2) == 4'],
    ['a computed expected value', 'assert add(1, 2) == add(2, 1)'],
    ['a call inside another', 'assert isinstance(add(1, 2), int)'],
    ['another function', 'assert sub(1, 2) == -1'],
    ['two asserts on a line', 'assert add(1, 2) == 3; assert add(2, 2) == 4'],
    ['a test of more than one line', 'assert add(1, 2) == 3\nassert add(2, 2) == 4'],
    ['a statement other than an assert', 'print(add(1, 2))'],
  ])('gives no input for %s', (_, test) => {
    expect(inputOfTest(test, 'add')).toBeUndefined();
  });
});

interface HumanEvalRow {
  task_id: string;
  test: string;
}

interface HumanEvalPlusRow {
  task_id: string;
  atol: number;
  base_input: unknown[];
}

/** Each JSON line with its raw text: base_input holds integers too big for a JavaScript number. */
async function jsonLines<Row>(path: string): Promise<{ row: Row; line: string }[]> {
  const lines = (await readDatasetFile(path)).text.split('\n').filter((line) => line.trim() !== '');
  return lines.map((line) => ({ row: JSON.parse(line) as Row, line }));
}

/** The refusals on HumanEval as observed, so that a change in what converts shows here. */
const HUMANEVAL_REFUSED: Record<string, string> = {
  // arguments computed by arithmetic, which ast.literal_eval does not read
  'HumanEval/16': 'line 12: argument is not a Python literal',
  'HumanEval/25': 'line 13: argument is not a Python literal',
  'HumanEval/31': 'line 17: argument is not a Python literal',
  'HumanEval/75': 'line 8: argument is not a Python literal',
  'HumanEval/90': 'line 9: argument is not a Python literal',
  'HumanEval/108': 'line 10: argument is not a Python literal',
  // random or generated inputs
  'HumanEval/32': 'line 7: import inside check',
  'HumanEval/38': 'line 7: import inside check',
  'HumanEval/44': 'line 13: loop',
  'HumanEval/50': 'line 7: import inside check',
  'HumanEval/53': 'line 7: import inside check',
  'HumanEval/151': 'line 13: assignment',
  // `tuple(candidate(…)) == tuple(…)`
  'HumanEval/33': "line 7: assert does not compare candidate's result with a constant",
  'HumanEval/37': "line 7: assert does not compare candidate's result with a constant",
};

describe('inputsFromCheck on HumanEval', () => {
  it.skipIf(!hasHumanEval)(`converts all but the refused tasks${hasHumanEval ? '' : ` (skipped: ${HUMANEVAL} is absent)`}`, async () => {
    const rows = await jsonLines<HumanEvalRow>(HUMANEVAL);
    expect(rows).toHaveLength(164);
    const refused = Object.fromEntries(
      rows.flatMap(({ row }) => {
        const conversion = inputsFromCheck(row.test);
        return conversion.ok ? [] : [[row.task_id, conversion.reason]];
      }),
    );
    const list = Object.entries(refused).map(([id, reason]) => `  ${id}: ${reason}`);
    console.log(`HumanEval: ${164 - list.length}/164 tasks convert; refused:\n${list.join('\n')}`);
    expect(refused).toEqual(HUMANEVAL_REFUSED);
    expect(164 - Object.keys(refused).length).toBeGreaterThanOrEqual(150);
  });

  it.skipIf(!hasHumanEvalPlus)(
    `gives HumanEval+'s base_input, in order, and its atol, for every converted task${hasHumanEvalPlus ? '' : PLUS_MISSING}`,
    async () => {
      const plus = new Map((await jsonLines<HumanEvalPlusRow>(HUMANEVAL_PLUS)).map((entry) => [entry.row.task_id, entry]));
      const converted = (await jsonLines<HumanEvalRow>(HUMANEVAL)).flatMap(({ row }) => {
        const conversion = inputsFromCheck(row.test);
        return conversion.ok ? [{ id: row.task_id, test: row.test, conversion, plus: plus.get(row.task_id)! }] : [];
      });
      expect(converted.length).toBeGreaterThanOrEqual(150);

      const atolDifferences = converted
        .filter((task) => task.conversion.atol !== task.plus.row.atol)
        .map((task) => `${task.id}: ${task.conversion.atol} vs ${task.plus.row.atol}`);
      console.log(`atol differences from HumanEval+: ${atolDifferences.join(', ') || 'none'}`);
      expect(atolDifferences).toEqual([]);

      const comparison = compareWithBaseInput(
        converted.map((task) => ({ id: task.id, args: task.conversion.inputs.map((input) => input.args), line: task.plus.line })),
      );
      console.log(`base_input: ${comparison.compared} tasks compared; differences: ${JSON.stringify(comparison.differences)}`);
      expect(comparison.compared).toBe(converted.length);
      expect(comparison.differences).toEqual(BASE_INPUT_DIFFERENCES);
      // what base_input has beyond ours: one input per call written in the test, messages included
      for (const task of converted.filter((t) => BASE_INPUT_DIFFERENCES[t.id] === 'ours within base')) {
        expect(task.plus.row.base_input, task.id).toHaveLength(task.test.match(/\bcandidate\(/g)!.length);
      }
    },
  );
});

/** Where HumanEval+'s base_input is not the calls the original asserts make, and why ours are right. */
const BASE_INPUT_DIFFERENCES: Record<string, string> = {
  // JSON has no tuples: the tuple arguments are lists in base_input (compared as JSON, HumanEval/95's dict
  // key 5 is "5" there too)
  'HumanEval/127': 'equal as JSON',
  // base_input also has the calls in assert messages (`, "error: " + str(candidate(1))`), which run only
  // when the assert has failed; HumanEval/77's message even calls candidate(1728) where its assert calls 1729
  'HumanEval/77': 'ours within base',
  'HumanEval/78': 'ours within base',
  'HumanEval/95': 'ours within base',
  'HumanEval/97': 'ours within base',
  'HumanEval/117': 'ours within base',
  'HumanEval/148': 'ours within base',
  // base_input drops the last assert's input, grid [[1, 3], [3, 2]], as outside HumanEval+'s contract (the
  // grid must hold 1..N*N); the original test checks it, so the reference's answer on it stays an input
  'HumanEval/129': 'base within ours',
};

/**
 * Our args read by `ast.literal_eval` against HumanEval+'s base_input (from the raw row, so big integers
 * survive), with Python's `==`, in one python3 process for all tasks: each task that differs is named with
 * how, once both are read as JSON.
 */
function compareWithBaseInput(tasks: { id: string; args: string[]; line: string }[]): { compared: number; differences: Record<string, string> } {
  const program = `
import ast, json, sys

def as_json(value):
    return json.loads(json.dumps(value, default=list))

def within(short, long):
    rest = iter(long)
    return all(any(item == other for other in rest) for item in short)

result = {"compared": 0, "differences": {}}
for task in json.load(sys.stdin):
    ours = [list(ast.literal_eval(args)) for args in task["args"]]
    base = json.loads(task["line"])["base_input"]
    result["compared"] += 1
    if ours == base:
        continue
    ours = as_json(ours)
    relation = ("equal as JSON" if ours == base else "ours within base" if within(ours, base)
                else "base within ours" if within(base, ours) else "different")
    result["differences"][task["id"]] = relation
print(json.dumps(result))
`;
  const run = spawnSync(PYTHON ?? 'python3', ['-c', program], { input: JSON.stringify(tasks), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as { compared: number; differences: Record<string, string> };
}

interface PyCoreLine {
  id: string;
  tests?: string;
  inputs?: (string | { args: string; raises?: string; check_arguments?: true })[];
}

/**
 * py-core states every hidden test as `inputs`, the checks that were not calls compared with a value too: an
 * expected exception is an input's `raises`, an input that must not be modified has `check_arguments`.
 */
describe('py-core', () => {
  it('states all 46 tasks as inputs, none as a check to run assert-style', async () => {
    const rows = (await readFile(PY_CORE, 'utf8'))
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as PyCoreLine);
    expect(rows).toHaveLength(46);
    expect(rows.filter((row) => row.tests !== undefined).map((row) => row.id)).toEqual([]);
    const expecting = (key: 'raises' | 'check_arguments') =>
      rows.filter((row) => row.inputs?.some((input) => typeof input === 'object' && input[key] !== undefined)).map((row) => row.id.slice('py-core/'.length));
    expect(expecting('raises')).toEqual(['011', '017', '018', '022', '027', '029', '038', '039']);
    expect(expecting('check_arguments')).toEqual(['006', '008', '024']);
  });
});
