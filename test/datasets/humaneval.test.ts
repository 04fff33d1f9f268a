import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fetchHumanEval, HUMANEVAL_SHA256, HUMANEVAL_URL, loadHumanEvalTasks } from '../../src/datasets/humaneval.js';
import { loadDataset } from '../../src/datasets/load.js';
import { hasPython, PYTHON } from '../support/python.js';
import { skipTitle } from '../support/skip-summary.js';

/** The real file, kept beside the project (../shared); tests that need it skip without it. */
const HUMANEVAL = fileURLToPath(new URL('../../../shared/datasets/HumanEval.jsonl.gz', import.meta.url));
const hasFile = existsSync(HUMANEVAL);
if (!hasFile) console.warn(`skipping HumanEval tests: ${HUMANEVAL} is absent`);

/** A fetch that serves fixed bytes and counts its calls. */
function servingFetch(bytes: Uint8Array) {
  const calls: string[] = [];
  const fetchFile = (async (url: string | URL | Request) => {
    calls.push(String(url));
    return new Response(bytes);
  }) as typeof fetch;
  return { fetchFile, calls };
}

describe.skipIf(!hasFile)(skipTitle('HumanEval', hasFile ? undefined : `${HUMANEVAL} is absent`), () => {
  it('maps the 164 rows to tasks', async () => {
    const tasks = await loadHumanEvalTasks(HUMANEVAL);
    expect(tasks).toHaveLength(164);
    const task = tasks[38]!;
    expect(task.view).toMatchObject({ id: 'HumanEval/38', kind: 'code', entryPoint: 'decode_cyclic', visibleTestSource: 'none' });
    expect(task.hidden.reference!.startsWith(task.view.prompt)).toBe(true);
    // Its check encodes random strings in a loop: not calls on literals, so it stays assert-style.
    expect(task.hidden.grading.style).toBe('asserts');
    if (task.hidden.grading.style === 'asserts') {
      expect(task.hidden.grading.tests).toHaveLength(1);
      expect(task.hidden.grading.tests[0]!.code).toMatch(/def check\(candidate\):[\s\S]*\n\ncheck\(decode_cyclic\)\n$/);
    }
    expect(tasks[0]!.hidden.grading).toMatchObject({ style: 'differential', entryPoint: 'has_close_elements', atol: 0, comparison: 'equal' });
    expect(JSON.stringify(task.view)).not.toContain('def check(candidate)');
  });

  it('gives most tasks visible tests from the docstring examples', async () => {
    const tasks = await loadHumanEvalTasks(HUMANEVAL);
    const covered = tasks.filter((t) => t.view.visibleTests.length > 0);
    console.info(`HumanEval: ${covered.length}/164 tasks have visible tests (${covered.flatMap((t) => t.view.visibleTests).length} asserts)`);
    expect(covered.length).toBeGreaterThanOrEqual(149);
    expect(covered.every((t) => t.view.visibleTestSource === 'docstring')).toBe(true);
    expect(tasks.filter((t) => t.view.visibleTests.length === 0).every((t) => t.view.visibleTestSource === 'none')).toBe(true);
  });

  it.skipIf(!hasPython)('every visible test passes on the canonical solution', async () => {
    const tasks = await loadHumanEvalTasks(HUMANEVAL);
    const cases = tasks.map((t) => ({ id: t.view.id, program: t.hidden.reference, asserts: t.view.visibleTests.map((v) => v.code) }));
    const script = [
      'import json, sys',
      'failures = []',
      'for case in json.load(sys.stdin):',
      '    namespace = {}',
      "    exec(case['program'], namespace)",
      "    for code in case['asserts']:",
      '        try:',
      '            exec(code, dict(namespace))',
      '        except Exception as error:',
      "            failures.append(case['id'] + ': ' + code + ' -> ' + repr(error))",
      'print(json.dumps(failures))',
    ].join('\n');
    const run = spawnSync(PYTHON ?? 'python3', ['-c', script], { input: JSON.stringify(cases), encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([]);
  });

  it('loads humaneval:<path> with the published sha256', async () => {
    const dataset = await loadDataset({ source: `humaneval:${HUMANEVAL}`, limit: 3 }, { packageRoot: '/nowhere' });
    expect(dataset.sha256).toBe(HUMANEVAL_SHA256);
    expect(dataset.tasks.map((t) => t.view.id)).toEqual(['HumanEval/0', 'HumanEval/1', 'HumanEval/2']);
  });

  it('downloads `humaneval` once into the cache', async () => {
    const cacheDir = join(await mkdtemp(join(tmpdir(), 'selfbench-cache-')), 'selfbench');
    const { fetchFile, calls } = servingFetch(await readFile(HUMANEVAL));
    const first = await loadDataset({ source: 'humaneval' }, { packageRoot: '/nowhere', cacheDir, fetch: fetchFile });
    const second = await loadDataset({ source: 'humaneval' }, { packageRoot: '/nowhere', cacheDir, fetch: fetchFile });
    expect(calls).toEqual([HUMANEVAL_URL]);
    expect(first.tasks).toHaveLength(164);
    expect(second.sha256).toBe(HUMANEVAL_SHA256);
    expect(await readdir(cacheDir)).toEqual(['HumanEval.jsonl.gz']);
  });
});

describe('fetchHumanEval', () => {
  it('refuses a download with the wrong sha256 and caches nothing', async () => {
    const cacheDir = join(await mkdtemp(join(tmpdir(), 'selfbench-cache-')), 'selfbench');
    const { fetchFile } = servingFetch(new TextEncoder().encode('{"task_id": "tampered"}\n'));
    await expect(fetchHumanEval(cacheDir, fetchFile)).rejects.toThrow(/refusing the HumanEval download .* sha256 [0-9a-f]{64}, expected b796127e/);
    expect(existsSync(cacheDir)).toBe(false);
  });

  it('reports an HTTP failure', async () => {
    const cacheDir = join(await mkdtemp(join(tmpdir(), 'selfbench-cache-')), 'selfbench');
    const notFound = (async () => new Response('missing', { status: 404 })) as typeof fetch;
    await expect(fetchHumanEval(cacheDir, notFound)).rejects.toThrow('HTTP 404');
  });
});
