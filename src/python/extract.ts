/**
 * From a model's chat reply to a runnable Python program.
 *
 * Replies come in many shapes: fenced or bare code, prose around it, several blocks, only the
 * function body, leaked `<think>` reasoning, a fence cut off by the token limit. The program is
 * assembled the way the grader needs it: the prompt's own preamble (imports, helper functions such
 * as HumanEval/38's `encode_cyclic`) plus the definitions from the reply that the entry point needs.
 * Top-level example usage (`print(...)`, asserts, `if __name__ == '__main__':`) is dropped, as
 * EvalPlus's sanitizer does: it is not part of the answer, and a wrong self-test or an `input()`
 * there would fail a correct function.
 */
import { bracketBalance, commonIndent, dedent, findFunction, lineSpans, maskPython } from './python-source.js';

export type ProgramForm = 'full-function' | 'body' | 'module';

export type Extraction =
  | {
      ok: true;
      /** The code taken from the reply (a body stays a dedented body). */
      code: string;
      /** A complete module: what the grader runs. */
      program: string;
      form: ProgramForm;
    }
  | { ok: false; reason: string };

export interface ExtractionTarget {
  prompt: string;
  entryPoint?: string;
}

export function extractProgram(reply: string, task: ExtractionTarget): Extraction {
  const text = withoutThinking(reply.replace(/\r\n?/g, '\n'));
  if (text.trim() === '') return { ok: false, reason: 'empty reply (or only <think> reasoning)' };
  const fenced = fencedBlocks(text);
  const candidates = fenced.length > 0 ? fenced.filter(isPythonBlock).map((b) => dedent(b.code)) : [unfencedCode(text)];
  const blocks = candidates.filter((b) => b.trim() !== '');
  if (blocks.length === 0) {
    return { ok: false, reason: fenced.length > 0 ? 'no Python code block in reply' : 'no code in reply (prose only)' };
  }
  const { entryPoint } = task;
  if (entryPoint === undefined) return { ok: true, code: blocks[0]!, program: ensureNewline(blocks[0]!), form: 'module' };

  const statements = blocks.map(topLevelStatements);
  const defining = blocks.filter((_, index) => statements[index]!.some((s) => s.binds.includes(entryPoint)));
  const chosen = defining.at(-1); // a later block is usually the revised or final version
  if (chosen !== undefined) {
    const code = neededDefinitions(blocks.indexOf(chosen), statements, entryPoint);
    const form = findFunction(chosen, entryPoint, { topLevelOnly: true }) ? 'full-function' : 'module';
    return { ok: true, code, program: joinModules(promptPreamble(task.prompt, entryPoint), code), form };
  }
  const body = blocks.find(isFunctionBody);
  if (body !== undefined) {
    const code = normalizedBody(body);
    return { ok: true, code, program: withBody(task.prompt, entryPoint, code), form: 'body' };
  }
  return { ok: false, reason: `reply defines no function \`${entryPoint}\` and is not a function body` };
}

// --- reply text ---------------------------------------------------------------------------

/** Removes `<think>…</think>`; an unmatched `</think>` ends reasoning whose opening tag was in the template. */
function withoutThinking(text: string): string {
  const closed = text.replace(/<think>[\s\S]*?<\/think>/g, '');
  const afterClose = closed.lastIndexOf('</think>');
  const visible = afterClose >= 0 ? closed.slice(afterClose + '</think>'.length) : closed;
  const open = visible.indexOf('<think>');
  return open >= 0 ? visible.slice(0, open) : visible; // an unclosed <think> runs to the end
}

interface FencedBlock {
  language: string;
  code: string;
}

/** Markdown fences (``` or ~~~, any length); a fence left open by the token limit runs to the end. */
function fencedBlocks(text: string): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  let open: { fence: string; language: string; lines: string[] } | undefined;
  for (const line of text.split('\n')) {
    if (open === undefined) {
      const opening = /(`{3,}|~{3,})[ \t]*([\w+#.-]*)[ \t]*$/.exec(line);
      if (opening) open = { fence: opening[1]!, language: opening[2]!.toLowerCase(), lines: [] };
    } else if (line.trim().startsWith(open.fence) && line.trim().replaceAll(open.fence[0]!, '') === '') {
      blocks.push({ language: open.language, code: open.lines.join('\n') });
      open = undefined;
    } else {
      open.lines.push(line);
    }
  }
  if (open !== undefined) blocks.push({ language: open.language, code: open.lines.join('\n') });
  return blocks;
}

function isPythonBlock(block: FencedBlock): boolean {
  return ['', 'python', 'py', 'python3', 'py3'].includes(block.language);
}

/** A reply without fences: drop the prose lines before the code and everything from the first prose line after it. */
function unfencedCode(text: string): string {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => l.trim() !== '' && !isProse(l));
  if (first < 0) return '';
  const after = lines.slice(first).findIndex(isProse);
  return dedent(lines.slice(first, after < 0 ? undefined : first + after).join('\n'));
}

const PYTHON_KEYWORDS = new Set(
  ('False None True and as assert async await break case class continue def del elif else except finally for from ' +
    'global if import in is lambda match nonlocal not or pass raise return try type while with yield').split(' '),
);

/**
 * A line of English rather than Python, judged only at column 0: two bare words in a row
 * ("Here is", "This works") never start a statement unless the first is a keyword; lists,
 * "Explanation:" labels, "Sure!" and markdown emphasis are prose too.
 */
function isProse(line: string): boolean {
  if (/^\s/.test(line) || line.trim() === '') return false;
  if (/^(\d+\.|[-*])\s|^\*\*|^[A-Za-z][\w'’]*[!.]\s*$/.test(line)) return true;
  const label = /^([A-Za-z]\w*):\s*$/.exec(line);
  if (label) return !PYTHON_KEYWORDS.has(label[1]!);
  const words = /^([A-Za-z][\w'’]*)[,!.]?\s+([A-Za-z]\w*)/.exec(line);
  return words !== null && !PYTHON_KEYWORDS.has(words[1]!) && !PYTHON_KEYWORDS.has(words[2]!);
}

// --- program assembly ---------------------------------------------------------------------------

/** Only the entry function's body: a `return` at the block's top level, or a `return` and no definitions. */
function isFunctionBody(block: string): boolean {
  const masked = maskPython(block);
  return /^(return|yield|raise)\b/m.test(masked) || (/^\s*(return|yield|raise)\b/m.test(masked) && !/^(def|class)\b/m.test(masked));
}

function withBody(prompt: string, entryPoint: string, body: string): string {
  const stub = findFunction(prompt, entryPoint);
  const indent = stub?.bodyIndent ?? '    ';
  const indented = body
    .split('\n')
    .map((l) => (l.trim() === '' ? '' : indent + l))
    .join('\n');
  if (stub === undefined) return joinModules(prompt, indented);
  return ensureNewline(prompt.slice(0, stub.end)) + indented + '\n' + prompt.slice(stub.end);
}

/**
 * A body dedented to column 0. A raw completion often has its first line already stripped
 * (`result = []\n    for x in xs:`): then the other lines carry the body's indentation.
 */
function normalizedBody(body: string): string {
  const [first = '', ...rest] = body.split('\n');
  const restIndent = commonIndent(rest);
  const firstStripped = !first.trimEnd().endsWith(':') && restIndent > 0;
  return firstStripped ? [first, ...rest.map((l) => l.slice(restIndent))].join('\n') : body;
}

/** The prompt without the entry function's stub: its imports and helpers, which the reply may rely on. */
function promptPreamble(prompt: string, entryPoint: string): string {
  const stub = findFunction(prompt, entryPoint);
  return stub === undefined ? prompt : prompt.slice(0, stub.start) + prompt.slice(stub.end);
}

function joinModules(...parts: string[]): string {
  return ensureNewline(
    parts
      .map((p) => p.trim())
      .filter((p) => p !== '')
      .join('\n\n\n'),
  );
}

interface Statement {
  block: number;
  source: string;
  /** Names it binds at module level; empty for statements that are not definitions. */
  binds: string[];
}

/**
 * The definitions (imports, functions, classes, assignments) from all blocks that the entry point
 * needs, in reply order, starting from the chosen block's definitions of the entry point.
 */
function neededDefinitions(chosenIndex: number, statementsByBlock: Omit<Statement, 'block'>[][], entryPoint: string): string {
  const statements = statementsByBlock.flatMap((list, i) => list.map((s) => ({ ...s, block: i })));
  const definitions = statements.filter((s) => s.binds.length > 0);
  const included = new Set(definitions.filter((s) => s.block === chosenIndex && s.binds.includes(entryPoint)));
  const wanted = new Set<string>();
  // Each round reads the names the statements it added use: those of earlier rounds are wanted already.
  let added = [...included];
  while (added.length > 0) {
    for (const s of added) for (const name of identifiers(s.source)) wanted.add(name);
    added = [];
    for (const s of definitions) {
      if (included.has(s) || !s.binds.some((n) => wanted.has(n) && n !== entryPoint)) continue;
      // a helper comes from the chosen block when it defines it, else from whichever block does
      if (s.block !== chosenIndex && s.binds.some((n) => bindsInBlock(statements, chosenIndex, n))) continue;
      included.add(s);
      added.push(s);
    }
  }
  return statements
    .filter((s) => included.has(s))
    .map((s) => s.source.trimEnd())
    .join('\n\n');
}

function bindsInBlock(statements: Statement[], block: number, name: string): boolean {
  return statements.some((s) => s.block === block && s.binds.includes(name));
}

/** Splits a module at lines that start a statement at column 0 (outside brackets and strings). */
function topLevelStatements(code: string): Omit<Statement, 'block'>[] {
  const masked = maskPython(code);
  const starts: number[] = [];
  let depth = 0;
  let continued = false;
  let decorated = false; // a decorator and the definition under it are one statement
  for (const { start, text } of lineSpans(masked)) {
    if (depth === 0 && !continued && /^[^\s#]/.test(text)) {
      if (!decorated) starts.push(start);
      decorated = text.startsWith('@');
    }
    depth = Math.max(0, depth + bracketBalance(text));
    continued = text.trimEnd().endsWith('\\');
  }
  return starts.map((start, i) => {
    const end = starts[i + 1] ?? code.length;
    return { source: code.slice(start, end), binds: boundNames(masked.slice(start, end)) };
  });
}

/** Names a top-level statement defines; empty for everything else (calls, asserts, loops, `if __name__`). */
function boundNames(masked: string): string[] {
  const definition = /^(?:@[^\n]*\n\s*)*(?:async\s+)?(?:def|class)\s+(\w+)/.exec(masked);
  if (definition) return [definition[1]!];
  const fromImport = /^from\s+[\w.]+\s+import\s+(?:\(([^)]*)\)|([^\n]*))/.exec(masked);
  const plainImport = /^import\s+([^\n]+)/.exec(masked);
  const imported = fromImport?.[1] ?? fromImport?.[2] ?? plainImport?.[1];
  if (imported !== undefined) {
    return imported.replace(/#.*/g, '').split(',').flatMap((part) => {
      const alias = /(?:\bas\s+)?(\*|\w+)\s*$/.exec(part.trim())?.[1];
      const name = plainImport && !/\bas\b/.test(part) ? part.trim().split('.')[0] : alias;
      return name ? [name] : [];
    });
  }
  const assignment = /^([\w\s,()[\]*]+?)\s*(?::[^=\n]+)?=(?!=)/.exec(masked);
  return assignment ? identifiers(assignment[1]!) : [];
}

function identifiers(source: string): string[] {
  return maskPython(source).match(/\b[A-Za-z_]\w*\b/g) ?? [];
}

function ensureNewline(code: string): string {
  return code.endsWith('\n') ? code : code + '\n';
}
