import { readConfigData, validateConfig } from '../config/load.js';
import { describeSandbox } from '../execution/sandbox/sandbox-description.js';
import { createExecutor } from '../execution/sandbox.js';
import { resolvePythonInterpreter } from '../execution/sandbox/python-interpreter.js';
import { createProviders } from '../providers/registry.js';
import { SimulatedGpu } from '../providers/simulated-gpu.js';
import { insideWsl2, platformNote, readDoctorHost, type DoctorHost } from './doctor-host.js';
import { describeError, exitCodes } from './exit-codes.js';
import { lookForWindowsOllama } from './windows-ollama.js';

interface Check {
  name: string;
  run: () => Promise<string>;
}

/**
 * `bench doctor --config x.yaml`: every endpoint and model, python and the sandbox, each with a line; first, on Windows
 * and in WSL, a note on what the platform allows. `host` is what it reads of the machine (a test passes another's).
 */
export async function doctorCommand(configPath: string, host: DoctorHost = readDoctorHost(), write: (text: string) => void = (text) => void process.stdout.write(text)): Promise<number> {
  const config = validateConfig(await readConfigData(configPath));
  const note = platformNote(host);
  if (note !== undefined) write(`note  platform: ${note}\n`);
  const checks: Check[] = [
    { name: 'python', run: async () => resolvePythonInterpreter() },
    {
      name: 'sandbox',
      run: async () => {
        const executor = await createExecutor({ sandbox: config.execution.sandbox });
        const result = await executor
          .run({ program: 'def ok():\n    return 1\n', tests: [{ name: 'ok', code: 'assert ok() == 1' }] })
          .finally(() => executor.close?.());
        if (result.status !== 'passed') throw new Error(`a trivial program did not pass (${result.status}): ${result.stderr.slice(0, 300)}`);
        const pool = executor.pooled ? ', through a pool of warm workers' : '';
        return `${executor.sandbox} (a trivial program passed${pool}): ${describeSandbox(executor.sandbox, executor.landlockAbi).protects}`;
      },
    },
    ...Object.entries(config.models).map(([name, spec]): Check => ({
      name: `model ${name}`,
      run: async () => {
        const providers = createProviders(name, spec, { env: host.env, oracle: () => undefined, gpu: new SimulatedGpu() });
        try {
          for (const provider of providers) await provider.preflight(AbortSignal.timeout(30_000));
        } catch (error) {
          if (spec.provider !== 'ollama' || spec.host !== undefined || host.env.OLLAMA_HOST || !insideWsl2(host)) throw error;
          throw new Error(await lookForWindowsOllama(spec, describeError(error), host.routeTable));
        }
        return `${providers[0].model} on ${providers.map((provider) => provider.endpoint).join(', ')}`;
      },
    })),
  ];
  let failures = 0;
  for (const check of checks) {
    try {
      write(`ok    ${check.name}: ${await check.run()}\n`);
    } catch (error) {
      failures++;
      write(`FAIL  ${check.name}: ${describeError(error)}\n`);
    }
  }
  return failures === 0 ? exitCodes.ok : exitCodes.failed;
}
