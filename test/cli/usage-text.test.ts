import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodes } from '../../src/cli/exit-codes.js';
import { repoRoot, runCli } from '../support/cli.js';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');

describe('what the README and --help promise', () => {
  it("the README's exit-code line names every exit code the CLI uses, and no other", () => {
    const line = readme.split('\n').find((text) => text.startsWith('Exit codes: ')) ?? '';
    const named = [...line.matchAll(/(?:^Exit codes: |, )(\d+) /g)].map((match) => Number(match[1]));
    expect(named.sort((a, b) => a - b)).toEqual(Object.values(exitCodes).sort((a, b) => a - b));
  });

  it('--help lists the same exit codes, and its examples start as the CLI was started, with flags that exist', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    const line = help.stdout.split('\n').find((text) => text.startsWith('Exit codes: ')) ?? '';
    for (const code of Object.values(exitCodes)) expect(line).toMatch(new RegExp(`[:,] ${code} `));
    // Started as `node <absolute path of dist/cli/main.js>` from the clone's root, as `node dist/cli/main.js`.
    const examples = help.stdout.slice(help.stdout.indexOf('Examples:')).split('\n').filter((text) => text.startsWith('  ') && !text.startsWith('      '));
    expect(examples.length).toBeGreaterThan(3);
    for (const example of examples) expect(example).toMatch(/^ {2}node dist\/cli\/main\.js /);
    expect(examples).toContain('  node dist/cli/main.js --config configs/demo.yaml');
    for (const flag of new Set(examples.join(' ').match(/ --?[a-z][\w-]*/g))) expect(help.stdout, flag).toContain(`${flag.trim()}`);
    for (const [flag, readmeFlag] of <[string, string][]>[
      ['-o, --out <dir>', '`-o, --out <dir>`'],
      ['--repeat <n>', '`--repeat N`'],
      ['--filter-first-n <n>', '`--filter-first-n N`'],
      ['--filter-pattern <regex>', '`--filter-pattern <regex>`'],
      ['--wide', '`--wide`'],
      ['--fail-on-regression <baseline-run-dir>', '`--fail-on-regression <baseline-run-dir>`'],
    ]) {
      expect(help.stdout).toContain(flag);
      expect(readme.includes(readmeFlag), readmeFlag).toBe(true);
    }
  });
});
