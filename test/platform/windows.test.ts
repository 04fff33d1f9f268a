import Table from 'cli-table3';
import { describe, expect, it } from 'vitest';
import { parseDatasetSpec } from '../../src/datasets/dataset-spec.js';
import { readProbe, type PythonInstallation } from '../../src/execution/sandbox/python-interpreter.js';
import { strongerSandboxHint } from '../../src/execution/sandbox/sandbox-description.js';
import { userCacheDir } from '../../src/platform/cache-dir.js';
import { isLegacyWindowsConsole, usesAscii } from '../../src/platform/console.js';
import { withLfLines, withoutBom } from '../../src/platform/editor-text.js';
import type { Host } from '../../src/platform/host.js';
import { pythonCommands } from '../../src/platform/python-commands.js';
import { treeKillCommand } from '../../src/platform/tree-kill.js';
import { consoleTableOptions } from '../../src/report/console-table.js';

/**
 * Windows' code paths, run on Linux: each is a function of the platform (and environment) passed in, so a table
 * can hold Windows' values beside Linux's.
 */

describe('Python resolution', () => {
  it.each<[NodeJS.Platform, string[]]>([
    ['linux', ['python3', 'python']],
    ['darwin', ['python3', 'python']],
    ['win32', ['py -3', 'python', 'python3']],
  ])('on %s tries %j in order', (platform, commands) => {
    expect(pythonCommands(platform).map(({ command, args }) => [command, ...args].join(' '))).toEqual(commands);
  });

  const probe = (...lines: string[]) => lines.join('\r\n') + '\r\n';
  const program = 'C:\\Program Files\\Python312';
  it.each<[string, NodeJS.Platform, string, PythonInstallation | RegExp]>([
    [
      'a Linux interpreter',
      'linux',
      '/usr/bin/python3.12\n3.12\n6\n["/usr/local/lib/python3.12/dist-packages", "/usr/lib/python3/dist-packages"]\n/usr\n/usr\n/usr\n/usr\n',
      { executable: '/usr/bin/python3.12', dirs: ['/usr'], landlockAbi: 6, sitePackages: ['/usr/local/lib/python3.12/dist-packages', '/usr/lib/python3/dist-packages'] },
    ],
    [
      'python.org on Windows, CRLF and a space in the path',
      'win32',
      probe(`${program}\\python.exe`, '3.12', '0', JSON.stringify([program, `${program}\\Lib\\site-packages`]), program, program, program, program),
      { executable: `${program}\\python.exe`, dirs: [program], landlockAbi: 0, sitePackages: [program, `${program}\\Lib\\site-packages`] },
    ],
    [
      'a venv on Windows (prefix apart from base prefix)',
      'win32',
      probe('D:\\work\\.venv\\Scripts\\python.exe', '3.11', '0', JSON.stringify(['D:\\work\\.venv', 'D:\\work\\.venv\\Lib\\site-packages']), 'D:\\work\\.venv', program, 'D:\\work\\.venv', program),
      { executable: 'D:\\work\\.venv\\Scripts\\python.exe', dirs: ['D:\\work\\.venv', program], landlockAbi: 0, sitePackages: ['D:\\work\\.venv', 'D:\\work\\.venv\\Lib\\site-packages'] },
    ],
    ['a drive path is not absolute on Linux', 'linux', probe(`${program}\\python.exe`, '3.12', '0', '[]', program), /no absolute sys\.executable/],
    ['site-packages that are not a list', 'linux', probe('/usr/bin/python3', '3.12', '0', '/usr/lib/python3/dist-packages', '/usr'), /site-packages that are not a list of paths/],
    ['a relative executable', 'win32', probe('python.exe', '3.12', '0', program), /no absolute sys\.executable \("python\.exe"\)/],
    ['the Microsoft Store stub', 'win32', probe('C:\\Users\\me\\AppData\\Local\\Microsoft\\WindowsApps\\python3.exe', '3.12', '0'), /is the Windows Store stub/],
    ['Python 3.7', 'win32', probe('C:\\Python37\\python.exe', '3.7', '0', 'C:\\Python37'), /version 3\.7 is too old/],
    ['Python 2.7', 'linux', '/usr/bin/python\n2.7\n0\n[]\n/usr\n', /version 2\.7 is too old/],
  ])('reads the probe of %s', (_, platform, stdout, expected) => {
    if (expected instanceof RegExp) expect(() => readProbe(stdout, platform)).toThrow(expected);
    else expect(readProbe(stdout, platform)).toEqual(expected);
  });

  it('accepts a Store-installed Python, whose executable is in a package directory under WindowsApps', () => {
    const store = 'C:\\Users\\me\\AppData\\Local\\Microsoft\\WindowsApps\\PythonSoftwareFoundation.Python.3.12_qbz5n2kfra8p0\\python.exe';
    expect(readProbe(probe(store, '3.12', '0', '[]', 'C:\\Store'), 'win32').executable).toBe(store);
  });
});

describe('process-tree kill', () => {
  it.each<[NodeJS.Platform, number, { command: string; args: string[] } | undefined]>([
    ['win32', 4242, { command: 'taskkill', args: ['/T', '/F', '/PID', '4242'] }],
    ['linux', 4242, undefined],
    ['darwin', 4242, undefined],
  ])('on %s, pid %i: %j', (platform, pid, command) => {
    expect(treeKillCommand(pid, platform)).toEqual(command);
  });
});

describe('the user cache directory', () => {
  const host = (platform: NodeJS.Platform, env: NodeJS.ProcessEnv, homedir: string): Host => ({ platform, env, homedir });
  it.each<[string, Host, string]>([
    ['Linux', host('linux', {}, '/home/me'), '/home/me/.cache/selfbench'],
    ['Linux with XDG_CACHE_HOME', host('linux', { XDG_CACHE_HOME: '/var/cache/me' }, '/home/me'), '/var/cache/me/selfbench'],
    ['macOS', host('darwin', {}, '/Users/me'), '/Users/me/.cache/selfbench'],
    ['Windows', host('win32', { LOCALAPPDATA: 'C:\\Users\\Me Too\\AppData\\Local' }, 'C:\\Users\\Me Too'), 'C:\\Users\\Me Too\\AppData\\Local\\selfbench'],
    ['Windows without LOCALAPPDATA', host('win32', {}, 'C:\\Users\\me'), 'C:\\Users\\me\\AppData\\Local\\selfbench'],
    ['Windows with XDG_CACHE_HOME', host('win32', { XDG_CACHE_HOME: 'D:\\cache', LOCALAPPDATA: 'C:\\x' }, 'C:\\Users\\me'), 'D:\\cache\\selfbench'],
  ])('%s', (_, given, dir) => {
    expect(userCacheDir(given)).toBe(dir);
  });
});

describe('the console', () => {
  it.each<[string, NodeJS.Platform, NodeJS.ProcessEnv, boolean]>([
    ['cmd.exe or PowerShell in conhost', 'win32', {}, true],
    ['Windows Terminal', 'win32', { WT_SESSION: '5f7c…' }, false],
    ['VS Code', 'win32', { TERM_PROGRAM: 'vscode' }, false],
    ['Git Bash (mintty)', 'win32', { TERM: 'xterm-256color' }, false],
    ['ConEmu', 'win32', { ConEmuANSI: 'ON' }, false],
    ['JetBrains', 'win32', { TERMINAL_EMULATOR: 'JetBrains-JediTerm' }, false],
    ['a Linux console without TERM', 'linux', {}, false],
  ])('%s is legacy: %s', (_, platform, env, legacy) => {
    expect(isLegacyWindowsConsole({ platform, env })).toBe(legacy);
    expect(usesAscii(undefined, { platform, env })).toBe(legacy);
    expect(usesAscii(true, { platform, env })).toBe(true);
  });

  it('draws an ASCII table without box-drawing characters, and the usual one with them', () => {
    const draw = (ascii: boolean) => {
      const table = new Table({ head: ['strategy', 'pass@1'], ...consoleTableOptions(ascii) });
      table.push(['one-shot', '55%']);
      return table.toString();
    };
    expect(draw(true)).not.toMatch(/[\u2500-\u257f]/);
    expect(draw(true).split('\n')[0]).toMatch(/^\+-+\+-+\+$/);
    expect(draw(false)).toMatch(/[\u2500-\u257f]/);
  });
});

describe('dataset specs with Windows paths', () => {
  it.each([
    ['jsonl:C:\\data\\tasks.jsonl', 'jsonl', 'C:\\data\\tasks.jsonl'],
    ['humaneval:D:\\x\\HumanEval.jsonl.gz', 'humaneval', 'D:\\x\\HumanEval.jsonl.gz'],
    ['humaneval+:C:\\My Data\\HumanEvalPlus.jsonl.gz', 'humaneval+', 'C:\\My Data\\HumanEvalPlus.jsonl.gz'],
    ['jsonl:\\\\server\\share\\tasks.jsonl', 'jsonl', '\\\\server\\share\\tasks.jsonl'],
    ['jsonl:C:/data/tasks.jsonl', 'jsonl', 'C:/data/tasks.jsonl'],
    ['humaneval', 'humaneval', ''],
    ['builtin:py-core', 'builtin', 'py-core'],
  ])('%s is scheme %s of %s', (source, scheme, argument) => {
    expect(parseDatasetSpec(source)).toEqual({ scheme, argument });
  });
});

describe('text saved on Windows', () => {
  it.each([
    ['a BOM', '\uFEFFa\nb\n', 'a\nb\n', 'a\nb\n'],
    ['CRLF', 'a\r\nb\r\n', 'a\r\nb\r\n', 'a\nb\n'],
    ['both', '\uFEFFa\r\nb\r\n', 'a\r\nb\r\n', 'a\nb\n'],
    ['neither', 'a\nb', 'a\nb', 'a\nb'],
    ['a BOM-like character inside', 'a\uFEFF', 'a\uFEFF', 'a\uFEFF'],
  ])('with %s', (_, text, bomless, plain) => {
    expect(withoutBom(text)).toBe(bomless);
    expect(withLfLines(text)).toBe(plain);
  });
});

describe('the stronger sandbox a message points to', () => {
  it('is bubblewrap on Linux and WSL2 on Windows', () => {
    expect(strongerSandboxHint('linux')).toMatch(/apt install bubblewrap/);
    expect(strongerSandboxHint('win32')).toMatch(/inside WSL2/);
    expect(strongerSandboxHint('win32')).not.toMatch(/apt install/);
  });
});
