import { readConfigData, validateConfig } from '../config/load.js';
import { describeSandbox } from '../execution/sandbox/sandbox-description.js';
import { createExecutor } from '../execution/sandbox.js';
import { resolvePythonInterpreter } from '../execution/sandbox/python-interpreter.js';
import { createProviders } from '../providers/registry.js';
import { SimulatedGpu } from '../providers/simulated-gpu.js';
import { exitCodes } from './exit-codes.js';

interface Check {
  name: string;
  run: () => Promise<string>;
}

/** `bench doctor --config x.yaml`: every endpoint and model, python and the sandbox, each with a line. */
export async function doctorCommand(configPath: string): Promise<number> {
  const config = validateConfig(await readConfigData(configPath));
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
        const providers = createProviders(name, spec, { env: process.env, oracle: () => undefined, gpu: new SimulatedGpu() });
        for (const provider of providers) await provider.preflight(AbortSignal.timeout(30_000));
        return `${providers[0].model} on ${providers.map((provider) => provider.endpoint).join(', ')}`;
      },
    })),
  ];
  let failures = 0;
  for (const check of checks) {
    try {
      process.stdout.write(`ok    ${check.name}: ${await check.run()}\n`);
    } catch (error) {
      failures++;
      process.stdout.write(`FAIL  ${check.name}: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  return failures === 0 ? exitCodes.ok : exitCodes.failed;
}
