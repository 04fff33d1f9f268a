import { describe, expect, it } from 'vitest';
import { numCtxConflicts, type NumCtxConflict } from '../../src/providers/ollama-num-ctx.js';
import { modelSpecSchema } from '../../src/providers/registry.js';

const A = 'http://gpu-a:11434';
const B = 'http://gpu-b:11434';
const ollama = (model: string, host: string | string[] | undefined, numCtx?: number) =>
  modelSpecSchema.parse({ provider: 'ollama', model, ...(host === undefined ? {} : { host }), options: numCtx === undefined ? {} : { num_ctx: numCtx } });

describe('numCtxConflicts: one model on one Ollama server asked with two context windows', () => {
  it.each<[string, [string, ReturnType<typeof ollama>][], NodeJS.ProcessEnv, NumCtxConflict[]]>([
    ['one window each: none', [['coder', ollama('qwen:7b', A, 8192)], ['judge', ollama('llama:8b', A, 4096)]], {}, []],
    ['the same tag, the same window: none', [['coder', ollama('qwen:7b', A, 8192)], ['judge', ollama('qwen:7b', A, 8192)]], {}, []],
    [
      'the same tag, two windows',
      [['coder', ollama('qwen:7b', A, 8192)], ['judge', ollama('qwen:7b', A, 16384)]],
      {},
      [{ endpoint: A, model: 'qwen:7b', uses: [{ name: 'coder', numCtx: 8192 }, { name: 'judge', numCtx: 16384 }] }],
    ],
    [
      "a window and the server's default",
      [['coder', ollama('qwen:7b', A, 8192)], ['judge', ollama('qwen:7b', A)]],
      {},
      [{ endpoint: A, model: 'qwen:7b', uses: [{ name: 'coder', numCtx: 8192 }, { name: 'judge', numCtx: undefined }] }],
    ],
    ['the same tag on two servers: each loads its own', [['coder', ollama('qwen:7b', A, 8192)], ['judge', ollama('qwen:7b', B, 16384)]], {}, []],
    [
      'a tag-less name is :latest',
      [['coder', ollama('llama3', A, 8192)], ['judge', ollama('llama3:latest', A, 2048)]],
      {},
      [{ endpoint: A, model: 'llama3:latest', uses: [{ name: 'coder', numCtx: 8192 }, { name: 'judge', numCtx: 2048 }] }],
    ],
    [
      'OLLAMA_HOST is the server of a model without a host',
      [['coder', ollama('qwen:7b', undefined, 8192)], ['judge', ollama('qwen:7b', 'http://gpu-a:11434/', 4096)]],
      { OLLAMA_HOST: 'gpu-a' },
      [{ endpoint: A, model: 'qwen:7b', uses: [{ name: 'coder', numCtx: 8192 }, { name: 'judge', numCtx: 4096 }] }],
    ],
    [
      'a model on several servers meets the other on the one they share',
      [['coder', ollama('qwen:7b', [A, B], 8192)], ['judge', ollama('qwen:7b', B, 4096)]],
      {},
      [{ endpoint: B, model: 'qwen:7b', uses: [{ name: 'coder', numCtx: 8192 }, { name: 'judge', numCtx: 4096 }] }],
    ],
    [
      'other providers are not Ollama',
      [['coder', ollama('qwen:7b', A, 8192)], ['judge', modelSpecSchema.parse({ provider: 'openai', model: 'qwen:7b', baseURL: A, contextSize: 4096 })]],
      {},
      [],
    ],
  ])('%s', (_, models, env, conflicts) => {
    expect(numCtxConflicts(models, env)).toEqual(conflicts);
  });
});
