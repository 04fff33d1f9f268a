import { parseConfig } from '../../src/config/load.js';
import { demoYaml } from './demo-config.js';

/**
 * The strategy ids of configs/demo.yaml, in config order: tests of the demo follow it as it grows. A module of its own:
 * parsing a config loads its whole schema (zod, every strategy and provider), about half a second of each importing
 * file's start, which the files that only run the CLI need not pay.
 */
export function demoStrategyIds(): string[] {
  return parseConfig(demoYaml(), 'configs/demo.yaml').strategies.map((strategy) => strategy.id);
}
