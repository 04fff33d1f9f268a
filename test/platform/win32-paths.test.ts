import { win32 } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { parseConfig, parseYaml } from '../../src/config/load.js';
import { configSchema } from '../../src/config/schema.js';
import { locateDataset, type DatasetLocation } from '../../src/datasets/load.js';
import { reportFiles } from '../../src/report/write-reports.js';
import { fixtureConfig, fixtureInput, fixtureMeta, fixtureRecords } from '../report/run-fixture.js';

/**
 * The config loader, the dataset loaders and the reporters with Windows' path rules (`path.win32`, passed in), on
 * any machine: drive letters, backslashes, spaces and UNC shares reach the file system as Windows would read them.
 */

const windowsConfig = [
  '\uFEFFname: windows',
  'dataset: { source: jsonl:C:\\My Data\\tasks.jsonl, limit: 3 }',
  'models:',
  '  coder: { provider: ollama, model: "qwen2.5-coder:7b", host: "http://172.29.64.1:11434" }',
  'generators: [coder]',
  'strategies: [one-shot]',
  "output: { dir: 'D:\\selfbench runs' }",
  'cache: { dir: C:\\Users\\Me Too\\AppData\\Local\\selfbench\\answers }',
  '',
].join('\r\n');

describe('the config loader', () => {
  it('keeps Windows paths as written, plain or single-quoted, from a file saved with CRLF and a BOM', () => {
    // The schema's reading only: the full check would look for the dataset file, which is not on this machine.
    const config = configSchema.parse(parseYaml(windowsConfig, 'C:\\configs\\windows.yaml'));
    expect(config.dataset.source).toBe('jsonl:C:\\My Data\\tasks.jsonl');
    expect(config.output.dir).toBe('D:\\selfbench runs');
    expect(config.cache.dir).toBe('C:\\Users\\Me Too\\AppData\\Local\\selfbench\\answers');
    expect(config.name).toBe('windows');
  });

  it('refuses a double-quoted path whose backslash starts an invalid escape, naming the line, rather than read another path', () => {
    const quoted = windowsConfig.replace("'D:\\selfbench runs'", '"D:\\selfbench runs"');
    expect(() => parseConfig(quoted, 'windows.yaml')).toThrow(ConfigError);
    expect(() => parseConfig(quoted, 'windows.yaml')).toThrow(/windows\.yaml: .*line 7/s);
  });
});

describe('the dataset loaders', () => {
  const root = { packageRoot: 'C:\\Program Files\\selfbench', paths: win32 };
  const pathOf = (location: DatasetLocation) => ('path' in location ? location.path : undefined);

  it.each([
    ['jsonl:C:\\data\\tasks.jsonl', 'C:\\data\\tasks.jsonl'],
    ['jsonl:C:\\My Data\\tasks.jsonl', 'C:\\My Data\\tasks.jsonl'],
    ['jsonl:C:/data/tasks.jsonl', 'C:\\data\\tasks.jsonl'],
    ['jsonl:\\\\server\\share\\tasks.jsonl', '\\\\server\\share\\tasks.jsonl'],
    ['humaneval:D:\\x\\HumanEval.jsonl.gz', 'D:\\x\\HumanEval.jsonl.gz'],
    ['humaneval+:D:\\x y\\HumanEvalPlus.jsonl.gz', 'D:\\x y\\HumanEvalPlus.jsonl.gz'],
    ['builtin:py-core', 'C:\\Program Files\\selfbench\\datasets\\py-core.jsonl'],
  ])('%s is the file %s', async (source, file) => {
    expect(pathOf(await locateDataset(source, root))).toBe(file);
  });

  it('resolves a relative path by Windows rules', async () => {
    const file = pathOf(await locateDataset('jsonl:data\\my tasks.jsonl', root));
    expect(win32.isAbsolute(file!)).toBe(true);
    expect(file).toMatch(/\\data\\my tasks\.jsonl$/);
  });

  it('downloads humaneval and humaneval+ without a path (to the cache directory, platform/cache-dir.ts)', async () => {
    for (const source of ['humaneval', 'humaneval+']) expect('download' in (await locateDataset(source, root))).toBe(true);
  });

  it('refuses a bare Windows path: its drive letter is no scheme', async () => {
    await expect(locateDataset('C:\\data\\tasks.jsonl', root)).rejects.toThrow(/unknown dataset source "C:\\data\\tasks\.jsonl"; expected builtin:<name>/);
  });
});

describe('the reporters', () => {
  it('write each report into the run directory by Windows rules, showing Windows paths as they are', () => {
    const runDir = 'C:\\Users\\Me Too\\reports\\windows-20260101-120000';
    const source = 'jsonl:C:\\My Data\\tasks.jsonl';
    const meta = fixtureMeta({ dataset: { source, sha256: 'ab'.repeat(32), tasks: 4 } });
    const files = reportFiles(runDir, fixtureInput(meta, fixtureRecords(), { ...fixtureConfig, dataset: { ...fixtureConfig.dataset, source } }), win32);
    expect(files.map((file) => win32.dirname(file.path))).toEqual(files.map(() => runDir));
    expect(files.map((file) => win32.basename(file.path)).sort()).toEqual(['attempts.csv', 'judges.csv', 'report.html', 'report.md', 'summary.csv', 'trials.csv']);
    const content = (name: string) => files.find((file) => file.path === `${runDir}\\${name}`)!.content;
    expect(content('report.md')).toContain(`\`${source}\``);
    expect(content('report.html')).toContain(source);
  });
});
