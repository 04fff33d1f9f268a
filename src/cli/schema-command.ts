import { z } from 'zod';
import { configSchema } from '../config/schema.js';

/** `bench schema`: the config's JSON Schema, for editor completion (yaml-language-server). */
export function schemaCommand(): number {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' });
  process.stdout.write(`${JSON.stringify({ title: 'selfbench config', ...schema }, null, 2)}\n`);
  return 0;
}
