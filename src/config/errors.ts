import type { z } from 'zod';

/** A config problem a user can fix: the message names the field (`strategies[1].threshold: …`). */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/** `['strategies', 1, 'threshold']` → `strategies[1].threshold`. */
function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    const name = String(key);
    return text === '' ? name : `${text}.${name}`;
  }, '');
}

export function describeIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): string[] {
  return issues.flatMap((issue) => {
    // Unknown keys are reported on the parent object; name each key as its own field.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${formatPath([...prefix, ...issue.path, key])}: unknown key`);
    }
    const where = formatPath([...prefix, ...issue.path]) || '(root)';
    return [`${where}: ${issue.message}`];
  });
}
