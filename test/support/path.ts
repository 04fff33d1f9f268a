import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolvePythonInterpreter } from '../../src/execution/sandbox/python-interpreter.js';

/**
 * A PATH directory holding Python (as `python3`) and the given host commands, and nothing else: how a test
 * shows selfbench a machine without bubblewrap, or without unshare too.
 */
export async function pathWith(commands: readonly string[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'selfbench-path-'));
  symlinkSync(await resolvePythonInterpreter(), join(dir, 'python3'));
  for (const command of commands) symlinkSync(join('/usr/bin', command), join(dir, command));
  return dir;
}
