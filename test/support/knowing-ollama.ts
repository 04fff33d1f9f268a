import type { Task } from '../../src/datasets/task.js';
import { startFakeServer, type FakeReply, type FakeServer } from './fake-http.js';
import { ollamaChatBody, ollamaError } from './fake-ollama.js';

export const knownModel = 'coder:7b';

/**
 * An Ollama on 127.0.0.1 that knows one model and answers each task with its reference
 * solution, wrapped as a chat model writes it — or, for tasks `fault` names, with a fault.
 */
export function startKnowingOllama(tasks: readonly Task[], fault: (task: Task | undefined) => FakeReply | undefined = () => undefined): Promise<FakeServer> {
  return startFakeServer(({ path, body }) => {
    const { model, messages } = (body ?? {}) as { model?: string; messages?: { content: string }[] };
    if (model !== knownModel) return ollamaError(404, `model "${String(model)}" not found, try pulling it first`);
    if (path === '/api/show') return { json: { details: { format: 'gguf' } } };
    const prompt = messages?.at(-1)?.content ?? '';
    const task = tasks.find((candidate) => prompt.includes(candidate.view.prompt.trim()));
    const faulty = fault(task);
    if (faulty) return faulty;
    return { json: ollamaChatBody({ content: `Sure:\n\`\`\`python\n${task?.hidden.reference ?? ''}\`\`\`\nDone.` }) };
  });
}

export const ollamaConfig = (name: string, host: string, options: { model?: string; limit?: number; timeoutMs?: number } = {}) => `
name: ${name}
dataset: { source: builtin:py-core, limit: ${options.limit ?? 3} }
models:
  coder: { provider: ollama, model: "${options.model ?? knownModel}", host: "${host}", timeoutMs: ${options.timeoutMs ?? 10000}, options: { temperature: 0, num_ctx: 4096 }, keepAlive: 30m }
generators: [coder]
strategies: [one-shot]
execution: { allowUntrustedCode: true }
retry: { retries: 1, backoffMs: 10 }
`;
