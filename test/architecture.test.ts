import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/cli.js';

/**
 * The import graph of src/ keeps to the map in ARCHITECTURE.md: its **Layers** (a file imports its own room or a
 * lower one, never a sibling or a higher one) and its **Never** rules, with type-only imports and `import()`
 * counted, and no circle of imports anywhere. The map is this test's input, so the document cannot drift.
 */

/** A room's place: its line in Layers, and its line in a nested list below that. */
type Rank = readonly number[];
interface Edge {
  from: string;
  to: string;
  line: number;
}
interface NeverRule {
  text: string;
  from: string;
  to: string;
  except: string[];
}

function readMap(markdown: string): { rooms: Map<string, Rank>; never: NeverRule[] } {
  const section = (name: string) =>
    markdown
      .split(/^## /m)
      .find((part) => part.startsWith(name))
      ?.split('\n')
      .slice(1) ?? [];
  const rooms = new Map<string, Rank>();
  let top = 0;
  let sub = 0;
  for (const line of section('Layers')) {
    const item = /^(\s*)\d+\.\s+(.*)$/.exec(line);
    if (item === null) continue;
    const nested = item[1] !== '';
    if (!nested) sub = 0;
    const rank = nested ? [top, ++sub] : [++top];
    // Rooms are the backticked names before the dash; what follows it is prose.
    for (const [, name] of (item[2] ?? '').split(' — ')[0]!.matchAll(/`([^`]+)`/g)) rooms.set(`src/${name}`, rank);
  }
  const never = section('Never').flatMap((line): NeverRule[] => {
    const rule = /^- `([^`]+)` → `([^`]+)`(?: except ((?:`[^`]+`(?:, )?)+))?/.exec(line);
    if (rule === null) return [];
    const except = [...(rule[3] ?? '').matchAll(/`([^`]+)`/g)].map((match) => `src/${match[1]}`);
    return [{ text: line, from: `src/${rule[1]}`, to: rule[2] === '*' ? 'src/' : `src/${rule[2]}`, except }];
  });
  return { rooms, never };
}

/** The most specific room a file belongs to: a file named itself, else the deepest folder holding it. */
function roomOf(file: string, rooms: Map<string, Rank>): string | undefined {
  return [...rooms.keys()]
    .filter((room) => (room.endsWith('/') ? file.startsWith(room) : file === room))
    .sort((a, b) => b.length - a.length)[0];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** Every relative import of src/: static ones, `export … from`, `import()` calls and `import('…').T` types. */
function importsOf(): Edge[] {
  return sourceFiles(join(repoRoot, 'src')).flatMap((file) => {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const edges: Edge[] = [];
    const specifierOf = (node: ts.Node): string | undefined => {
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
        return node.moduleSpecifier.text;
      }
      if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        const [argument] = node.arguments;
        return argument !== undefined && ts.isStringLiteral(argument) ? argument.text : undefined;
      }
      if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) return node.argument.literal.text;
      return undefined;
    };
    const visit = (node: ts.Node): void => {
      const specifier = specifierOf(node);
      if (specifier?.startsWith('.')) {
        edges.push({
          from: relative(repoRoot, file),
          to: relative(repoRoot, resolve(dirname(file), specifier)).replace(/\.js$/, '.ts'),
          line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1,
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    return edges;
  });
}

/** Files that import each other, directly or round about: Tarjan's strongly connected components of two or more. */
function circles(edges: readonly Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    for (const to of next.get(file) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(file, Math.min(low.get(file)!, low.get(to)!));
      } else if (stack.includes(to)) {
        low.set(file, Math.min(low.get(file)!, index.get(to)!));
      }
    }
    if (low.get(file) === index.get(file)) {
      const component = stack.splice(stack.indexOf(file));
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const file of next.keys()) if (!index.has(file)) visit(file);
  return found;
}

/** `to` is lower than `from`: at the first line where their ranks differ, its number is smaller. */
function below(to: Rank, from: Rank): boolean {
  const at = from.findIndex((rank, depth) => rank !== to[depth]);
  return at >= 0 && at < to.length && to[at]! < from[at]!;
}

describe('the import graph keeps to ARCHITECTURE.md', () => {
  const { rooms, never } = readMap(readFileSync(join(repoRoot, 'ARCHITECTURE.md'), 'utf8'));
  const edges = importsOf();

  it('reads a map with rooms and rules', () => {
    expect(rooms.size).toBeGreaterThan(10);
    expect(never.length).toBeGreaterThan(3);
  });

  it('places every src/ file in a room', () => {
    expect(edges.flatMap(({ from, to }) => [from, to]).filter((file) => roomOf(file, rooms) === undefined)).toEqual([]);
  });

  it('has no import to a higher layer, nor between sibling rooms', () => {
    const wrong = edges.flatMap(({ from, to, line }) => {
      const [source, target] = [roomOf(from, rooms), roomOf(to, rooms)];
      if (source === undefined || target === undefined || source === target) return [];
      if (below(rooms.get(target)!, rooms.get(source)!)) return [];
      return [`${from}:${line} imports ${to}: ${source.slice(4)} may not import ${target.slice(4)}`];
    });
    expect(wrong).toEqual([]);
  });

  it('has no circle of imports', () => {
    expect(circles(edges)).toEqual([]);
  });

  it.each(never)('keeps the rule: $text', ({ from, to, except }) => {
    const broken = edges.filter((edge) => edge.from.startsWith(from) && edge.to.startsWith(to) && !except.includes(edge.to));
    expect(broken.map((edge) => `${edge.from}:${edge.line} imports ${edge.to}`)).toEqual([]);
  });

  it('catches what it is for: a strategy that loads a dataset, an upward import, a circle', () => {
    const strategyRule = never.find((rule) => rule.from === 'src/strategies/' && rule.to === 'src/datasets/');
    expect(strategyRule, 'the rule that keeps strategies from the dataset loaders').toBeDefined();
    const loads = { from: 'src/strategies/one-shot.ts', to: 'src/datasets/load.ts', line: 1 };
    expect(loads.to.startsWith(strategyRule!.to) && !strategyRule!.except.includes(loads.to)).toBe(true);
    expect(below(rooms.get(roomOf('src/run/runner.ts', rooms)!)!, rooms.get(roomOf('src/records/record.ts', rooms)!)!)).toBe(false);
    expect(circles([...edges, { from: 'src/records/record.ts', to: 'src/cli/main.ts', line: 1 }]).length).toBeGreaterThan(0);
  });
});

/** Lines of a string or template literal as written: its line breaks, and its `\n` escapes. */
function linesOf(literal: string): number {
  return literal.split('\n').length + (literal.match(/\\n/g) ?? []).length;
}

/** Every string and template literal of src/ longer than `limit` lines, as `file:line (n lines)`. */
function longLiterals(limit: number): string[] {
  return sourceFiles(join(repoRoot, 'src')).flatMap((file) => {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const found: string[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
        const lines = linesOf(node.getText(source));
        if (lines > limit) found.push(`${relative(repoRoot, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} (${lines} lines)`);
        return; // a template's nested templates are part of its text
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
  });
}

describe('scripts are real files', () => {
  // Python and browser code inside a TypeScript string is seen by no checker: they live in .py and browser .ts files.
  it('leaves no string in src/ longer than 10 lines', () => {
    expect(longLiterals(10)).toEqual([]);
  });

  it('counts the line breaks and the \\n escapes of a string', () => {
    expect(linesOf('`a\nb`')).toBe(2);
    expect(linesOf("'a\\nb\\nc'")).toBe(3);
  });
});
