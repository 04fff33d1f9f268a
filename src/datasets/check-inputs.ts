import { bracketBalance, closingBracket, findFunction, lineSpans, maskPython } from '../python/python-source.js';
import { isLiteral } from './docstring-examples.js';
import type { CallInput } from './task.js';

/**
 * The inputs of differential grading, read from a HumanEval-style `def check(candidate):` whose body
 * is a list of asserts on calls with literal arguments.
 *
 * The expected values in the asserts are not kept: the reference solution's return value on the same
 * input is the oracle. Only the shape of each assert is checked, so that it surely compares the call's
 * result with a constant (`==`, `is True`, truthiness, `abs(… - …) < tol`); a tolerance becomes `atol`.
 * Anything else (loops, variables, helpers, computed arguments) refuses the whole task with the first
 * offending line: a wrong conversion would silently change a benchmark, a refusal only keeps the task
 * on assert-style grading.
 */
export type CheckConversion = { ok: true; inputs: CallInput[]; atol: number } | { ok: false; reason: string };

export function inputsFromCheck(testSource: string): CheckConversion {
  const fn = findFunction(testSource, 'check', { topLevelOnly: true });
  if (fn === undefined) return { ok: false, reason: 'no top-level `def check`' };
  const reader = new CheckReader(testSource);
  const parameter = /^def[ \t]+check[ \t]*\(\s*([A-Za-z_]\w*)\s*,?\s*\)\s*:/.exec(reader.code.slice(fn.start))?.[1];
  if (parameter === undefined || SHADOWED_BUILTINS.includes(parameter)) {
    return { ok: false, reason: `line ${reader.lineOf(fn.start)}: check does not take one plain parameter` };
  }
  const inputs: CallInput[] = [];
  let atol = 0;
  for (const statement of reader.statements()) {
    if (statement.start >= fn.start && statement.start < fn.bodyStart) continue; // the header and docstring
    const inCheck = statement.start >= fn.bodyStart && statement.start < fn.end;
    try {
      const call = inCheck ? reader.checkStatement(statement, parameter, fn.bodyIndent) : reader.moduleStatement(statement);
      if (call === undefined) continue;
      inputs.push({ format: 'python', args: call.args });
      atol = Math.max(atol, call.tolerance);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      return { ok: false, reason: `line ${reader.lineOf(statement.start)}: ${error.message}` };
    }
  }
  return inputs.length === 0 ? { ok: false, reason: `check never calls ${parameter}` } : { ok: true, inputs, atol };
}

/**
 * The input of one test a model wrote for itself (one line, as `writeTests` keeps them), read as the body of a check
 * whose parameter is the function it tests: the literal arguments of `assert <callee>(…) == <constant>` (or of the
 * other shapes a check may take: a truth test, `is True`, `abs(… - …) < tol`). Its expected value is not kept. A
 * test of any other shape gives none: it is left out, never guessed at.
 */
export function inputOfTest(code: string, callee: string): CallInput | undefined {
  if (code.includes('\n')) return undefined;
  const conversion = inputsFromCheck(`def check(${callee}):\n    ${code}\n`);
  return conversion.ok ? conversion.inputs[0] : undefined;
}

/** A parameter named like one of these would make a skipped `print` or an accepted `abs(…)` a candidate call. */
const SHADOWED_BUILTINS = ['abs', 'print'];

class Refusal extends Error {}

/** A logical line: `code` is masked (see `CheckReader.code`), from its first non-blank character on. */
interface Statement {
  start: number;
  indent: string;
  code: string;
}

interface Call {
  /** The arguments as a Python literal tuple, in their source text. */
  args: string;
  /** From `abs(call - expected) < tolerance`, else 0. */
  tolerance: number;
}

/** Statements other than asserts that check bodies use, refused by name. */
const STATEMENT_KEYWORDS = new Set(
  ['if', 'elif', 'else', 'try', 'except', 'finally', 'with', 'def', 'class', 'async', 'return', 'raise', 'del', 'global', 'nonlocal'],
);

class CheckReader {
  /**
   * The source masked (maskPython), then with comments blanked, and every string literal and line
   * continuation (`\` newline) on one line, string literals as `"   "` (prefix kept): statements can be
   * split at newlines and brackets, and `isLiteral` reads triple-quoted strings, which it knows only on one line.
   */
  readonly code: string;
  /** The source with its comments blanked: arguments are cut from it, so none ends inside a comment. */
  private readonly plain: string;

  constructor(private readonly source: string) {
    const masked = maskPython(source);
    const comments = [...masked.matchAll(/#[^\n]*/g)];
    const blankComments = (text: string) =>
      comments.reduce((out, m) => out.slice(0, m.index) + ' '.repeat(m[0].length) + out.slice(m.index + m[0].length), text);
    this.code = blankComments(masked)
      .replace(/("""|'''|"|')[^"']*?\1/g, (s) => `"${' '.repeat(s.length - 2)}"`)
      .replace(/\\\n/g, '  ');
    this.plain = blankComments(source);
  }

  lineOf(offset: number): number {
    return this.source.slice(0, offset).split('\n').length;
  }

  /** Logical lines: a statement goes on while a bracket is open. */
  *statements(): Generator<Statement> {
    let current: Statement | undefined;
    let depth = 0;
    for (const { start, text } of lineSpans(this.code)) {
      if (current === undefined) {
        if (text.trim() === '') continue;
        const indent = /^[ \t]*/.exec(text)![0];
        current = { start: start + indent.length, indent, code: '' };
      }
      current.code = this.code.slice(current.start, start + text.length).trimEnd();
      depth = Math.max(0, depth + bracketBalance(text));
      if (depth === 0) {
        yield current;
        current = undefined;
      }
    }
    if (current !== undefined) yield current;
  }

  /** Outside check only imports and `NAME = literal` (HumanEval's METADATA) are ignored. */
  moduleStatement({ indent, code }: Statement): undefined {
    const constant = /^[A-Za-z_]\w*\s*=(?!=)([\s\S]*)$/.exec(code);
    const harmless = /^(?:import|from)\b/.test(code) || (constant !== null && isLiteral(constant[1]!)) || isLiteral(code);
    if (indent !== '' || code.includes(';') || !harmless) throw new Refusal('module-level code other than imports and constants');
    return undefined;
  }

  /** The call an assert tests, or undefined for a statement that cannot fail (`assert True`, `print`, `pass`). */
  checkStatement(statement: Statement, candidate: string, bodyIndent: string): Call | undefined {
    const { code } = statement;
    if (statement.indent !== bodyIndent) throw new Refusal('unexpected indentation');
    if (code.includes(';')) throw new Refusal('several statements on one line');
    const keyword = /^[A-Za-z_]\w*\b/.exec(code)?.[0] ?? '';
    if (keyword === 'assert') return this.assertion(statement, candidate);
    if (code === 'pass' || isLiteral(code) || this.isPrint(code)) return undefined;
    if (keyword === 'for' || keyword === 'while') throw new Refusal('loop');
    if (keyword === 'import' || keyword === 'from') throw new Refusal('import inside check');
    if (STATEMENT_KEYWORDS.has(keyword)) throw new Refusal(`\`${keyword}\` statement`);
    if (/(?<![=!<>:])=(?!=)/.test(topLevel(code))) throw new Refusal('assignment');
    if (new RegExp(`(?<![\\w.])${candidate}\\s*\\(`).test(code)) throw new Refusal(`${candidate} called outside an assert`);
    throw new Refusal('unsupported statement');
  }

  /** `print` alone or on literals: output only, it cannot fail. */
  private isPrint(code: string): boolean {
    if (code === 'print') return true;
    const open = /^print\s*\(/.exec(code)?.[0].length;
    if (open === undefined || closingBracket(code, open - 1) !== code.length - 1) return false;
    return argumentSpans(code, open, code.length - 1).every((a) => isLiteral(code.slice(a.start, a.end)));
  }

  private assertion({ start, code }: Statement, candidate: string): Call | undefined {
    // the message after the first top-level comma only runs when the assert fails: any expression will do
    const comma = topLevel(code).indexOf(',');
    const { from, to } = withoutParentheses(code, /^assert\s*/.exec(code)![0].length, comma < 0 ? code.length : comma);
    const condition = code.slice(from, to);
    if (topLevel(condition).includes(',')) throw new Refusal('assert on a tuple, which is always true');
    if (condition.trim() === 'True') return undefined;

    const mentions = [...condition.matchAll(new RegExp(`(?<![\\w.])${candidate}(?!\\w)`, 'g'))];
    if (mentions.length === 0) throw new Refusal(`assert does not call ${candidate}`);
    if (mentions.length > 1) throw new Refusal(`more than one use of ${candidate} in an assert`);
    const open = from + mentions[0]!.index + (/^\w+\s*/.exec(condition.slice(mentions[0]!.index))![0].length);
    if (code[open] !== '(') throw new Refusal(`${candidate} used other than by calling it`);
    const close = closingBracket(code, open);
    const tolerance = comparedTolerance(code.slice(from, from + mentions[0]!.index), code.slice(close + 1, to));
    if (tolerance === undefined) throw new Refusal(`assert does not compare ${candidate}'s result with a constant`);
    return { args: this.argumentTuple(start, code, open, close), tolerance };
  }

  /** `(a, b)` or `(a,)` from the source text of the call's arguments, each a Python literal. */
  private argumentTuple(start: number, code: string, open: number, close: number): string {
    const texts = argumentSpans(code, open + 1, close).map(({ start: from, end }) => {
      const masked = code.slice(from, end);
      if (/^[A-Za-z_]\w*\s*=(?!=)/.test(masked)) throw new Refusal('keyword argument');
      if (!isParenthesizedLiteral(masked)) throw new Refusal('argument is not a Python literal');
      return this.plain.slice(start + from, start + end);
    });
    return `(${texts.join(', ')}${texts.length === 1 ? ',' : ''})`;
  }
}

/**
 * The tolerance an assert shape implies (0 when it demands the reference's result exactly), or undefined
 * when `prefix CALL suffix` is not a comparison of the call's result with a constant.
 */
function comparedTolerance(prefix: string, suffix: string): number | undefined {
  const before = prefix.trim();
  const after = suffix.trim();
  if (after === '' && (before === '' || before === 'not')) return 0;
  if (before === '' && /^is\s+(?:True|False|None)$/.test(after)) return 0;
  if (before === '' && after.startsWith('==') && isConstant(after.slice(2))) return 0;
  if (after === '' && before.endsWith('==') && isConstant(before.slice(0, -2))) return 0;

  const abs = /^abs\s*\(([\s\S]*)$/.exec(before)?.[1]!.trim();
  const bound = new RegExp(`^([\\s\\S]*)\\)\\s*<=?\\s*(${NUMBER})$`).exec(after);
  if (abs === undefined || bound === null) return undefined;
  const inside = bound[1]!.trim();
  // `call - expected` or `expected - call`: `-` binds the call alone, as the constant side is complete
  const difference =
    abs === '' ? inside.startsWith('-') && isConstant(inside.slice(1)) : inside === '' && abs.endsWith('-') && isConstant(abs.slice(0, -1));
  const tolerance = Number(bound[2]!.replace(/_/g, ''));
  return difference && tolerance > 0 ? tolerance : undefined;
}

const NUMBER = String.raw`(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][-+]?\d[\d_]*)?`;

/**
 * Masked text that is one expression of literals and arithmetic: no name but True/False/None, so no
 * call, variable or comparison; complete at both ends, so an operator next to it binds it as a whole.
 */
function isConstant(masked: string): boolean {
  const operands = masked
    .replace(/(?<!\w)(?:[rRbBuU]|[rR][bB]|[bB][rR])?(["'])\s*\1/g, '0')
    .replace(new RegExp(`(?<![\\w.])${NUMBER}[jJ]?(?![\\w.])`, 'g'), '0')
    .replace(/\b(?:True|False|None)\b/g, '0')
    .trim();
  return (
    /^[\s0()[\]{},:+\-*/%]+$/.test(operands) &&
    !/^[*/%,:)\]}]|[-+*/%,:([{]$/.test(operands) &&
    isBalanced(operands) &&
    !topLevel(operands).includes(',')
  );
}

/**
 * A literal, possibly in parentheses: `f(("a"))` passes the string, which `isLiteral` refuses because in a
 * docstring its author may have meant a tuple. Python reads the source text kept (`(("a"),)`) the same way.
 */
function isParenthesizedLiteral(masked: string): boolean {
  for (let text = masked.trim(); !isLiteral(text); text = text.slice(1, -1).trim()) {
    if (!text.startsWith('(') || closingBracket(text, 0) !== text.length - 1) return false;
  }
  return true;
}

/** The trimmed span [from, to) of `masked` without the parentheses that enclose all of it. */
function withoutParentheses(masked: string, from: number, to: number): { from: number; to: number } {
  for (;;) {
    const text = masked.slice(from, to);
    from += text.length - text.trimStart().length;
    to = from + text.trim().length;
    if (masked[from] !== '(' || closingBracket(masked, from) !== to - 1) return { from, to };
    from++;
    to--;
  }
}

function isBalanced(masked: string): boolean {
  let depth = 0;
  for (const c of masked) {
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c) && --depth < 0) return false;
  }
  return depth === 0;
}

/** `masked` with everything inside brackets blanked (the brackets kept), so top-level tokens can be found with regexes. */
function topLevel(masked: string): string {
  let depth = 0;
  return masked
    .split('')
    .map((c) => {
      if (')]}'.includes(c)) depth--;
      const kept = depth <= 0 || '([{)]}'.includes(c);
      if ('([{'.includes(c)) depth++;
      return kept ? c : ' ';
    })
    .join('');
}

/** The trimmed comma-separated items in [from, to); a trailing comma adds none. */
function argumentSpans(masked: string, from: number, to: number): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  const flat = topLevel(masked.slice(from, to));
  for (let at = 0; at <= flat.length; ) {
    const comma = flat.indexOf(',', at);
    const end = comma < 0 ? flat.length : comma;
    const item = masked.slice(from + at, from + end);
    const lead = item.length - item.trimStart().length;
    spans.push({ start: from + at + lead, end: from + at + item.trimEnd().length });
    at = end + 1;
  }
  if (spans.length > 0 && spans.at(-1)!.start >= spans.at(-1)!.end) spans.pop();
  return spans;
}
