// Apart from describe-issues.ts: the CLI's exit codes need the class, not the config's schema it reads.
/** A config problem a user can fix: the message names the field (`strategies[1].threshold: …`). */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}
