/**
 * What model servers say when they refuse a request, read from the message, since the status alone does not tell:
 * a structured-output schema the server cannot use and a prompt that does not fit both come back as a 400 (or a
 * 500, from older llama-server builds and from Ollama's runner).
 */
import { ProviderError } from './types.js';

/**
 * A prompt longer than the model's window. llama-server: "the request exceeds the available context size, try
 * increasing it" (type `exceed_context_size_error`); Ollama: "the input length exceeds the context length";
 * OpenAI and vLLM: "This model's maximum context length is 4096 tokens…", code `context_length_exceeded`.
 */
const CONTEXT_OVERFLOW = [
  /exceeds? the (?:available )?context (?:size|length)/i,
  /exceed_context_size_error/i,
  /maximum context length is/i,
  /context_length_exceeded/i,
];

/**
 * A structured-output schema refused. Ollama: `invalid format: "…"; expected "json" or a valid JSON Schema object`
 * (a format it cannot read), "invalid JSON schema in format" (its runner could not make a grammar of it), and before
 * 0.5 "json: cannot unmarshal object into Go struct field ChatRequest.format of type string". llama-server: "JSON
 * schema conversion failed: Unrecognized schema: …", and before json_schema support `response_format type must be one
 * of "text" or "json_object", but got: json_schema`; others (vLLM, LM Studio) name `response_format` or `json_schema`.
 */
const SCHEMA_REFUSAL = [
  /invalid format:.*expected "json" or a (?:valid )?JSON Schema/i,
  /invalid JSON schema in format/i,
  /cannot unmarshal object into Go struct field \w+\.format/i,
  /JSON schema conversion failed/i,
  /response_format/i,
  /json_schema/i,
];

/** An HTTP error of `status` with the server's `message`: `context-overflow` when the prompt did not fit, else `http`. */
export function httpError(status: number, message: string, cause: unknown): ProviderError {
  const kind = CONTEXT_OVERFLOW.some((pattern) => pattern.test(message)) ? 'context-overflow' : 'http';
  return new ProviderError(kind, message, status, { cause });
}

/** The server refused the call's JSON Schema (not its prompt: an overflow is never read as a refusal). */
export function refusesSchema(error: unknown): error is ProviderError {
  return error instanceof ProviderError && error.kind === 'http' && SCHEMA_REFUSAL.some((pattern) => pattern.test(error.message));
}
