import { refusesSchema } from './server-messages.js';

/**
 * Structured output per call: asked with the JSON Schema; when the server refuses the schema (server-messages.ts),
 * asked once more without it, for this call only, and the refusal is returned to be recorded on the call. Any other
 * failure, a 400 for a prompt too long included, is this call's error and changes nothing for the next call.
 */
export async function askWithSchemaFallback<Reply>(
  jsonSchema: Record<string, unknown> | undefined,
  send: (jsonSchema: Record<string, unknown> | undefined) => Promise<Reply>,
): Promise<{ reply: Reply; schemaRefusal?: string }> {
  try {
    return { reply: await send(jsonSchema) };
  } catch (error) {
    if (jsonSchema === undefined || !refusesSchema(error)) throw error;
    return { reply: await send(undefined), schemaRefusal: error.message };
  }
}
