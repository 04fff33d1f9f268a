import { basename, dirname, isAbsolute, relative, sep } from 'node:path';

/** Where a command line to print is read from; the process's own by default. */
export interface InvocationContext {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  platform: NodeJS.Platform;
}

const ownProcess = (): InvocationContext => ({ argv: process.argv, env: process.env, cwd: process.cwd(), platform: process.platform });

/**
 * The words that started selfbench, to print commands the user can type again as they are:
 * - `npx bench` under npx / `npm exec` (npm sets `npm_command=exec`), and from a project's `node_modules` (its `.bin` link,
 *   or the script itself, which Windows' shims run): `npx bench` finds the dependency there, and a clone's own bin too;
 * - `npm run <script> --` under `npm run`, when the script is selfbench and nothing more (the clone's `npm run bench`): npm
 *   runs it in the package's root whatever the directory, so the printed command works where the user typed the first;
 *   a script with arguments of its own would repeat them, so `npx bench` instead;
 * - `bench` for a global install (a `bench` link in a directory on PATH);
 * - `node <script>` otherwise (a clone's `node dist/cli/main.js`), relative to the working directory when inside it.
 */
export function invocation(context: InvocationContext = ownProcess()): string {
  const { argv, env, cwd, platform } = context;
  if (env.npm_command === 'exec') return 'npx bench';
  const script = argv[1] ?? '';
  if ((env.npm_command === 'run' || env.npm_command === 'run-script') && env.npm_lifecycle_event) {
    const ownScript = env.npm_lifecycle_script?.trim();
    const plain = ownScript === 'bench' || (ownScript?.startsWith('node ') === true && !ownScript.slice('node '.length).trim().includes(' '));
    return plain ? `npm run ${quoteArgument(env.npm_lifecycle_event, platform)} --` : 'npx bench';
  }
  if (script.split(/[\\/]/).includes('node_modules')) return 'npx bench';
  if (basename(script).replace(/\.(cmd|ps1|js)$/, '') === 'bench') {
    const path = (env.PATH ?? '').split(platform === 'win32' ? ';' : ':');
    if (path.includes(dirname(script))) return 'bench';
  }
  const inside = relative(cwd, script);
  const shown = inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) ? inside : script;
  return `node ${quoteArgument(shown.split(sep).join(platform === 'win32' ? '\\' : '/'), platform)}`;
}

/** A whole command line: the invocation, then each argument quoted for the shell where needed. */
export function commandLine(args: readonly string[], context: InvocationContext = ownProcess()): string {
  return [invocation(context), ...args.map((arg) => quoteArgument(arg, context.platform))].join(' ');
}

/** An argument as a shell reads it back: bare when it holds nothing a shell would interpret, quoted otherwise. */
export function quoteArgument(arg: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return /^[\w@%+=:,./\\-]+$/.test(arg) ? arg : `"${arg.replace(/"/g, '""')}"`;
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
