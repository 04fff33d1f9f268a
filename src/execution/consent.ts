/** Running model-written code is the user's explicit choice, never a default. */
export interface ConsentSources {
  flag: boolean;
  config: boolean;
  env: NodeJS.ProcessEnv;
}

export function hasCodeExecutionConsent({ flag, config, env }: ConsentSources): boolean {
  return flag || config || env.SELFBENCH_ALLOW_CODE_EXECUTION === '1';
}

export function consentRefusal(sandbox: string): string {
  return [
    'selfbench would now run code written by a language model on this machine.',
    `Sandbox back-end available: "${sandbox}" — a subprocess with resource limits, a throw-away directory and a scrubbed environment.`,
    'It does NOT isolate the network or the file system: model-written code could read or change your files or reach the network.',
    'Run it only on a machine or account you are prepared to expose, and consent explicitly with one of:',
    '  --allow-code-execution   |   execution.allowUntrustedCode: true   |   SELFBENCH_ALLOW_CODE_EXECUTION=1',
  ].join('\n');
}
