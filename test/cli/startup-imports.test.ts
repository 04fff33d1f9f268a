import { readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli.js';

/**
 * Packages a module loads before its own code runs: those its static imports reach (type-only imports and
 * `import()` left out), following selfbench's own files.
 */
function staticPackages(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    for (const statement of source.statements) {
      if (!(ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) || !statement.moduleSpecifier || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const typeOnly = ts.isImportDeclaration(statement) ? statement.importClause?.isTypeOnly === true : statement.isTypeOnly;
      if (typeOnly) continue;
      const specifier = statement.moduleSpecifier.text;
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier).replace(/\.js$/, '.ts'));
      else if (!specifier.startsWith('node:')) packages.add(specifier);
    }
  };
  visit(join(repoRoot, entry));
  return packages;
}

describe("bench grade's start-up", () => {
  // zod's hundred modules load for about a tenth of a second: the command starts its sandbox's first worker before
  // they do (grade-command.ts, execution/process/attempt.ts), which the start-up target (< 0.5 s) needs.
  it('loads no zod before it starts the sandbox', () => {
    const packages = new Set([...staticPackages('src/cli/main.ts'), ...staticPackages('src/cli/grade-command.ts'), ...staticPackages('src/execution/grading.ts')]);
    // which (the interpreter cache's lookup on PATH, installation-cache.ts) is one small module.
    expect([...packages].sort()).toEqual(['commander', 'fastest-levenshtein', 'which']);
  });

  it('sees a package reached through a chain of static imports', () => {
    expect(staticPackages('src/config/load.ts').has('zod')).toBe(true);
  });
});

describe('the built `bench` (scripts/bundle-cli.mjs)', () => {
  const cli = join(repoRoot, 'dist', 'cli');
  const files = [join(cli, 'main.js'), ...readdirSync(join(cli, 'chunks')).map((name) => join(cli, 'chunks', name))].filter((file) => file.endsWith('.js'));
  /** Every string the command's files import or require: import declarations, `import()` and CommonJS `require` calls. */
  const specifiers = files.flatMap((file) => {
    const found: string[] = [];
    const visit = (node: ts.Node): void => {
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text);
      const loads = ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && /require$/i.test(node.expression.text)));
      if (loads && node.arguments[0] !== undefined && ts.isStringLiteral(node.arguments[0])) found.push(node.arguments[0].text);
      ts.forEachChild(node, visit);
    };
    visit(ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true));
    return found;
  });

  it('loads every package from its own chunks: from outside only Node itself', () => {
    expect(specifiers.length).toBeGreaterThan(files.length);
    // `node:` names a module of Node's own, even one this Node lacks (undici's node:sqlite, loaded only where it exists).
    const outside = specifiers.filter((specifier) => !specifier.startsWith('./') && !specifier.startsWith('../') && !specifier.startsWith('node:') && !isBuiltin(specifier));
    expect([...new Set(outside)]).toEqual([]);
  });

  it('ships the licences of the packages copied into it', () => {
    const notices = readFileSync(join(cli, 'THIRD_PARTY_LICENSES.txt'), 'utf8');
    for (const name of ['zod', 'commander', 'yaml', 'ollama', 'openai', 'undici']) expect(notices).toMatch(new RegExp(`^${name} \\d+\\.\\d+\\.\\d+ \\(`, 'm'));
    expect(notices, 'a bundled package whose licence text was not found').not.toContain('No licence file');
  });
});
