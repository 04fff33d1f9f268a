import { describe, expect, it } from 'vitest';
import { docstringExamples, isLiteral } from '../../src/datasets/docstring-examples.js';

/** A prompt whose entry function `f(a, b)` has `body` as its docstring. */
const prompt = (body: string, signature = 'f(a, b)') => `def ${signature}:\n    """${body}\n    """\n`;

describe('docstringExamples', () => {
  it('reads doctest examples, including multi-line output and a comment after the call', () => {
    const doc = `Doc.
    >>> f(1, 2)
    3
    >>> f([1,
    ...    2], 0) # lists too
    [1,
     2]`;
    expect(docstringExamples(prompt(doc), 'f')).toEqual(['assert f(1, 2) == 3', 'assert f([1,\n   2], 0) == [1, 2]']);
  });

  it('reads `>>> f(x) == y` written without output, and a bare call without output as None', () => {
    const doc = `
    >>> f(1, 2) == 3
    >>> f(0, 0)
    >>> f(1, 1) [2]`;
    expect(docstringExamples(prompt(doc), 'f')).toEqual(['assert f(1, 2) == 3', 'assert f(0, 0) is None']);
  });

  it('wraps a doctest expression that is not a single call', () => {
    expect(docstringExamples(prompt('\n    >>> round(f(1, 2), 1) + 0\n    3.0'), 'f')).toEqual(['assert (round(f(1, 2), 1) + 0) == 3.0']);
  });

  it.each([
    ['f(1, 2) ==> 3', 'assert f(1, 2) == 3'],
    ['f(1, 2) => [3]', 'assert f(1, 2) == [3]'],
    ['f(1, 2) -> (3, 4)', 'assert f(1, 2) == (3, 4)'],
    ["f('a', 2) ➞ 'aa'", "assert f('a', 2) == 'aa'"],
    ['f(1, 2) == None', 'assert f(1, 2) == None'],
    ['f(1, 2) = -1', 'assert f(1, 2) == -1'],
    ['f({"a": 1}, 2) returns True', 'assert f({"a": 1}, 2) == True'],
    ['f(14,-15) should return 20.', 'assert f(14,-15) == 20'],
    ['f(15, 1)   # returns "db1111db"', 'assert f(15, 1) == "db1111db"'],
    ["f('x.txt', 0) # => 'Yes'", "assert f('x.txt', 0) == 'Yes'"],
    ['* f([], 1) => []', 'assert f([], 1) == []'],
    ['for f(7, 34) == 34', 'assert f(7, 34) == 34'],
    ['f(5, 1) returns [1, 5] # because 5 is odd', 'assert f(5, 1) == [1, 5]'],
    ['f(1.5e3, .5) == {1, 2}', 'assert f(1.5e3, .5) == {1, 2}'],
  ])('reads `%s`', (line, expected) => {
    expect(docstringExamples(prompt(`\n    Examples:\n    ${line}`), 'f')).toEqual([expected]);
  });

  it.each([
    ['an arithmetic "result"', 'f("5 apples", 19) ->19 - 5 - 6 = 8'],
    ['a JavaScript boolean', 'f(1, 4) => true'],
    ['an unquoted string argument', 'f(abc, 1) => False'],
    ['another function', 'g(1, 2) == 3'],
    ['a parenthesised string where a tuple was meant', 'f("Earth", "Mercury") ==> ("Venus")'],
    ['a broken string', 'f(["a"], 1) == ""aaaaaaa"'],
    ['a trailing remark', "f('1example.dll', 1) # => 'No' (the name should start with a letter)"],
    ['a call spread over lines', 'f([\n      1], 2) == 3'],
    ['a call with no operator', 'f(1, 2) [1, 2]'],
  ])('skips %s', (_, line) => {
    expect(docstringExamples(prompt(`\n    ${line}`), 'f')).toEqual([]);
  });

  it('reads Input:/Output: pairs by parameter name or as the only argument', () => {
    const two = `
    Example 1:
        Input: b = 3, a = [-3, -4, 5]
        Output: [-4, -3, 5]
    Example 2:
        Input: a = [1], c = 2
        Output: [1]`;
    expect(docstringExamples(prompt(two), 'f')).toEqual(['assert f([-3, -4, 5], 3) == [-4, -3, 5]']);
    const one = '\n    Input: [4,2,3]\n    Output: [2, 1] # smallest even\n    Explanation: 2 is the smallest even value.';
    expect(docstringExamples(prompt(one, 'f(arr)'), 'f')).toEqual(['assert f([4,2,3]) == [2, 1]']);
  });

  it('reads "For x = … the output should be y"', () => {
    const doc = `
    For a = [1,2,3], b = 1 the output should be 14
    For a = "abcde", b = "ae", the result should be ('bcd',False)
    For a = 1000, the sum of digits will be 1 the output should be "1".`;
    expect(docstringExamples(prompt(doc), 'f')).toEqual([
      'assert f([1,2,3], 1) == 14',
      "assert f(\"abcde\", \"ae\") == ('bcd',False)",
    ]);
  });

  it('does not read `=` as an example where the docstring defines the function by equations', () => {
    const doc = `
    tri(1) = 3
    tri(n) = 1 + n / 2, if n is even.
    For example:
    tri(4) = 3
    tri(3) ==> [1, 3, 2, 8]`;
    expect(docstringExamples(prompt(doc, 'tri(n)'), 'tri')).toEqual(['assert tri(3) == [1, 3, 2, 8]']);
  });

  it("reads only the entry function's docstring, once per distinct example", () => {
    const source = `def helper(x):\n    """\n    >>> helper(1)\n    2\n    """\n\n\n${prompt('\n    f(1, 2) == 3\n    f(1, 2) == 3')}`;
    expect(docstringExamples(source, 'f')).toEqual(['assert f(1, 2) == 3']);
    expect(docstringExamples('def f(a, b):\n    return a\n', 'f')).toEqual([]);
    expect(docstringExamples(source, 'missing')).toEqual([]);
  });
});

describe('isLiteral', () => {
  it.each(['1', '-2.5', '1e-3', "'a'", '"a\\"b"', 'True', 'None', '[]', '()', '(1,)', '(1, "x")', '{}', "{'a': [1, (2, 3)]}", '{1, 2}', "b'x'"])(
    'accepts %s',
    (text) => expect(isLiteral(text)).toBe(true),
  );
  it.each(['', 'true', 'x', '1 + 2', '(1)', '[1 2]', '"a" "b"', '"open', 'f(1)', '-"a"', '{1: }', '4n'])('rejects %s', (text) =>
    expect(isLiteral(text)).toBe(false),
  );
});
