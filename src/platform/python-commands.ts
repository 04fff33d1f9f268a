/** A way to start Python: a command on PATH and the arguments that pick the interpreter. */
export interface PythonCommand {
  command: string;
  args: string[];
}

/**
 * The commands tried for a Python 3, in order. Elsewhere `python3` comes first: `python` may be a Python 2. On Windows
 * the `py` launcher comes first: python.org's installer puts it on PATH (and `python` only when asked to), and a
 * `python` or `python3` found there may be the Microsoft Store's stub, which offers to install Python and runs nothing.
 */
export function pythonCommands(platform: NodeJS.Platform): PythonCommand[] {
  const python3 = { command: 'python3', args: [] };
  const python = { command: 'python', args: [] };
  return platform === 'win32' ? [{ command: 'py', args: ['-3'] }, python, python3] : [python3, python];
}

/** The Microsoft Store's alias that only offers to install Python lives directly in WindowsApps. */
export function isWindowsStoreStub(executable: string): boolean {
  return /[\\/]WindowsApps[\\/]python[0-9.]*\.exe$/i.test(executable);
}
