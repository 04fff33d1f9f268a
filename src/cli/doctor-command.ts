import { modelsUsed, readConfigData, validateConfig } from '../config/load.js';
import { describeSandbox } from '../execution/sandbox/sandbox-description.js';
import { createExecutor } from '../execution/sandbox.js';
import { resolvePythonInterpreter } from '../execution/sandbox/python-interpreter.js';
import { platformNote, readDoctorHost, type DoctorHost } from './doctor-host.js';
import { formatDoctorLine, type DoctorLine } from './doctor-line.js';
import { checkModel } from './doctor-model.js';
import { ollamaLines } from './doctor-ollama.js';
import { loadDoctorProbe, type ProbedServer } from './doctor-probe.js';
import { describeError, exitCodes } from './exit-codes.js';

interface Check {
  name: string;
  run: () => Promise<string>;
}

/**
 * `bench doctor --config x.yaml`: every endpoint and model, python and the sandbox, each with a line; first, on Windows
 * and in WSL, a note on what the platform allows; last, how the run's Ollama servers hold its models. `host` is what it
 * reads of the machine (a test passes another's).
 */
export async function doctorCommand(configPath: string, host: DoctorHost = readDoctorHost(), write: (text: string) => void = (text) => void process.stdout.write(text)): Promise<number> {
  const config = validateConfig(await readConfigData(configPath));
  const note = platformNote(host);
  if (note !== undefined) write(formatDoctorLine({ level: 'note', name: 'platform', text: note }));
  const probe = await loadDoctorProbe(config);
  const modelContext = { host, probe, usedByRun: new Set(modelsUsed(config)), probed: new Map<string, ProbedServer[]>() };
  const checks: Check[] = [
    { name: 'python', run: async () => resolvePythonInterpreter() },
    {
      name: 'sandbox',
      run: async () => {
        const executor = await createExecutor({ sandbox: config.execution.sandbox, rememberedPools: false });
        const result = await executor
          .run({ program: 'def ok():\n    return 1\n', tests: [{ name: 'ok', code: 'assert ok() == 1' }] })
          .finally(() => executor.close?.());
        if (result.status !== 'passed') throw new Error(`a trivial program did not pass (${result.status}): ${result.stderr.slice(0, 300)}`);
        const pool = executor.pooled ? ', through a pool of warm workers' : '';
        return `${executor.sandbox} (a trivial program passed${pool}): ${describeSandbox(executor.sandbox, executor.landlockAbi).protects}`;
      },
    },
    ...Object.entries(config.models).map(([name, spec]): Check => ({ name: `model ${name}`, run: () => checkModel(name, spec, modelContext) })),
  ];
  let failures = 0;
  for (const check of checks) {
    let line: DoctorLine;
    try {
      line = { level: 'ok', name: check.name, text: await check.run() };
    } catch (error) {
      failures++;
      line = { level: 'FAIL', name: check.name, text: describeError(error) };
    }
    write(formatDoctorLine(line));
  }
  for (const line of await ollamaLines(config, modelContext.probed, probe, host.env)) write(formatDoctorLine(line));
  return failures === 0 ? exitCodes.ok : exitCodes.failed;
}
