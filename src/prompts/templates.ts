import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';
import { withLfLines } from '../platform/editor-text.js';

export const templateNames = [
  'system',
  'initial-code',
  'initial-open',
  'judge-system',
  'judge',
  'pairwise-system',
  'pairwise',
  'recognition-system',
  'recognition',
  'revise',
  'write-tests',
  'reflect',
  'reflexion-revise',
  'explain',
  'debug-revise',
  'principles',
  'critique',
  'critique-revise',
  'feedback',
  'refine',
] as const;

export type TemplateName = (typeof templateNames)[number];

export const promptLanguages = ['en', 'ko'] as const;
export type PromptLanguage = (typeof promptLanguages)[number];

export interface PromptTemplate {
  name: TemplateName;
  text: string;
  /** Recorded in the run, so a result names the exact prompt that produced it. */
  sha256: string;
}

export type PromptTemplates = Record<TemplateName, PromptTemplate>;

/** The shipped templates of a language, with any the config overrides by path. */
export function loadPromptTemplates(
  language: PromptLanguage = 'en',
  overrides: Partial<Record<TemplateName, string>> = {},
  directory = join(packageRoot, 'prompts'),
): PromptTemplates {
  const entries = templateNames.map((name) => {
    // Saved on Windows (CRLF, a BOM), a template is the same prompt, with the same hash, as the file it was copied from.
    const text = withLfLines(readFileSync(overrides[name] ?? join(directory, language, `${name}.md`), 'utf8'));
    return [name, { name, text, sha256: createHash('sha256').update(text).digest('hex') }] as const;
  });
  return Object.fromEntries(entries) as PromptTemplates;
}

/** The items of a template that is a list rather than a prompt (`principles`): each line that starts with "- ". */
export function listItems(text: string): string[] {
  return text.split(/\r?\n/).flatMap((line) => {
    const item = /^\s*-\s+(.*\S)\s*$/.exec(line)?.[1];
    return item === undefined ? [] : [item];
  });
}

/** Fills `{{name}}` placeholders; a placeholder with no value is an error, not an empty string. */
export function fillTemplate(template: PromptTemplate, values: Record<string, string>): string {
  return template.text
    .replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
      const value = values[key];
      if (value === undefined) throw new Error(`prompt template "${template.name}" needs a value for {{${key}}}`);
      return value;
    })
    .trimEnd();
}
