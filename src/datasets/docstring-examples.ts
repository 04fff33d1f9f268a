import { closingBracket, findFunction, maskPython, type SourceSpan } from '../python/python-source.js';

/**
 * Visible tests read from the examples in the entry function's docstring, as `assert` lines.
 *
 * Docstrings show examples in many notations (`>>> f(x)` + output, `f(x) ==> y`, `f(x) ➞ y`,
 * `f(x) should return y`, `Input:`/`Output:` pairs, `For x = … the output should be y`). A visible
 * test that is wrong misleads every strategy that runs it, so this is conservative: the call's
 * arguments and the expected value must both be Python literals (numbers, strings, True/False/None
 * and lists, tuples, dicts, sets of them); prose such as `19 - 5 - 6 = 8`, `=> true` or a call to
 * a differently named function is skipped.
 */
export function docstringExamples(prompt: string, entryPoint: string): string[] {
  const fn = findFunction(prompt, entryPoint);
  if (fn?.docstring === undefined) return [];
  const quote = prompt.startsWith('"""', fn.docstring.start) || prompt.startsWith("'''", fn.docstring.start) ? 3 : 1;
  const lines = prompt.slice(fn.docstring.start + quote, fn.docstring.end - quote).split('\n');
  const reader = new ExampleReader(entryPoint, parameterNames(prompt.slice(fn.start, fn.bodyStart)), lines);
  return [...new Set(reader.asserts())];
}

class ExampleReader {
  /**
   * `f(n) = …` is read as an example unless the docstring also defines the function by
   * equations (`tri(n) = 1 + n / 2`): then `tri(4) = 3` is mathematics, not a call's result.
   */
  private readonly equalsIsExample: boolean;

  constructor(
    private readonly entryPoint: string,
    private readonly parameters: string[],
    private readonly lines: string[],
  ) {
    this.equalsIsExample = !lines.some((line) => {
      const call = this.callAt(line);
      return call !== undefined && !call.literalArguments && /^\s*=[^=]/.test(line.slice(call.end));
    });
  }

  *asserts(): Generator<string> {
    for (let i = 0; i < this.lines.length; i++) {
      const line = this.lines[i]!;
      const example = line.trim().startsWith('>>>')
        ? this.doctest(i)
        : (this.inputOutput(i) ?? this.forTheOutput(line) ?? this.callExample(line, ARROW_OPERATORS));
      if (example !== undefined) yield example;
    }
  }

  /** `>>> f(x)` and its printed output up to a blank line; without output, `>>> f(x) == y` or `f(x) is None`. */
  private doctest(at: number): string | undefined {
    const withoutMarker = (line: string) => line.trim().replace(/^(>>>|\.\.\.) ?/, '');
    let source = withoutMarker(this.lines[at]!);
    let i = at + 1;
    for (; i < this.lines.length && this.lines[i]!.trim().startsWith('...'); i++) source += '\n' + withoutMarker(this.lines[i]!);
    const output: string[] = [];
    for (; i < this.lines.length && this.lines[i]!.trim() !== '' && !this.lines[i]!.trim().startsWith('>>>'); i++) {
      output.push(this.lines[i]!.trim());
    }
    const expression = withoutComment(source).trim();
    if (output.length === 0) {
      // doctest prints nothing for an expression only when its value is None
      const call = this.callAt(expression);
      const bareCall = call?.literalArguments && call.start === 0 && call.end === expression.length;
      return bareCall ? `assert ${expression} is None` : this.callExample(expression, ['==']);
    }
    const expected = output.join(' ');
    const mentionsEntry = new RegExp(`\\b${this.entryPoint}\\b`).test(maskPython(expression));
    if (!mentionsEntry || !isLiteral(expected)) return undefined;
    return `assert ${isSingleCall(expression) ? expression : `(${expression})`} == ${expected}`;
  }

  /** `Input: arr = [1, 2], k = 1` (or a lone value for a one-parameter function) and `Output: y` on the next line. */
  private inputOutput(at: number): string | undefined {
    const input = /^\s*Input:\s*(\S.*)$/.exec(this.lines[at]!)?.[1];
    const next = this.lines.slice(at + 1).find((l) => l.trim() !== '');
    const output = next && /^\s*Output:\s*(\S.*)$/.exec(next)?.[1];
    if (input === undefined || !output) return undefined;
    return this.exampleAssert(this.argumentsFrom(input), withoutComment(output));
  }

  /** `For lst = [1,2,3] the output should be 14` and `For s = "ab", c = "b", the result should be ('a',False)`. */
  private forTheOutput(line: string): string | undefined {
    const match = /^\s*For\s+(.+?),?\s+the\s+(?:output|result)\s+should\s+be\s+(.+?)\s*$/.exec(line);
    if (!match) return undefined;
    return this.exampleAssert(this.argumentsFrom(match[1]!), match[2]!);
  }

  /** `f(args) OP expected` at the start of a line, after an optional bullet or a stray `for`. */
  private callExample(line: string, operators: readonly string[]): string | undefined {
    const call = this.callAt(line);
    if (call === undefined || !call.literalArguments) return undefined;
    const result = OPERATOR_AND_RESULT.exec(line.slice(call.end));
    if (!result || !operators.includes(result[1]!)) return undefined;
    if (result[1] === '=' && !this.equalsIsExample) return undefined;
    return this.exampleAssert(line.slice(call.start, call.end), withoutComment(result[2]!));
  }

  private callAt(line: string): { start: number; end: number; literalArguments: boolean } | undefined {
    const head = new RegExp(`^(\\s*(?:[*-]\\s+|for\\s+)?)${this.entryPoint}\\s*\\(`).exec(line);
    if (!head) return undefined;
    const masked = maskPython(line);
    const literal = listEnd(masked, head[0].length, ')', argumentEnd);
    if (literal !== undefined) return { start: head[1]!.length, end: literal.end, literalArguments: true };
    const close = closingBracket(masked, head[0].length - 1);
    return close < 0 ? undefined : { start: head[1]!.length, end: close + 1, literalArguments: false };
  }

  /** A call from `name = value, …` naming every parameter, or from a lone value when there is one parameter. */
  private argumentsFrom(text: string): string | undefined {
    const masked = maskPython(text);
    const assignments = listEnd(masked + ')', 0, ')', keywordArgumentEnd);
    if (assignments?.end !== masked.length + 1 || assignments.items.length === 0) {
      return this.parameters.length === 1 && isLiteral(text) ? `${this.entryPoint}(${text.trim()})` : undefined;
    }
    const byName = new Map(
      assignments.items.map(({ start, end }) => {
        const [, name, value] = /^\s*(\w+)\s*=\s*([\s\S]*?)\s*$/.exec(text.slice(start, end))!;
        return [name!, value!];
      }),
    );
    const complete = byName.size === this.parameters.length && this.parameters.every((p) => byName.has(p));
    return complete ? `${this.entryPoint}(${this.parameters.map((p) => byName.get(p)).join(', ')})` : undefined;
  }

  private exampleAssert(call: string | undefined, expectedText: string): string | undefined {
    const expected = literalWithoutFullStop(expectedText.trim());
    return call === undefined || expected === undefined ? undefined : `assert ${call} == ${expected}`;
  }
}

/** Longest first, so that `==>` is not read as `==`; none needs escaping in a RegExp. */
const ARROW_OPERATORS = ['==>', '=>', '->', '➞', '==', '=', 'returns', 'should return'] as const;
const OPERATOR_AND_RESULT = new RegExp(`^\\s*(?:#\\s*)?(${ARROW_OPERATORS.join('|')})\\s*(\\S.*)$`);

/** Prose often ends an example with a full stop: `should return True.`, `the output should be 1.` */
function literalWithoutFullStop(text: string): string | undefined {
  const trimmed = text.replace(/\.$/, '');
  return [trimmed, text].find(isLiteral);
}

function withoutComment(text: string): string {
  const hash = maskPython(text).indexOf('#');
  return hash < 0 ? text : text.slice(0, hash);
}

function isSingleCall(expression: string): boolean {
  const masked = maskPython(expression);
  const head = /^[\w.]+\(/.exec(masked);
  return head !== null && closingBracket(masked, head[0].length - 1) === masked.length - 1;
}

function parameterNames(signature: string): string[] {
  const masked = maskPython(signature);
  const open = masked.indexOf('(');
  const inside = masked.slice(open + 1, closingBracket(masked, open));
  const names: string[] = [];
  let depth = 0;
  let part = '';
  for (const c of inside + ',') {
    if (c === ',' && depth === 0) {
      const name = /^\s*\**\s*([A-Za-z_]\w*)/.exec(part)?.[1];
      if (name !== undefined && name !== 'self') names.push(name);
      part = '';
      continue;
    }
    if ('([{'.includes(c)) depth++;
    if (')]}'.includes(c)) depth--;
    part += c;
  }
  return names;
}

// --- Python literals, recognised on masked text (string contents blanked) ---------------------

export function isLiteral(text: string): boolean {
  const masked = maskPython(text);
  const end = valueEnd(masked, 0);
  return end !== undefined && masked.slice(end).trim() === '';
}

const ATOM = /^\s*(?:[-+]\s*)?(?:\d[\d_]*(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)(?![\w.])|^\s*(?:True|False|None)\b|^\s*[bBrRuU]?(["'])[^\S\n]*\1/;

/** End of the literal value starting at `at` (after spaces), or undefined. */
function valueEnd(masked: string, at: number): number | undefined {
  const atom = ATOM.exec(masked.slice(at));
  if (atom) return at + atom[0].length;
  const open = /^\s*([[({])/.exec(masked.slice(at));
  if (!open) return undefined;
  const start = at + open[0].length;
  if (open[1] === '[') return listEnd(masked, start, ']', valueEnd)?.end;
  if (open[1] === '{') return listEnd(masked, start, '}', dictEntryEnd)?.end ?? listEnd(masked, start, '}', valueEnd)?.end;
  const tuple = listEnd(masked, start, ')', valueEnd);
  // `("Venus")` is a string, though its author meant a tuple: too ambiguous to test
  return tuple && (tuple.items.length !== 1 || tuple.trailingComma) ? tuple.end : undefined;
}

function dictEntryEnd(masked: string, at: number): number | undefined {
  const key = valueEnd(masked, at);
  const colon = key === undefined ? null : /^\s*:/.exec(masked.slice(key));
  return key === undefined || !colon ? undefined : valueEnd(masked, key + colon[0].length);
}

function keywordArgumentEnd(masked: string, at: number): number | undefined {
  const keyword = /^\s*[A-Za-z_]\w*\s*=(?!=)/.exec(masked.slice(at));
  return keyword ? valueEnd(masked, at + keyword[0].length) : undefined;
}

function argumentEnd(masked: string, at: number): number | undefined {
  return keywordArgumentEnd(masked, at) ?? valueEnd(masked, at);
}

/** Comma-separated items up to `close`; `end` is past `close`. */
function listEnd(
  masked: string,
  at: number,
  close: string,
  item: (masked: string, at: number) => number | undefined,
): { end: number; items: SourceSpan[]; trailingComma: boolean } | undefined {
  const items: SourceSpan[] = [];
  let trailingComma = false;
  for (let i = at; ; ) {
    const start = i + /^\s*/.exec(masked.slice(i))![0].length;
    if (masked[start] === close) return { end: start + 1, items, trailingComma };
    if (items.length > 0 && !trailingComma) return undefined;
    const end = item(masked, start);
    if (end === undefined) return undefined;
    items.push({ start, end });
    const comma = /^\s*,/.exec(masked.slice(end));
    trailingComma = comma !== null;
    i = end + (comma?.[0].length ?? 0);
  }
}
