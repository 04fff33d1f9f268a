/**
 * A vitest reporter that closes the run with every skipped group and why: a test says why it skips in its own or a
 * suite's title (`— SKIPPED: <reason>`, `(skipped: <reason>)`, see `skipTitle`) or through `context.skip(reason)`, and
 * the reasons would otherwise be buried mid-log.
 */
import { relative } from 'node:path';
import type { Reporter, TestCase, TestModule } from 'vitest/node';

const titledReason = /(?:— SKIPPED: (.*)|\(skipped: (.*)\))$/;

/** A suite or test title that carries the reason it is skipped, when it is. */
export function skipTitle(title: string, reason: string | undefined): string {
  return reason === undefined ? title : `${title} — SKIPPED: ${reason}`;
}

function reasonOf(test: TestCase): string {
  const result = test.result();
  if (result.state === 'skipped' && result.note) return result.note;
  const titles: string[] = [test.name];
  for (let parent = test.parent; parent.type === 'suite'; parent = parent.parent) titles.push(parent.name);
  for (const title of titles) {
    const match = titledReason.exec(title);
    const reason = match?.[1] ?? match?.[2];
    if (reason) return reason;
  }
  // A test skipped because another file or test ran with `.only`, or a `.skip` left without a word.
  return 'no reason given (or left out by -t or .only)';
}

/** The top suite a skipped test belongs to: one line per skipped group, not per test. */
function groupOf(test: TestCase): string {
  let top: TestCase['parent'] = test.parent;
  while (top.type === 'suite' && top.parent.type === 'suite') top = top.parent;
  return top.type === 'suite' ? top.name.replace(titledReason, '').trim() : test.name.replace(titledReason, '').trim();
}

export default class SkipSummary implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const groups = new Map<string, number>();
    for (const module of modules) {
      for (const test of module.children.allTests('skipped')) {
        const key = `${relative(process.cwd(), module.moduleId)} › ${groupOf(test)}: ${reasonOf(test)}`;
        groups.set(key, (groups.get(key) ?? 0) + 1);
      }
    }
    const total = [...groups.values()].reduce((sum, count) => sum + count, 0);
    if (total === 0) {
      process.stdout.write('\nskipped: none\n');
      return;
    }
    const lines = [...groups].map(([group, count]) => `  ${count} × ${group}`);
    process.stdout.write(`\nskipped: ${total} test${total === 1 ? '' : 's'} in ${groups.size} group${groups.size === 1 ? '' : 's'}\n${lines.join('\n')}\n`);
  }
}
