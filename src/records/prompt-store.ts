/**
 * Every prompt a run sent, once per content: `<run>/prompts/<sha256>.json`, named from each call record by its
 * `promptHash`, so anyone can audit what a model was asked (in the language it was asked in) without the records
 * repeating a conversation on every call that sent it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const promptsDirName = 'prompts';

/** A prompt as sent: the conversation and, for a structured call, the JSON Schema its reply was to fill. */
export interface StoredPrompt {
  messages: { role: string; content: string }[];
  jsonSchema?: Record<string, unknown>;
}

export function promptHash(prompt: StoredPrompt): string {
  return createHash('sha256').update(JSON.stringify(prompt)).digest('hex');
}

export class PromptStore {
  private readonly kept = new Set<string>();

  constructor(readonly dir: string) {}

  /**
   * Writes the prompt unless this run already has it; returns its hash. Synchronous, like the records, and whole or not
   * at all (written aside, then renamed): a file a crash cut short would otherwise stand for its hash on every resume.
   */
  keep(prompt: StoredPrompt): string {
    const hash = promptHash(prompt);
    if (this.kept.has(hash)) return hash;
    const path = join(this.dir, `${hash}.json`);
    if (!existsSync(path)) {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(`${path}.tmp`, `${JSON.stringify(prompt)}\n`);
      renameSync(`${path}.tmp`, path);
    }
    this.kept.add(hash);
    return hash;
  }
}

/** A run's stored prompt by hash; undefined for runs written before prompts were kept, or a file gone missing. */
export function readPrompt(runDir: string, hash: string): StoredPrompt | undefined {
  const path = join(runDir, promptsDirName, `${hash}.json`);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as StoredPrompt) : undefined;
}
