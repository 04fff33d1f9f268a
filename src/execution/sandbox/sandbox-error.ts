/** The sandbox back-end asked for by name does not work on this machine: a usage problem (exit 2), before any work. */
export class SandboxUnavailableError extends Error {
  override readonly name = 'SandboxUnavailableError';
}
