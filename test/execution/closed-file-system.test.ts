import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createExecutor } from '../../src/execution/sandbox.js';
import type { Executor } from '../../src/execution/types.js';
import { repoRoot } from '../support/cli.js';
import { pathWith } from '../support/path.js';

/**
 * With bubblewrap hidden, `auto` must still give a back-end whose file system is closed: a program's writes to
 * the user's home, the real /tmp and the project do not land, and what lies outside its view (the project's
 * files, the datasets beside it) cannot be read. Where unshare cannot work either, the sandbox tests show the refusal.
 */
const marker = `selfbench-escape-${process.pid}`;
const targets = [join(homedir(), marker), join('/tmp', marker), join(repoRoot, marker)];
const secrets = [join(repoRoot, 'package.json'), join(repoRoot, '..', 'shared', 'README.md')];

const program = `
import json, os

def probe():
    seen = {}
    for path in ${JSON.stringify(targets)}:
        try:
            with open(path, "w") as f:
                f.write("escaped")
            seen[path] = "written"
        except OSError as error:
            seen[path] = error.strerror
    for path in ${JSON.stringify(secrets)}:
        seen[path] = "read" if os.path.exists(path) else "absent"
    print(json.dumps(seen))
    return 1
`;

describe.runIf(process.platform === 'linux')('auto without bubblewrap', () => {
  const path = process.env.PATH;
  let executor: Executor | undefined;
  afterEach(async () => {
    process.env.PATH = path;
    await executor?.close?.();
  });

  for (const pool of [false, true]) {
    it(`runs on unshare, where writes outside the work directory do not land and the host's files are out of sight (${pool ? 'pooled' : 'one interpreter per attempt'})`, async () => {
      process.env.PATH = await pathWith(['unshare']);
      executor = await createExecutor({ pool });
      expect(executor.sandbox).toBe('unshare');
      const result = await executor.run({ program, tests: [{ name: 'probe', code: 'assert probe() == 1' }] });
      expect(result.status, result.stderr).toBe('passed');
      const seen = JSON.parse(result.stdout) as Record<string, string>;
      // In its own view /tmp is private, so that write may succeed there; none may reach the host.
      for (const target of targets) expect(existsSync(target), `${target}: ${seen[target]}`).toBe(false);
      expect(seen[join(homedir(), marker)]).not.toBe('written');
      for (const secret of secrets) expect(seen[secret], secret).toBe('absent');
    });
  }
});
