/** The language spoken with models: messages, a request, a reply. Providers speak it to servers; strategies and judges through the gateway. */
import type { CallPurpose, ChatTimings, ChatUsage } from '../records/call.js';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  temperature?: number;
  seed?: number;
  maxTokens?: number;
  /** JSON schema for structured output (Ollama `format`, OpenAI `response_format`). */
  jsonSchema?: Record<string, unknown>;
  purpose: CallPurpose;
}

export interface ChatResult extends ChatUsage {
  /** The answer, with any reasoning ("thinking") removed. */
  text: string;
  thinking?: string;
  timings: ChatTimings;
  /** The server refused the request's JSON Schema with this message; this answer was asked for without it. */
  schemaRefusal?: string;
}
