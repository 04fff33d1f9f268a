import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { entriesFromJsonl, loadJsonlTasks, tasksFromJsonl } from '../../src/datasets/jsonl.js';

const PROMPT = 'def inc(x: int) -> int:\n    """Add one.\n    >>> inc(1)\n    2\n    """\n';
const TESTS = 'def check(candidate):\n    assert candidate(1) == 2\n';
const codeLine = (fields: Record<string, unknown> = {}) =>
  JSON.stringify({ id: 'core/001', kind: 'code', prompt: PROMPT, entry_point: 'inc', tests: TESTS, ...fields });
const jsonl = (...lines: string[]) => lines.join('\n') + '\n';

describe('tasksFromJsonl', () => {
  it('maps a code line to a view and hidden tests', () => {
    const [task] = tasksFromJsonl(
      jsonl(codeLine({ visible_tests: ['assert inc(1) == 2', 'assert inc(-1) == 0'], reference: `${PROMPT}    return x + 1\n` })),
      'core.jsonl',
    );
    expect(task).toEqual({
      view: {
        id: 'core/001',
        kind: 'code',
        language: 'python',
        prompt: PROMPT,
        entryPoint: 'inc',
        visibleTests: [
          { name: 'visible_1', code: 'assert inc(1) == 2' },
          { name: 'visible_2', code: 'assert inc(-1) == 0' },
        ],
        visibleTestSource: 'dataset',
      },
      hidden: {
        // A check that only compares calls on literals is read as inputs; the reference gives the expected values.
        grading: {
          style: 'differential',
          entryPoint: 'inc',
          reference: `${PROMPT}    return x + 1\n`,
          suites: [{ name: 'base', inputs: [{ format: 'python', args: '(1,)' }] }],
          atol: 0,
          comparison: 'equal',
        },
        reference: `${PROMPT}    return x + 1\n`,
      },
    });
  });

  it('maps `inputs` to differential grading, the reference being the oracle, and an unreadable check to assert-style', () => {
    const reference = `${PROMPT}    return x + 1\n`;
    const [stated, loop] = tasksFromJsonl(
      jsonl(
        codeLine({ tests: undefined, inputs: ['(1,)', { args: "('a',)", raises: 'TypeError' }, { args: '(-5,)', check_arguments: true }], reference }),
        codeLine({ id: 'core/002', tests: 'def check(candidate):\n    for x in range(3):\n        assert candidate(x) == x + 1\n', reference }),
      ),
      'core.jsonl',
    );
    expect(stated!.hidden.grading).toMatchObject({
      style: 'differential',
      reference,
      suites: [{ name: 'base', inputs: [{ args: '(1,)' }, { args: "('a',)", raises: 'TypeError' }, { args: '(-5,)', checkArguments: true }] }],
    });
    expect(loop!.hidden.grading).toMatchObject({ style: 'asserts', tests: [{ name: 'check' }] });
  });

  it('keeps hidden tests and the reference out of the view', () => {
    const [task] = tasksFromJsonl(jsonl(codeLine({ reference: `${PROMPT}    return x + 1\n` })), 'core.jsonl');
    const view = JSON.stringify(task!.view);
    expect(view).not.toContain('check(candidate)');
    expect(view).not.toContain('return x + 1');
  });

  it('defaults kind to code and reads visible tests from the docstring when the line has none', () => {
    const line = JSON.parse(codeLine()) as Record<string, unknown>;
    delete line['kind'];
    const [task] = tasksFromJsonl(jsonl(JSON.stringify(line)), 'core.jsonl');
    expect(task!.view).toMatchObject({
      kind: 'code',
      visibleTests: [{ name: 'visible_1', code: 'assert inc(1) == 2' }],
      visibleTestSource: 'docstring',
    });
  });

  it("records `none` when there are no visible tests, given or found", () => {
    const bare = codeLine({ prompt: 'def inc(x):\n    """Add one."""\n' });
    const emptyList = codeLine({ id: 'core/002', visible_tests: [] });
    expect(tasksFromJsonl(jsonl(bare, emptyList), 'core.jsonl').map((t) => [t.view.visibleTests.length, t.view.visibleTestSource])).toEqual([
      [0, 'none'],
      [0, 'none'],
    ]);
  });

  it('maps an open task, skipping blank lines', () => {
    const tasks = tasksFromJsonl(jsonl('', JSON.stringify({ id: 'open/1', kind: 'open', prompt: 'Explain recursion.' }), '  '), 'open.jsonl');
    expect(tasks).toEqual([
      {
        view: { id: 'open/1', kind: 'open', language: 'python', prompt: 'Explain recursion.', visibleTests: [], visibleTestSource: 'none' },
        hidden: { grading: { style: 'asserts', tests: [] } },
      },
    ]);
  });

  it.each([
    ['a missing field', codeLine({ tests: undefined }), 'core.jsonl:2: tests:'],
    ['a field of the wrong type', codeLine({ visible_tests: 'assert inc(1) == 2' }), 'core.jsonl:2: visible_tests:'],
    ['an unknown field', codeLine({ entrypoint: 'inc' }), 'core.jsonl:2: entrypoint: Unrecognized key'],
    ['an unknown kind', codeLine({ kind: 'essay' }), 'core.jsonl:2: kind:'],
    ['tests on an open task', JSON.stringify({ id: 'o', kind: 'open', prompt: 'p', tests: TESTS }), 'core.jsonl:2: tests: Unrecognized key'],
    ['an entry point the prompt lacks', codeLine({ entry_point: 'dec' }), 'core.jsonl:2: entry_point: the prompt defines no function'],
    ['an entry point that is not an identifier', codeLine({ entry_point: 'inc()' }), 'core.jsonl:2: entry_point: expected a Python identifier'],
    ['broken JSON', '{"id": "x",', 'core.jsonl:2: invalid JSON'],
    ['a duplicate id', codeLine(), 'core.jsonl:2: id: "core/001" already used on line 1'],
    ['inputs without a reference', codeLine({ tests: undefined, inputs: ['(1,)'] }), 'core.jsonl:2: reference: a task with `inputs` needs a `reference`'],
    ['both tests and inputs', codeLine({ inputs: ['(1,)'], reference: PROMPT }), 'core.jsonl:2: tests: a code task has either `tests` or `inputs`'],
    ['an input that is not a literal tuple', codeLine({ tests: undefined, inputs: ['(1)', 'x'], reference: PROMPT }), 'core.jsonl:2: inputs.0: expected a Python literal tuple'],
    ['an expected exception that is not a name', codeLine({ tests: undefined, inputs: [{ args: '(1,)', raises: 'Value Error' }], reference: PROMPT }), 'core.jsonl:2: inputs.0.raises: expected a Python identifier'],
    ['an input object with an unknown field', codeLine({ tests: undefined, inputs: [{ args: '(1,)', expect: 3 }], reference: PROMPT }), 'core.jsonl:2: inputs.0'],
  ])('names file, line and field for %s', (_, badLine, message) => {
    expect(() => tasksFromJsonl(jsonl(codeLine(), badLine), 'core.jsonl')).toThrow(message);
  });

  it('reports every bad line at once', () => {
    expect(() => tasksFromJsonl(jsonl('{', codeLine(), '[]'), 'x.jsonl')).toThrow(/x\.jsonl:1: invalid JSON[\s\S]*x\.jsonl:3:/);
  });
});

describe('entriesFromJsonl', () => {
  it('gives each row\'s id, and its task when asked, as tasksFromJsonl makes it', () => {
    const text = jsonl(codeLine(), codeLine({ id: 'core/002', visible_tests: ['assert inc(0) == 1'] }));
    const entries = entriesFromJsonl(text, 'core.jsonl');
    expect(entries.map((entry) => entry.id)).toEqual(['core/001', 'core/002']);
    expect(entries.map((entry) => entry.task())).toEqual(tasksFromJsonl(text, 'core.jsonl'));
  });

  it('still rejects a file whose ids repeat, before any task is made', () => {
    expect(() => entriesFromJsonl(jsonl(codeLine(), codeLine()), 'core.jsonl')).toThrow('core.jsonl:2: id: "core/001" already used on line 1');
  });
});

describe('loadJsonlTasks', () => {
  it('reads plain and gzipped files alike', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'selfbench-jsonl-'));
    const text = jsonl(codeLine(), codeLine({ id: 'core/002' }));
    await writeFile(join(dir, 'tasks.jsonl'), text);
    await writeFile(join(dir, 'tasks.jsonl.gz'), gzipSync(text));
    const plain = await loadJsonlTasks(join(dir, 'tasks.jsonl'));
    expect(plain.map((t) => t.view.id)).toEqual(['core/001', 'core/002']);
    expect(await loadJsonlTasks(join(dir, 'tasks.jsonl.gz'))).toEqual(plain);
  });
});
