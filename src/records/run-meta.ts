import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeedbackKind } from './lists.js';

/** Where run directories go unless `output.dir` or `--out` says otherwise; where `bench view` looks for the latest. */
export const defaultOutputDir = 'reports';
export const runMetaFileName = 'run.json';
export const runConfigFileName = 'config.yaml';

/** What a run was: written once at its start, so reports and `--resume` need nothing else. */
export interface RunMeta {
  name: string;
  createdAt: string;
  selfbenchVersion: string;
  dataset: { source: string; sha256: string; tasks: number };
  /** Sandbox back-end that ran the code. */
  sandbox: string;
  /** Any generator is the simulated provider: every report says SIMULATED. */
  simulated: boolean;
  models: Record<string, { provider: string; model: string; options: Record<string, unknown> }>;
  /** In config order, with their resolved options: reports list strategies in this order. */
  strategies: { id: string; use: string; feedback: FeedbackKind; options: unknown; stopThreshold?: number }[];
  /** The language of the shipped templates the run used (`promptLanguage`); absent in runs written before it was kept. */
  promptLanguage?: string;
  promptHashes: Record<string, string>;
  trials: number;
}

export function readRunMeta(runDir: string): RunMeta {
  return JSON.parse(readFileSync(join(runDir, runMetaFileName), 'utf8')) as RunMeta;
}
