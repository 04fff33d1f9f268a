import { configJsonSchema } from '../config/config-json-schema.js';

/** `bench schema`: the config's JSON Schema, described field by field, for editor completion (yaml-language-server). */
export function schemaCommand(): number {
  process.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  return 0;
}
