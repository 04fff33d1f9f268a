import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { extractProgram, type ProgramForm } from '../../src/python/extract.js';
import { findFunction, maskPython } from '../../src/python/python-source.js';
import { hasPython, PYTHON } from '../support/python.js';


/** Runs `source` with python3; the exit status says whether every assert held. */
function runPython(source: string): { ok: boolean; stderr: string } {
  const run = spawnSync(PYTHON ?? 'python3', ['-c', source], { encoding: 'utf8', timeout: 20_000, input: '' });
  return { ok: run.status === 0, stderr: run.stderr };
}

const BELOW_ZERO = {
  prompt: `from typing import List


def below_zero(operations: List[int]) -> bool:
    """ Detect if the balance of an account that starts at zero ever falls below zero.
    >>> below_zero([1, 2, 3])
    False
    >>> below_zero([1, 2, -4, 5])
    True
    """
`,
  entryPoint: 'below_zero',
  check: 'assert below_zero([1, 2, -4, 5]) is True\nassert below_zero([1, 2, 3]) is False\nassert below_zero([]) is False',
};

// HumanEval/38: the answer needs the prompt's helper `encode_cyclic`.
const DECODE_CYCLIC = {
  prompt: `

def encode_cyclic(s: str):
    """
    returns encoded string by cycling groups of three characters.
    """
    # split string to groups. Each of length 3.
    groups = [s[(3 * i):min((3 * i + 3), len(s))] for i in range((len(s) + 2) // 3)]
    # cycle elements in each group. Unless group has fewer elements than 3.
    groups = [(group[1:] + group[0]) if len(group) == 3 else group for group in groups]
    return "".join(groups)


def decode_cyclic(s: str):
    """
    takes as input string encoded with encode_cyclic function. Returns decoded string.
    """
`,
  entryPoint: 'decode_cyclic',
  check: "assert decode_cyclic(encode_cyclic('abcdefgh')) == 'abcdefgh'\nassert decode_cyclic('') == ''",
};

// HumanEval/50
const DECODE_SHIFT = {
  prompt: `

def encode_shift(s: str):
    """
    returns encoded string by shifting every character by 5 in the alphabet.
    """
    return "".join([chr(((ord(ch) + 5 - ord("a")) % 26) + ord("a")) for ch in s])


def decode_shift(s: str):
    """
    takes as input string encoded with encode_shift function. Returns decoded string.
    """
`,
  entryPoint: 'decode_shift',
  check: "assert decode_shift(encode_shift('hello')) == 'hello'",
};

const COUNT_VOWELS = {
  prompt: `def count_vowels(s: str) -> int:
    """Return how many vowels (a, e, i, o, u, either case) are in s.
    >>> count_vowels('Hello')
    2
    """
`,
  entryPoint: 'count_vowels',
  check: "assert count_vowels('Hello') == 2\nassert count_vowels('xyz') == 0\nassert count_vowels('AEIOU') == 5",
};

type Task = typeof BELOW_ZERO;

interface Case {
  name: string;
  task: Task;
  reply: string;
  form: ProgramForm;
}

const BELOW_ZERO_FUNCTION = `from typing import List


def below_zero(operations: List[int]) -> bool:
    balance = 0
    for op in operations:
        balance += op
        if balance < 0:
            return True
    return False`;

const BELOW_ZERO_BODY = `    balance = 0
    for op in operations:
        balance += op
        if balance < 0:
            return True
    return False`;

const fence = (code: string, language = 'python') => '```' + language + '\n' + code + '\n```';

const cases: Case[] = [
  {
    name: 'qwen2.5-coder: prose, python fence, explanation',
    task: BELOW_ZERO,
    form: 'full-function',
    reply: `Here's the implementation:\n\n${fence(BELOW_ZERO_FUNCTION)}\n\nThis works by keeping a running balance and returning \`True\` as soon as it drops below zero.`,
  },
  {
    name: 'py fence tag',
    task: BELOW_ZERO,
    form: 'full-function',
    reply: `Sure!\n${fence(BELOW_ZERO_FUNCTION, 'py')}`,
  },
  {
    name: 'fence without a language (llama3)',
    task: BELOW_ZERO,
    form: 'full-function',
    reply: `Here is the completed function:\n\n${fence(BELOW_ZERO_FUNCTION, '')}\n\nLet me know if you need anything else!`,
  },
  {
    name: 'tilde fence',
    task: BELOW_ZERO,
    form: 'full-function',
    reply: `~~~python\n${BELOW_ZERO_FUNCTION}\n~~~`,
  },
  {
    name: 'capitalised language tag and four-backtick fence',
    task: BELOW_ZERO,
    form: 'full-function',
    reply: `\`\`\`\`Python\n${BELOW_ZERO_FUNCTION}\n\`\`\`\``,
  },
  {
    name: 'body only, indented, in a fence',
    task: BELOW_ZERO,
    form: 'body',
    reply: fence(BELOW_ZERO_BODY),
  },
  {
    name: 'body only, dedented, in a fence',
    task: BELOW_ZERO,
    form: 'body',
    reply: fence(BELOW_ZERO_BODY.replace(/^ {4}/gm, '')),
  },
  {
    name: 'raw completion: body whose first line lost its indentation, no fence',
    task: BELOW_ZERO,
    form: 'body',
    reply: BELOW_ZERO_BODY.trimStart(),
  },
  {
    name: 'no fence: the whole reply is code',
    task: BELOW_ZERO,
    form: 'full-function',
    reply: BELOW_ZERO_FUNCTION,
  },
  {
    name: 'no fence: code between prose lines',
    task: BELOW_ZERO,
    form: 'full-function',
    reply: `Here is a solution:\n\n${BELOW_ZERO_FUNCTION}\n\nThe function iterates over the operations and tracks the balance.`,
  },
  {
    name: 'two blocks: example usage first, then the function',
    task: BELOW_ZERO,
    form: 'full-function',
    reply: `You would call it like this:\n${fence('print(below_zero([1, 2, -4, 5]))  # True')}\n\nImplementation:\n${fence(BELOW_ZERO_FUNCTION)}`,
  },
  {
    name: 'two blocks: the function, then tests that would fail',
    task: BELOW_ZERO,
    form: 'full-function',
    reply: `${fence(BELOW_ZERO_FUNCTION)}\n\n### Tests\n${fence('assert below_zero([1]) == True  # deliberately wrong\nprint("ok")')}`,
  },
  {
    name: 'helper in its own block',
    task: COUNT_VOWELS,
    form: 'full-function',
    reply: `First a helper:\n${fence("def is_vowel(ch: str) -> bool:\n    return ch.lower() in 'aeiou'")}\n\nThen the function:\n${fence('def count_vowels(s: str) -> int:\n    return sum(1 for ch in s if is_vowel(ch))')}`,
  },
  {
    name: 'import and constant in their own block',
    task: COUNT_VOWELS,
    form: 'full-function',
    reply: `${fence("import re\n\nVOWELS = re.compile('[aeiou]', re.IGNORECASE)")}\n${fence('def count_vowels(s: str) -> int:\n    return len(VOWELS.findall(s))')}`,
  },
  {
    name: 'closing fence missing (max tokens) after a complete function',
    task: BELOW_ZERO,
    form: 'full-function',
    reply: `Here's the code:\n\n\`\`\`python\n${BELOW_ZERO_FUNCTION}\n\n# Example usage\nprint(below_zero([1, 2, -4, 5`,
  },
  {
    name: "if __name__ == '__main__' block with input() and failing asserts",
    task: BELOW_ZERO,
    form: 'full-function',
    reply: fence(`${BELOW_ZERO_FUNCTION}\n\n\nif __name__ == '__main__':\n    ops = [int(x) for x in input().split()]\n    assert below_zero(ops) == 'wrong'\n    print(below_zero(ops))`),
  },
  {
    name: 'top-level example calls and prints after the function',
    task: COUNT_VOWELS,
    form: 'full-function',
    reply: fence(`def count_vowels(s: str) -> int:\n    return sum(ch in 'aeiouAEIOU' for ch in s)\n\n# Example usage:\nprint(count_vowels("Hello"))  # Output: 2\nassert count_vowels("xyz") == 3`),
  },
  {
    name: 'leaked <think> with a wrong draft inside',
    task: COUNT_VOWELS,
    form: 'full-function',
    reply: `<think>\nMaybe:\n${fence('def count_vowels(s):\n    return 0')}\nNo, that ignores the input.\n</think>\n\n${fence("def count_vowels(s: str) -> int:\n    return sum(1 for ch in s.lower() if ch in 'aeiou')")}`,
  },
  {
    name: 'reasoning closed by a bare </think> (opening tag was in the template)',
    task: COUNT_VOWELS,
    form: 'full-function',
    reply: `Let me count vowels... easy.\n</think>\n${fence("def count_vowels(s):\n    return sum(ch in 'aeiouAEIOU' for ch in s)")}`,
  },
  {
    name: 'Windows line endings',
    task: BELOW_ZERO,
    form: 'full-function',
    reply: `Here you go:\r\n\r\n${fence(BELOW_ZERO_FUNCTION)}\r\n`.replace(/(?<!\r)\n/g, '\r\n'),
  },
  {
    name: 'HumanEval/38: full function relying on the prompt helper',
    task: DECODE_CYCLIC,
    form: 'full-function',
    reply: `To decode, cycle each group of three the other way:\n${fence('def decode_cyclic(s: str):\n    return encode_cyclic(encode_cyclic(s))')}`,
  },
  {
    name: 'HumanEval/38: reply restates the helper too',
    task: DECODE_CYCLIC,
    form: 'full-function',
    reply: fence(
      'def encode_cyclic(s: str):\n    groups = [s[(3 * i):min((3 * i + 3), len(s))] for i in range((len(s) + 2) // 3)]\n    groups = [(group[1:] + group[0]) if len(group) == 3 else group for group in groups]\n    return "".join(groups)\n\n\ndef decode_cyclic(s: str):\n    groups = [s[(3 * i):min((3 * i + 3), len(s))] for i in range((len(s) + 2) // 3)]\n    groups = [(group[-1] + group[:-1]) if len(group) == 3 else group for group in groups]\n    return "".join(groups)',
    ),
  },
  {
    name: 'HumanEval/50: body only',
    task: DECODE_SHIFT,
    form: 'body',
    reply: fence('    return "".join([chr(((ord(ch) - 5 - ord("a")) % 26) + ord("a")) for ch in s])'),
  },
  {
    name: 'HumanEval/50: deepseek-coder headings and numbered explanation',
    task: DECODE_SHIFT,
    form: 'full-function',
    reply: `### Solution\n\n${fence('def decode_shift(s: str):\n    """Shift every character back by 5."""\n    return "".join(chr((ord(ch) - ord("a") - 5) % 26 + ord("a")) for ch in s)')}\n\n### Explanation\n1. Each character is shifted back by 5.\n2. The modulo keeps it in the alphabet.`,
  },
  {
    name: 'two full versions: the later (corrected) one wins',
    task: COUNT_VOWELS,
    form: 'full-function',
    reply: `A first attempt:\n${fence("def count_vowels(s):\n    return sum(ch in 'aeiou' for ch in s)")}\nThis misses upper case. Fixed:\n${fence("def count_vowels(s):\n    return sum(ch in 'aeiouAEIOU' for ch in s)")}`,
  },
  {
    name: 'fenced block indented inside a numbered list',
    task: COUNT_VOWELS,
    form: 'full-function',
    reply: `1. Implement it:\n   \`\`\`python\n   def count_vowels(s: str) -> int:\n       return len([c for c in s if c.lower() in "aeiou"])\n   \`\`\`\n2. Done.`,
  },
  {
    name: 'decorated function with its import',
    task: COUNT_VOWELS,
    form: 'full-function',
    reply: fence("from functools import lru_cache\n\n\n@lru_cache(maxsize=None)\ndef count_vowels(s: str) -> int:\n    return sum(ch in 'aeiouAEIOU' for ch in s)"),
  },
  {
    name: 'body that repeats the docstring and uses a nested helper',
    task: COUNT_VOWELS,
    form: 'body',
    reply: fence('    """Count the vowels."""\n    def is_vowel(c):\n        return c in "aeiouAEIOU"\n    return sum(map(is_vowel, s))'),
  },
  {
    name: 'fence opened at the end of a prose line',
    task: COUNT_VOWELS,
    form: 'full-function',
    reply: "Here it is: ```python\ndef count_vowels(s):\n    return sum(c in 'aeiouAEIOU' for c in s)\n```",
  },
  {
    name: 'imports followed by comments',
    task: COUNT_VOWELS,
    form: 'full-function',
    reply: fence("import re  # regular expressions\nfrom collections import (  # counting\n    Counter,\n)\n# the answer:\n\ndef count_vowels(s: str) -> int:\n    found = Counter(re.findall('[aeiou]', s.lower()))\n    return sum(found.values())"),
  },
  {
    name: 'no fence: an exclamation, then a body',
    task: COUNT_VOWELS,
    form: 'body',
    reply: "Sure!\n    return sum(c in 'aeiouAEIOU' for c in s)",
  },
  {
    name: 'function assigned as a lambda',
    task: COUNT_VOWELS,
    form: 'module',
    reply: fence("count_vowels = lambda s: sum(c in 'aeiouAEIOU' for c in s)"),
  },
];

describe('extractProgram on realistic replies', () => {
  it('has a broad table', () => expect(cases.length).toBeGreaterThanOrEqual(25));

  it.each(cases)('$name', ({ task, reply, form }) => {
    const extracted = extractProgram(reply, task);
    expect(extracted).toMatchObject({ ok: true, form });
  });

  it.skipIf(!hasPython).each(cases)('$name: the program defines the entry point and passes', ({ task, reply }) => {
    const extracted = extractProgram(reply, task);
    if (!extracted.ok) throw new Error(extracted.reason);
    const run = runPython(`${extracted.program}\nassert callable(${task.entryPoint})\n${task.check}\n`);
    expect(run.stderr).toBe('');
    expect(run.ok).toBe(true);
  });
});

describe('extractProgram details', () => {
  it('keeps the prompt helper and drops the entry stub from the preamble', () => {
    const extracted = extractProgram(fence('def decode_cyclic(s: str):\n    return encode_cyclic(encode_cyclic(s))'), DECODE_CYCLIC);
    if (!extracted.ok) throw new Error(extracted.reason);
    expect(extracted.program.match(/def encode_cyclic/g)).toHaveLength(1);
    expect(extracted.program.match(/def decode_cyclic/g)).toHaveLength(1);
    expect(extracted.program).not.toContain('takes as input string encoded');
  });

  it('puts a body under the prompt, indented like the docstring', () => {
    const extracted = extractProgram(fence('return sum(c in "aeiou" for c in s.lower())'), COUNT_VOWELS);
    expect(extracted).toMatchObject({
      ok: true,
      code: 'return sum(c in "aeiou" for c in s.lower())',
      program: `${COUNT_VOWELS.prompt}    return sum(c in "aeiou" for c in s.lower())\n`,
    });
  });

  it('dedents a raw completion whose first line lost its indentation', () => {
    const extracted = extractProgram(BELOW_ZERO_BODY.trimStart(), BELOW_ZERO);
    expect(extracted).toMatchObject({ ok: true, code: BELOW_ZERO_BODY.replace(/^ {4}/gm, '') });
  });

  it('drops example usage but keeps the definitions it needs', () => {
    const extracted = extractProgram(
      fence('import math\nimport os\n\nLIMIT = 10\nresult = None\n\ndef f(x):\n    return min(math.floor(x), LIMIT)\n\nprint(f(3.5))'),
      { prompt: 'def f(x):\n    """Floor, capped."""\n', entryPoint: 'f' },
    );
    expect(extracted).toMatchObject({ ok: true, code: 'import math\n\nLIMIT = 10\n\ndef f(x):\n    return min(math.floor(x), LIMIT)' });
  });

  it('takes the first block as the module when the task names no entry point', () => {
    expect(extractProgram(`Run this:\n${fence('print("hi")')}`, { prompt: 'Write a greeting.' })).toEqual({
      ok: true,
      code: 'print("hi")',
      program: 'print("hi")\n',
      form: 'module',
    });
  });

  it.each([
    ['an empty reply', '   \n', /empty/],
    ['only an unclosed <think>', '<think>\nLet me think about this for a long', /empty/],
    ['a refusal in prose', "I'm sorry, but I can't help with that request.\nPlease ask something else.", /no code/],
    ['only a shell block', fence('pip install numpy', 'bash'), /no Python code block/],
    ['a function with another name', fence('def solution(s):\n    return len(s)'), /no function `count_vowels`/],
    ['a method inside a class', fence('class Solution:\n    def count_vowels(self, s):\n        return 0'), /no function `count_vowels`/],
  ])('fails with a reason on %s', (_, reply, reason) => {
    const extracted = extractProgram(reply, COUNT_VOWELS);
    expect(extracted.ok).toBe(false);
    if (!extracted.ok) expect(extracted.reason).toMatch(reason);
  });
});

describe('Python source helpers', () => {
  it('maskPython blanks strings and comments at the same offsets', () => {
    const source = 'x = "a # b" + \'(\'  # comment (\ny = """\nline )\n"""\n';
    const masked = maskPython(source);
    expect(masked).toHaveLength(source.length);
    expect(masked).toBe('x = "     " + \' \'  #          \ny = """\n      \n"""\n');
  });

  it('findFunction locates the signature, docstring and end of a function', () => {
    const source = 'import os\n\ndef f(a,\n      b=")"):\n    """Doc.\n\n    More."""\n    return a\n\n# trailing\ndef g():\n    pass\n';
    const fn = findFunction(source, 'f')!;
    expect(source.slice(fn.start, fn.docstring!.start)).toBe('def f(a,\n      b=")"):\n    ');
    expect(source.slice(fn.docstring!.start, fn.docstring!.end)).toBe('"""Doc.\n\n    More."""');
    expect(source.slice(fn.bodyStart, fn.end)).toBe('    return a\n\n# trailing\n');
    expect(fn.bodyIndent).toBe('    ');
    expect(findFunction(source, 'h')).toBeUndefined();
  });
});

describe('a body that only raises', () => {
  it('is still a body (a stub answer is a recorded failure of the code, not of extraction)', () => {
    const extraction = extractProgram(fence('    raise NotImplementedError'), BELOW_ZERO);
    expect(extraction).toMatchObject({ ok: true, form: 'body' });
    expect(extraction.ok && extraction.program).toContain('def below_zero(operations: List[int]) -> bool:');
  });
});
