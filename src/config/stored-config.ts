import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYaml } from './load.js';
import { configSchema, type RawConfig } from './schema.js';
import { runConfigFileName } from '../records/run-meta.js';

/**
 * The effective config a run stored, with the schema's defaults filled in (so a panel
 * threshold left out of the YAML is the 7.5 the run used). Undefined when the file is
 * missing or no longer valid, e.g. written by another selfbench version.
 */
export function readStoredConfig(runDir: string): RawConfig | undefined {
  const path = join(runDir, runConfigFileName);
  if (!existsSync(path)) return undefined;
  try {
    const parsed = configSchema.safeParse(parseYaml(readFileSync(path, 'utf8'), path));
    return parsed.success ? parsed.data : undefined;
  } catch {
    // A YAML syntax error: the report goes on without the settings.
    return undefined;
  }
}
