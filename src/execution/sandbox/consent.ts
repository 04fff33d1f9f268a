import { describeSandbox, strongerSandboxHint, type SandboxDescription } from './sandbox-description.js';
import type { Executor } from '../types.js';

/** What the messages need to know of the executor that would run the code. */
type SandboxInUse = Pick<Executor, 'sandbox' | 'landlockAbi'>;

/** Running model-written code is the user's explicit choice, never a default. */
export interface ConsentSources {
  flag: boolean;
  config: boolean;
  env: NodeJS.ProcessEnv;
}

export function hasCodeExecutionConsent({ flag, config, env }: ConsentSources): boolean {
  return flag || config || env.SELFBENCH_ALLOW_CODE_EXECUTION === '1';
}

/** The warning shown instead of running code without consent; it names the back-end in use and its limits. */
export function consentRefusal({ sandbox, landlockAbi }: SandboxInUse): string {
  const description = describeSandbox(sandbox, landlockAbi);
  return [
    'selfbench would now run code written by a language model on this machine.',
    `Sandbox back-end in use: "${description.name}".`,
    `It provides: ${description.protects}`,
    description.doesNotProtect,
    ...(isolatesAll(description) ? [] : [strongerSandboxHint()]),
    'Run it only on a machine or account you are prepared to expose, and consent explicitly with one of:',
    '  --allow-code-execution   |   execution.allowUntrustedCode: true   |   SELFBENCH_ALLOW_CODE_EXECUTION=1',
  ].join('\n');
}

/** A run's first word on the sandbox: which back-end runs the model's code, and what it leaves open. */
export function sandboxNotice({ sandbox, landlockAbi }: SandboxInUse): string {
  const description = describeSandbox(sandbox, landlockAbi);
  const stronger = isolatesAll(description) ? '' : ` ${strongerSandboxHint()}`;
  return `sandbox: ${description.name}. ${description.doesNotProtect}${stronger}`;
}

function isolatesAll({ isolatesFileSystem, isolatesNetwork, isolatesProcesses }: SandboxDescription): boolean {
  return isolatesFileSystem && isolatesNetwork && isolatesProcesses;
}
