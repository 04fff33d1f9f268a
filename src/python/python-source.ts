/**
 * Python source read with regexes rather than a parser: string literals and comments masked at
 * their original offsets, a function's extent, signature and docstring located, indentation
 * measured and removed. Used by reply extraction and by the dataset code (docstring examples,
 * mutants).
 */

export interface SourceSpan {
  start: number;
  end: number;
}

export interface FunctionLocation {
  /** Offset of the `def` line's first character. */
  start: number;
  /** Offset past the function's last line. */
  end: number;
  /** Offset where the body's code begins: after the docstring, or after the signature when there is none. */
  bodyStart: number;
  /** The docstring literal, quotes included. */
  docstring?: SourceSpan;
  /** Indentation of the body's first line. */
  bodyIndent: string;
}

/**
 * Where `def <name>` is in a module (its last definition, as Python keeps the last one).
 * `topLevelOnly` skips methods and nested functions.
 */
export function findFunction(source: string, name: string, options: { topLevelOnly?: boolean } = {}): FunctionLocation | undefined {
  const masked = maskPython(source);
  const indentPattern = options.topLevelOnly ? '' : '[ \\t]*';
  const defs = [...masked.matchAll(new RegExp(`^(${indentPattern})(?:async[ \\t]+)?def[ \\t]+${name}[ \\t]*\\(`, 'gm'))];
  const def = defs.at(-1);
  if (def === undefined) return undefined;
  const defIndent = def[1]!.length;
  const colon = closingColon(masked, def.index + def[0].length - 1);
  const headerEnd = lineEndAfter(masked, colon);

  let end = source.length;
  let depth = 0;
  let bodyIndent: string | undefined;
  let docstring: SourceSpan | undefined;
  for (const { start, text } of lineSpans(masked.slice(headerEnd))) {
    const code = text.replace(/#.*/, '');
    if (depth === 0 && code.trim() !== '') {
      const indent = /^[ \t]*/.exec(code)![0];
      if (indent.length <= defIndent) {
        end = headerEnd + start;
        break;
      }
      if (bodyIndent === undefined) {
        bodyIndent = indent;
        const quote = /^[ \t]*[rRuU]?("""|'''|"|')/.exec(code);
        if (quote) {
          const literalStart = headerEnd + start + quote[0].length - quote[1]!.length;
          docstring = { start: literalStart, end: stringLiteralEnd(source, literalStart).end };
        }
      }
    }
    depth = Math.max(0, depth + bracketBalance(code));
  }
  const bodyStart = docstring ? Math.min(lineEndAfter(masked, docstring.end - 1), end) : headerEnd;
  return { start: def.index, end, bodyStart, ...(docstring && { docstring }), bodyIndent: bodyIndent ?? ' '.repeat(defIndent + 4) };
}

/**
 * `source` with the inside of every string literal and comment replaced by spaces (quotes, `#`
 * and newlines kept), so brackets, keywords and operators can be found with regexes at the
 * original offsets. An unterminated literal is blanked to its end (line, or source for `"""`).
 */
export function maskPython(source: string): string {
  // Copied in pieces: the text between literals as it is, each literal's inside as spaces.
  let out = '';
  let copied = 0;
  const blank = (from: number, to: number) => {
    if (to <= from) return;
    out += source.slice(copied, from) + source.slice(from, to).replace(/[^\n]+/g, (run) => ' '.repeat(run.length));
    copied = to;
  };
  const opening = /[#"']/g;
  for (let found = opening.exec(source); found !== null; found = opening.exec(source)) {
    const i = found.index;
    if (found[0] === '#') {
      const end = lineEnd(source, i);
      blank(i + 1, end);
      opening.lastIndex = end;
    } else {
      const literal = stringLiteralEnd(source, i);
      blank(i + literal.quoteLength, literal.closed ? literal.end - literal.quoteLength : literal.end);
      opening.lastIndex = literal.end;
    }
  }
  return out + source.slice(copied);
}

/** The end of the string literal whose opening quote is at `start`. */
function stringLiteralEnd(source: string, start: number): { end: number; closed: boolean; quoteLength: number } {
  const c = source[start]!;
  const quote = source.startsWith(c.repeat(3), start) ? c.repeat(3) : c;
  for (let j = start + quote.length; j < source.length; j++) {
    if (source[j] === '\\') j++;
    else if (source.startsWith(quote, j)) return { end: j + quote.length, closed: true, quoteLength: quote.length };
    else if (quote.length === 1 && source[j] === '\n') return { end: j, closed: false, quoteLength: 1 };
  }
  return { end: source.length, closed: false, quoteLength: quote.length };
}

/** The `:` that ends a `def` header whose parameter list opens at `open`. */
function closingColon(masked: string, open: number): number {
  let depth = 0;
  for (let i = open; i < masked.length; i++) {
    const c = masked[i]!;
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ':' && depth === 0) return i;
  }
  return masked.length;
}

/** Opening minus closing brackets on a masked line. */
export function bracketBalance(maskedLine: string): number {
  let balance = 0;
  for (let i = 0; i < maskedLine.length; i++) balance += bracketDelta(maskedLine[i]);
  return balance;
}

/** 1 for an opening bracket, −1 for a closing one, 0 for any other character. */
function bracketDelta(c: string | undefined): number {
  switch (c) {
    case '(':
    case '[':
    case '{':
      return 1;
    case ')':
    case ']':
    case '}':
      return -1;
    default:
      return 0;
  }
}

/** Each line of `text` with the offset it starts at. */
export function lineSpans(text: string): { start: number; text: string }[] {
  let start = 0;
  return text.split('\n').map((line) => {
    const span = { start, text: line };
    start += line.length + 1;
    return span;
  });
}

function lineEnd(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline < 0 ? text.length : newline;
}

/** Offset just past the newline that ends the line containing `at`. */
function lineEndAfter(text: string, at: number): number {
  return Math.min(lineEnd(text, at) + 1, text.length);
}

/** `code` with its common indentation removed and leading and trailing blank lines dropped. */
export function dedent(code: string): string {
  const lines = code.split('\n');
  const indent = commonIndent(lines);
  return lines
    .map((l) => l.slice(indent))
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

/** The smallest indentation among the non-blank lines. */
export function commonIndent(lines: string[]): number {
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
  return indents.length > 0 ? Math.min(...indents) : 0;
}

/** Offset of the bracket that closes the one at `open` in masked source (strings blanked), or -1. */
export function closingBracket(masked: string, open: number): number {
  let depth = 0;
  for (let i = open; i < masked.length; i++) {
    if ('([{'.includes(masked[i]!)) depth++;
    else if (')]}'.includes(masked[i]!) && --depth === 0) return i;
  }
  return -1;
}
