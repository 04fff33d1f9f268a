import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './cli.js';

/** configs/demo.yaml as shipped. */
export const demoYaml = (): string => readFileSync(join(repoRoot, 'configs/demo.yaml'), 'utf8');

/** configs/demo.yaml with no latency: for tests of what a run does, not of how long its calls take. */
export const demoWithoutLatency = (): string => demoYaml().replace(/latencyMs: 5\b/g, 'latencyMs: 0');

/** The demo, lean, for tests about something other than the strategies: these strategies, no panel, no latency. */
export const leanDemo = (strategies: unknown[]): Record<string, unknown> => ({ ...parse(demoWithoutLatency()), strategies, panel: undefined });
