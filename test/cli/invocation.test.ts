import { describe, expect, it } from 'vitest';
import { commandLine, invocation, quoteArgument, type InvocationContext } from '../../src/cli/invocation.js';

const clone = '/home/me/selfbench';
const started = (script: string, env: NodeJS.ProcessEnv = {}, cwd = clone): InvocationContext => ({
  argv: ['/usr/bin/node', script],
  env: { PATH: '/usr/local/bin:/usr/bin', ...env },
  cwd,
  platform: 'linux',
});

describe('the command line selfbench prints, as the user started it', () => {
  it.each<[string, InvocationContext, string]>([
    ['npx bench (npm exec), from a project or a clone', started('/home/me/.npm/_npx/1f2e/node_modules/.bin/bench', { npm_command: 'exec' }), 'npx bench'],
    ['node_modules/.bin/bench typed by hand', started('/home/me/project/node_modules/.bin/bench', {}, '/home/me/project'), 'npx bench'],
    ["Windows' shim, which runs the script inside node_modules", started('C:\\p\\node_modules\\selfbench\\dist\\cli\\main.js'), 'npx bench'],
    [
      "the clone's npm run bench (npm runs it in the package's root)",
      started(`${clone}/dist/cli/main.js`, { npm_command: 'run', npm_lifecycle_event: 'bench', npm_lifecycle_script: 'node dist/cli/main.js' }),
      'npm run bench --',
    ],
    [
      "a project's script with arguments of its own, which npm run would repeat",
      started('/home/me/project/node_modules/.bin/bench', { npm_command: 'run', npm_lifecycle_event: 'eval', npm_lifecycle_script: 'bench --config eval.yaml' }),
      'npx bench',
    ],
    ['a global install, a bench link on PATH', started('/usr/local/bin/bench'), 'bench'],
    ["node dist/cli/main.js in the clone's root", started(`${clone}/dist/cli/main.js`), 'node dist/cli/main.js'],
    ['the same script from another directory', started(`${clone}/dist/cli/main.js`, {}, '/tmp'), `node ${clone}/dist/cli/main.js`],
    ['a clone in a directory with a space', started('/home/me/my code/dist/cli/main.js', {}, '/tmp'), "node '/home/me/my code/dist/cli/main.js'"],
  ])('%s', (_, context, expected) => {
    expect(invocation(context)).toBe(expected);
  });

  it('quotes an argument only where a shell would read it otherwise', () => {
    expect(commandLine(['--resume', '/tmp/out/demo-20260101-120000', '--allow-code-execution'], started(`${clone}/dist/cli/main.js`))).toBe(
      'node dist/cli/main.js --resume /tmp/out/demo-20260101-120000 --allow-code-execution',
    );
    expect(quoteArgument("/tmp/it's here", 'linux')).toBe(`'/tmp/it'\\''s here'`);
    expect(quoteArgument('^py-core/0[1-3]$', 'linux')).toBe(`'^py-core/0[1-3]$'`);
    expect(quoteArgument('C:\\runs\\demo 1', 'win32')).toBe('"C:\\runs\\demo 1"');
    expect(quoteArgument('C:\\runs\\demo', 'win32')).toBe('C:\\runs\\demo');
  });
});
