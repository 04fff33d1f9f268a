import { findFunction, maskPython } from './python-source.js';

/**
 * Deterministic wrong versions of a reference program, for exercising graders, judges and the
 * simulated provider with answers known to be wrong.
 *
 * Each mutant changes one place in the entry function's body (never its signature or docstring,
 * never inside a string or comment) with a token swap that keeps the code valid Python. Kinds are
 * tried in order of how surely they change behaviour, one site of each kind before a second site
 * of any kind. When fewer than `count` are found, the list ends with the body replaced by
 * `raise NotImplementedError`, which fails any test that calls it; so the list holds at most
 * `count` programs, and at least one.
 */
export function mutantsOf(reference: string, entryPoint: string, count = 3): string[] {
  const fn = findFunction(reference, entryPoint);
  if (fn === undefined) throw new Error(`reference defines no function \`${entryPoint}\``);
  const masked = maskPython(reference);
  const sitesByKind = MUTATIONS.map((mutation) => mutation.sites(masked, fn.bodyStart, fn.end));
  const mutants = new Set<string>();
  for (let round = 0; mutants.size < count && sitesByKind.some((sites) => sites.length > round); round++) {
    for (const sites of sitesByKind) {
      const site = sites[round];
      if (site === undefined || mutants.size === count) continue;
      mutants.add(reference.slice(0, site.start) + site.replacement + reference.slice(site.end));
    }
  }
  if (mutants.size < count) {
    const blankLinesAfter = /\n*$/.exec(reference.slice(fn.bodyStart, fn.end))![0] || '\n';
    const raising = `${fn.bodyIndent}raise NotImplementedError${blankLinesAfter}`;
    mutants.add(reference.slice(0, fn.bodyStart) + raising + reference.slice(fn.end));
  }
  return [...mutants];
}

interface Site {
  start: number;
  end: number;
  replacement: string;
}

interface Mutation {
  sites(masked: string, from: number, to: number): Site[];
}

/** Every match of `pattern` in [from, to) of the masked source, replaced via `swap`. */
function tokenSwap(pattern: RegExp, swap: (token: string) => string): Mutation {
  return {
    sites(masked, from, to) {
      const region = masked.slice(from, to);
      return [...region.matchAll(pattern)].map((m) => ({
        start: from + m.index,
        end: from + m.index + m[0].length,
        replacement: swap(m[0]),
      }));
    },
  };
}

const SWAPS: Record<string, string> = {
  '==': '!=',
  '!=': '==',
  and: 'or',
  or: 'and',
  True: 'False',
  False: 'True',
  '+': '-',
  '-': '+',
  // the negation, not the boundary (`<` to `<=`), which tests often leave unchecked
  '<': '>=',
  '>=': '<',
  '>': '<=',
  '<=': '>',
};
const swapped = (token: string) => SWAPS[token]!;

/** The last `return <value>` becomes `return None`: the whole logical line, even across brackets. */
const returnNone: Mutation = {
  sites(masked, from, to) {
    const returns = [...masked.slice(from, to).matchAll(/\breturn\b[ \t]*(?=[^\s;#])/g)];
    const last = returns.at(-1);
    if (last === undefined) return [];
    const start = from + last.index;
    let end = start + last[0].length;
    for (let depth = 0; end < to && !(depth === 0 && masked[end] === '\n' && masked[end - 1] !== '\\'); end++) {
      if ('([{'.includes(masked[end]!)) depth++;
      else if (')]}'.includes(masked[end]!)) depth--;
    }
    const value = masked.slice(start, end).replace(/^return\s*/, '').trim();
    return value === 'None' ? [] : [{ start, end, replacement: 'return None' }];
  },
};

/** In order of how surely the change alters behaviour. */
const MUTATIONS: Mutation[] = [
  returnNone,
  tokenSwap(/==|!=/g, swapped),
  // not shifts (`<<`, `>>`) or `->`
  tokenSwap(/(?<![<>=!-])(?:<=|>=|<|>)(?![<>=])/g, swapped),
  tokenSwap(/\b(?:and|or)\b/g, swapped),
  tokenSwap(/\b(?:True|False)\b/g, swapped),
  // not the sign of an exponent (`1e-9`) or the `->` of an annotation
  tokenSwap(/(?<!\d[eE])[+-](?!>)/g, swapped),
  tokenSwap(/(?<![\w.])\d+(?![\w.])/g, (n) => String(BigInt(n) + 1n)),
];
