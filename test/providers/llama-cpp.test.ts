import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { parseConfig } from '../../src/config/load.js';
import { engineEndpoint, llamaCppInstallCommand, nodeLlamaCppRelease } from '../../src/providers/llama-cpp-engine.js';
import { CHAT_TEMPLATES, createLlamaCppProvider, llamaCppModelSchema, missingPackage } from '../../src/providers/llama-cpp.js';
import type { ChatRequest } from '../../src/chat/types.js';
import { repoRoot } from '../support/cli.js';
import { hasLlamaCpp, llamaCppSkip, requireLlamaCpp, tinyGguf, warnIfSkipped } from '../support/llama-cpp.js';
import { failure, live } from '../support/provider-errors.js';
import { skipTitle } from '../support/skip-summary.js';

warnIfSkipped('test/providers/llama-cpp.test.ts');

const config = (model: string, extra = '') => `
name: t
dataset: { source: builtin:py-core, limit: 2 }
models:
  tiny: { provider: llama-cpp, model: ${JSON.stringify(model)}${extra} }
  coder: { provider: simulated, model: sim }
generators: [coder]
strategies: [{ use: judge-loop, judge: tiny }]
`;

/** The config's problems, but the package's absence where it is absent (tested apart, by `missingPackage`). */
function problems(yaml: string): string[] {
  try {
    parseConfig(yaml);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.filter((problem) => !problem.startsWith('models.tiny.provider: llama-cpp runs models through'));
    throw error;
  }
  return [];
}

describe('llama-cpp config', () => {
  it('reads the CPU, a 4,096-token context and the GGUF\'s own template unless told otherwise', () => {
    expect(llamaCppModelSchema.parse({ provider: 'llama-cpp', model: 'm.gguf' })).toMatchObject({ gpu: false, contextSize: 4096, chatTemplate: 'auto', options: {} });
  });

  it('names the field: a missing file, a file that is not a GGUF, GPU layers without a GPU, an unknown template', () => {
    expect(problems(config('/nonexistent/m.gguf'))).toEqual(['models.tiny.model: no such file "/nonexistent/m.gguf"']);
    const relative = problems(config('missing/m.gguf'));
    expect(relative[0]).toMatch(/^models\.tiny\.model: no such file "missing\/m\.gguf" \(.*\/missing\/m\.gguf: a relative path is read from the working directory\)$/);
    expect(problems(config(join(repoRoot, 'package.json')))).toEqual([`models.tiny.model: "${join(repoRoot, 'package.json')}" is not a GGUF file`]);
    // The magic without a version node-llama-cpp reads (it would hang on this one).
    const magicOnly = join(mkdtempSync(join(tmpdir(), 'selfbench-gguf-')), 'magic.gguf');
    writeFileSync(magicOnly, 'GGUF and nothing else');
    expect(problems(config(magicOnly))).toEqual([`models.tiny.model: "${magicOnly}" is not a GGUF file`]);
    expect(problems(config('/nonexistent/m.gguf', ', gpuLayers: 20'))).toEqual([expect.stringMatching(/^models\.tiny\.gpuLayers: gpuLayers needs gpu/)]);
    expect(problems(config('/nonexistent/m.gguf', ', chatTemplate: llama2'))).toEqual([expect.stringMatching(/^models\.tiny\.chatTemplate: .*"llama2Chat"/)]);
  });

  it('checks only the models the run calls', () => {
    expect(problems(config('/nonexistent/m.gguf').replace('[{ use: judge-loop, judge: tiny }]', '[one-shot]'))).toEqual([]);
  });

  it('says the one command that installs node-llama-cpp when it is absent', () => {
    const absent = () => {
      throw new Error("Cannot find module 'node-llama-cpp'");
    };
    expect(missingPackage(absent)).toEqual([`provider: llama-cpp runs models through the node-llama-cpp package, which is not installed (it is not in the default install): run "${llamaCppInstallCommand}"`]);
    expect(missingPackage(() => '/somewhere/index.js')).toEqual([]);
  });

  it('is installed by CI at the release the message names, with its tests required', () => {
    const ci = readFileSync(join(repoRoot, '.ci', 'run'), 'utf8');
    expect(ci).toContain(llamaCppInstallCommand);
    expect(ci).toMatch(/^export SELFBENCH_TEST_REQUIRE_LLAMA_CPP=1$/m);
    expect(nodeLlamaCppRelease).toMatch(/^node-llama-cpp@\d+\.\d+\.\d+$/);
  });

  it('has one engine per file and load options: models that share them share an endpoint', () => {
    const options = { path: '/m.gguf', gpu: false as const, threads: 1, contextSize: 4096, sequences: 1 };
    expect(engineEndpoint(options)).toBe('llama-cpp:/m.gguf?gpu=off&threads=1&contextSize=4096&sequences=1');
    expect(engineEndpoint({ ...options, threads: 2 })).not.toBe(engineEndpoint(options));
  });
});

const request = (content: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content },
  ],
  purpose: { taskId: 't1', strategy: 'one-shot', role: 'generate', iteration: 1, repeat: 1 },
  ...extra,
});

const tiny = (spec: Record<string, unknown> = {}) =>
  createLlamaCppProvider(llamaCppModelSchema.parse({ provider: 'llama-cpp', model: tinyGguf, threads: 1, chatTemplate: 'llama2Chat', ...spec }));

it.runIf(requireLlamaCpp)(skipTitle('has node-llama-cpp and the tiny GGUF where CI installs them', requireLlamaCpp ? undefined : 'checked only where CI installs them (SELFBENCH_TEST_REQUIRE_LLAMA_CPP=1)'), () => {
  expect(hasLlamaCpp, `install it with: ${llamaCppInstallCommand}`).toBe(true);
});

describe.skipIf(!hasLlamaCpp)(skipTitle('llama-cpp on the tiny GGUF (node-llama-cpp, CPU)', llamaCppSkip), () => {
  it('offers the chat templates node-llama-cpp has', async () => {
    const library = (await import('node-llama-cpp' as string)) as { specializedChatWrapperTypeNames: readonly string[] };
    expect(CHAT_TEMPLATES).toEqual(['auto', ...library.specializedChatWrapperTypeNames]);
  });

  it('answers with the engine\'s token counts and timings, capped at the call\'s output cap', async () => {
    const provider = tiny();
    await provider.preflight(live());
    const result = await provider.chat(request('Write a function that adds two numbers.', { maxTokens: 16, temperature: 0 }), live());
    expect(typeof result.text).toBe('string');
    expect(result.promptTokens).toBeGreaterThan(10);
    expect(result.completionTokens).toBeGreaterThan(0);
    expect(result.completionTokens).toBeLessThanOrEqual(16);
    expect(result.doneReason).toBe(result.completionTokens === 16 ? 'length' : 'stop');
    const { wallMs, promptMs, generateMs } = result.timings;
    expect((promptMs ?? Number.NaN) + (generateMs ?? Number.NaN)).toBeLessThanOrEqual(wallMs);
    // Greedy decoding on the same prompt is the same answer, whatever the sequence held before.
    expect((await provider.chat(request('Write a function that adds two numbers.', { maxTokens: 16, temperature: 0 }), live())).text).toBe(result.text);
  });

  it('takes a template from the GGUF when told auto (this one has none of its own)', async () => {
    const result = await tiny({ chatTemplate: 'auto' }).chat(request('Hello', { maxTokens: 4 }), live());
    expect(result.completionTokens).toBe(4);
    expect(result.promptTokens).toBeGreaterThan(2);
  });

  it('holds a judge call to its JSON Schema with a grammar, even with random weights', async () => {
    const schema = { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'], additionalProperties: false };
    const result = await tiny().chat(request('Is this fine?', { maxTokens: 64, jsonSchema: schema }), live());
    expect(typeof (JSON.parse(result.text) as { ok: unknown }).ok).toBe('boolean');
    expect(result.schemaRefusal).toBeUndefined();
  });

  it('refuses unsent a prompt that leaves less room than the output cap, instead of dropping messages', async () => {
    const error = await failure(tiny({ contextSize: 256 }).chat(request('word '.repeat(200), { maxTokens: 64 }), live()));
    expect(error.kind).toBe('context-overflow');
    expect(error.message).toMatch(/^the prompt \(\d+ tokens\) and the output cap \(64 tokens\) exceed the context size of 256 tokens$/);
  });

  it('serves as many calls at once as its context has sequences, and says so', async () => {
    const provider = tiny({ slots: 2 });
    expect(await provider.reportedSlots?.(live())).toBe(2);
    expect(tiny({ slots: 2 }).endpoint).toBe(provider.endpoint);
    const answers = await Promise.all(['one', 'two', 'three'].map((word) => provider.chat(request(word, { maxTokens: 4 }), live())));
    expect(answers.map((answer) => answer.completionTokens)).toEqual([4, 4, 4]);
  });

  it('stops a cancelled call', async () => {
    const controller = new AbortController();
    controller.abort();
    expect((await failure(tiny().chat(request('Hello', { maxTokens: 64 }), controller.signal))).kind).toBe('aborted');
  });

  it('fails to load a GGUF cut short, saying which', async () => {
    const cut = join(mkdtempSync(join(tmpdir(), 'selfbench-gguf-')), 'cut.gguf');
    writeFileSync(cut, readFileSync(tinyGguf).subarray(0, 100_000));
    const error = await failure(tiny({ model: cut }).preflight(live()));
    expect(error.kind).toBe('model-missing');
    expect(error.message).toBe(`node-llama-cpp cannot load "${cut}": Failed to load model`);
  });
});
