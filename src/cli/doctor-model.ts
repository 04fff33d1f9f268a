import { milliseconds } from '../report/format.js';
import { createProviders, outputCapOf, type ModelSpec } from '../providers/registry.js';
import { SimulatedGpu } from '../providers/simulated-gpu.js';
import { simulationOracle } from '../providers/simulated.js';
import { insideWsl2, type DoctorHost } from './doctor-host.js';
import { probeServer, type DoctorProbe, type ProbedServer } from './doctor-probe.js';
import { describeError } from './exit-codes.js';
import { lookForWindowsOllama } from './windows-ollama.js';

/** What every model check shares: the machine, the questions, which models the run calls, and where each answer is kept. */
export interface ModelCheckContext {
  host: DoctorHost;
  probe: DoctorProbe;
  usedByRun: ReadonlySet<string>;
  /** Each model of the run's servers that answered both questions, by config name, for the Ollama section. */
  probed: Map<string, ProbedServer[]>;
}

/**
 * `model <name>`: each server of the model is there and has it; a model the run calls is then asked the tiny chat and
 * the rubric question on each server. A verdict the judges' strict reader cannot read fails the check: it was asked
 * with the rubric's JSON Schema as structured output about a trivial answer, so an unreadable reply is the setup (a
 * server that does not hold replies to the schema or refuses it, a cap that cuts the object off), not chance, and
 * every verdict of the run would fail the same way, counted with no score.
 */
export async function checkModel(name: string, spec: ModelSpec, context: ModelCheckContext): Promise<string> {
  const { host, probe } = context;
  const providers = createProviders(name, spec, { env: host.env, oracle: simulationOracle([probe.task]), gpu: new SimulatedGpu() });
  try {
    for (const provider of providers) await provider.preflight(AbortSignal.timeout(30_000));
  } catch (error) {
    if (spec.provider !== 'ollama' || spec.host !== undefined || host.env.OLLAMA_HOST || !insideWsl2(host)) throw error;
    throw new Error(await lookForWindowsOllama(spec, describeError(error), host.routeTable));
  }
  const model = providers[0].model;
  if (!context.usedByRun.has(name)) return `${model} on ${providers.map((provider) => provider.endpoint).join(', ')} (the run does not call it: not asked)`;
  const servers: ProbedServer[] = [];
  for (const provider of providers) {
    const server = await probeServer(provider, probe, outputCapOf(spec), spec.timeoutMs);
    servers.push(server);
    if (server.verdict.parse === 'failed') {
      context.probed.set(name, servers);
      throw new Error(unreadableVerdict(server, providers.length > 1));
    }
  }
  context.probed.set(name, servers);
  return `${model} on ${servers.map(describeServer).join(', ')}`;
}

/** `http://…:11434 (a chat in 3.4 s, 3.2 s of it loading; a rubric verdict read as json)` */
function describeServer({ provider, chat, verdict }: ProbedServer): string {
  const loading = chat.timings.loadMs === undefined ? '' : `, ${milliseconds(chat.timings.loadMs)} of it loading`;
  return `${provider.endpoint} (a chat in ${milliseconds(chat.timings.wallMs)}${loading}; a rubric verdict read as ${verdict.parse})`;
}

function unreadableVerdict({ provider, verdict, judgeReply }: ProbedServer, severalServers: boolean): string {
  const where = severalServers ? `on ${provider.endpoint}: ` : '';
  const facts = [
    judgeReply.schemaRefusal === undefined ? 'asked with the JSON Schema as structured output' : `the server refused the JSON Schema (${judgeReply.schemaRefusal}), so it was asked without it`,
    ...(judgeReply.doneReason === 'length' ? [`the reply was cut off at its output cap (raise the model's num_predict or max_tokens)`] : []),
  ];
  return (
    `${where}a chat answered, but the rubric verdict it wrote could not be read (${verdict.notes.join('; ')}; ${facts.join('; ')}): ` +
    `every verdict of the run asked of it would fail the same way, counted with no score`
  );
}
