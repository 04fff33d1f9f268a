import { createOllamaProvider, OLLAMA_DEFAULT_PORT, type OllamaModelSpec } from '../providers/ollama.js';
import { defaultGateway } from '../platform/wsl.js';
import { describeError } from './exit-codes.js';

/** A firewall that drops packets would hold doctor for the provider's whole timeout. */
const GATEWAY_TIMEOUT_MS = 5_000;

/**
 * Looks for an Ollama running on Windows from inside WSL 2, after the model's Ollama did not answer at 127.0.0.1 and
 * nothing names another host (no `host`, OLLAMA_HOST unset): in WSL's default NAT networking the Windows host is the
 * default route's gateway. Says what it tried, and what to set: doctor's line for that model.
 */
export async function lookForWindowsOllama(spec: OllamaModelSpec, failure: string, routeTable: string, port = OLLAMA_DEFAULT_PORT): Promise<string> {
  const tried = `${failure} — inside WSL with OLLAMA_HOST unset, doctor also looked on the Windows host, the default route's gateway in /proc/net/route`;
  const gateway = defaultGateway(routeTable);
  if (gateway === undefined) return `${tried}, but there is no default route`;
  const host = `http://${gateway}:${port}`;
  const timeout = AbortSignal.timeout(GATEWAY_TIMEOUT_MS);
  try {
    await createOllamaProvider({ ...spec, host }, {}).preflight(timeout);
  } catch (error) {
    const why = timeout.aborted ? `no answer within ${GATEWAY_TIMEOUT_MS / 1000} s` : describeError(error);
    return (
      `${tried}, at ${host}: ${why} — if Ollama runs on Windows, make it listen beyond 127.0.0.1: in PowerShell, ` +
      `setx OLLAMA_HOST 0.0.0.0, quit Ollama from its tray icon and start it again, and let the firewall admit TCP port ${port} (README.md, "Windows")`
    );
  }
  return `${tried}: Ollama answers at ${host} with ${spec.model}. Point selfbench there: export OLLAMA_HOST=${host}`;
}
