import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ExportFormat } from '../export/formats.js';
import { trainingData } from '../export/training-data.js';
import { readRecords, recordsFileName } from '../records/record-store.js';
import { readRunMeta } from '../records/run-meta.js';
import { firstPrompts } from '../run/first-prompts.js';
import { exitCodes } from './exit-codes.js';
import { runDirProblem } from '../run/run-dir.js';

export interface ExportCommandOptions {
  format: ExportFormat;
  out?: string;
  includeOracle?: boolean;
}

/** `bench export <run-dir> --format dpo|sft`: training data from a run's records, as JSONL; no model is called, no code run. */
export async function exportCommand(runDir: string, options: ExportCommandOptions): Promise<number> {
  const problem = runDirProblem('<run-dir>', runDir);
  if (problem !== undefined) {
    process.stderr.write(`${problem}\n`);
    return exitCodes.usage;
  }
  const meta = readRunMeta(runDir);
  const rebuilt = await firstPrompts(runDir, meta);
  if ('refused' in rebuilt) {
    process.stderr.write(`cannot export ${runDir}: ${rebuilt.refused}\n`);
    return exitCodes.usage;
  }
  const { records } = readRecords(join(runDir, recordsFileName));
  const { rows, leftOut } = trainingData(options.format, { records, meta, prompts: rebuilt.prompts, includeOracle: options.includeOracle ?? false });
  const out = options.out ?? join(runDir, `${options.format}.jsonl`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
  const notes = [
    leftOut.oracleTrials > 0 ? `${leftOut.oracleTrials} oracle trials left out (--include-oracle keeps them)` : '',
    leftOut.openTrials > 0 ? `${leftOut.openTrials} open-ended trials left out (no hidden tests)` : '',
  ].filter((note) => note !== '');
  process.stdout.write(`wrote ${rows.length} ${options.format} lines to ${out}${notes.length > 0 ? `; ${notes.join('; ')}` : ''}\n`);
  return exitCodes.ok;
}
