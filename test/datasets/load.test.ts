import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { DatasetError } from '../../src/datasets/dataset-error.js';
import { loadDataset } from '../../src/datasets/load.js';
import { builtinDatasetNames, datasetSourceProblem } from '../../src/datasets/source-problem.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const line = (n: number) =>
  JSON.stringify({
    id: `toy/${n}`,
    prompt: `def f${n}(x):\n    """Return x plus ${n}.\n    >>> f${n}(0)\n    ${n}\n    """\n`,
    entry_point: `f${n}`,
    tests: `def check(candidate):\n    assert candidate(1) == ${n + 1}\n`,
  });
const TEXT = Array.from({ length: 10 }, (_, i) => line(i + 1)).join('\n') + '\n';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'selfbench-load-'));
  await mkdir(join(root, 'datasets'));
  await writeFile(join(root, 'datasets', 'toy.jsonl'), TEXT);
  await writeFile(join(root, 'datasets', 'other.jsonl'), line(99));
  await writeFile(join(root, 'toy.jsonl.gz'), gzipSync(TEXT));
});

describe('loadDataset', () => {
  it('loads builtin:<name> from the package and records the sha256 of the file', async () => {
    const dataset = await loadDataset({ source: 'builtin:toy' }, { packageRoot: root });
    expect(dataset.source).toBe('builtin:toy');
    expect(dataset.tasks).toHaveLength(10);
    expect(dataset.sha256).toBe(sha256(await readFile(join(root, 'datasets', 'toy.jsonl'))));
  });

  it('lists the available names for an unknown builtin, and guesses the one meant', async () => {
    await expect(loadDataset({ source: 'builtin:nope' }, { packageRoot: root })).rejects.toThrow(
      new DatasetError('source', 'unknown built-in dataset "nope" (available: other, toy)'),
    );
    expect(datasetSourceProblem('builtin:toys', root)).toBe('unknown built-in dataset "toys"; did you mean "toy"? (available: other, toy)');
    expect(builtinDatasetNames(root)).toEqual(['other', 'toy']);
  });

  // Relative paths are the working directory's: the repository's root under vitest.
  it('says what stops a file from being read, by the path as written, before reading anything', async () => {
    expect(datasetSourceProblem('jsonl:./missing.jsonl', root)).toBe('no such file ./missing.jsonl');
    expect(datasetSourceProblem('jsonl:datasets', root)).toBe('datasets is a directory, not a file');
    expect(datasetSourceProblem('humaneval:./missing.jsonl.gz', root)).toBe('no such file ./missing.jsonl.gz');
    expect(datasetSourceProblem('humaneval+:datasets/py-core.jsonl/x', root)).toBe('no such file datasets/py-core.jsonl/x');
    expect(datasetSourceProblem('jsonl:datasets/py-core.jsonl', root)).toBeUndefined();
    expect(datasetSourceProblem('humaneval', root)).toBeUndefined(); // downloaded when loaded
    await expect(loadDataset({ source: 'jsonl:./missing.jsonl' }, { packageRoot: root })).rejects.toThrow(new DatasetError('source', 'no such file ./missing.jsonl'));
  });

  it('makes an invalid line a problem of the source', async () => {
    const bad = join(root, 'bad.jsonl');
    await writeFile(bad, '{"id": "x"}\n');
    const error = await loadDataset({ source: `jsonl:${bad}` }, { packageRoot: root }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(DatasetError);
    expect(error).toMatchObject({ field: 'source', message: expect.stringContaining(`invalid dataset ${bad}:`) });
  });

  it('loads jsonl:<path>, plain or gzipped, to the same tasks with the sha256 of each file', async () => {
    const plain = await loadDataset({ source: `jsonl:${join(root, 'datasets', 'toy.jsonl')}` }, { packageRoot: root });
    const gzipped = await loadDataset({ source: `jsonl:${join(root, 'toy.jsonl.gz')}` }, { packageRoot: root });
    expect(gzipped.tasks).toEqual(plain.tasks);
    expect(gzipped.sha256).toBe(sha256(await readFile(join(root, 'toy.jsonl.gz'))));
    expect(gzipped.sha256).not.toBe(plain.sha256);
  });

  it('selects by ids, sample and limit, deterministically', async () => {
    const load = (selection: object) => loadDataset({ source: 'builtin:toy', ...selection }, { packageRoot: root });
    const ids = async (selection: object) => (await load(selection)).tasks.map((t) => t.view.id);
    expect(await ids({ ids: ['toy/3', 'toy/1'] })).toEqual(['toy/1', 'toy/3']);
    expect(await ids({ sample: 4, seed: 5 })).toEqual(await ids({ sample: 4, seed: 5 }));
    expect(await ids({ sample: 4, seed: 5, limit: 2 })).toEqual((await ids({ sample: 4, seed: 5 })).slice(0, 2));
  });

  it('names the source with an unknown id, as a problem of the ids', async () => {
    await expect(loadDataset({ source: 'builtin:toy', ids: ['toy/404'] }, { packageRoot: root })).rejects.toThrow(
      new DatasetError('ids', 'unknown task id: toy/404 (not in builtin:toy)'),
    );
  });

  it('rejects an unknown source form', async () => {
    await expect(loadDataset({ source: 'csv:x.csv' }, { packageRoot: root })).rejects.toThrow(/expected builtin:<name>, humaneval/);
    await expect(loadDataset({ source: 'jsonl:' }, { packageRoot: root })).rejects.toThrow(/unknown dataset source/);
  });
});

describe('built-in datasets', () => {
  it('all load', async () => {
    const names = builtinDatasetNames(repoRoot);
    for (const name of names) {
      const dataset = await loadDataset({ source: `builtin:${name}` }, { packageRoot: repoRoot });
      expect(dataset.tasks.length, name).toBeGreaterThan(0);
    }
  });
});
