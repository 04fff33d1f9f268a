/** A command that kills a process and its descendants, where the platform has one. */
export interface TreeKillCommand {
  command: string;
  args: string[];
}

/**
 * Windows kills a tree with `taskkill /T /F` (as far as Windows records parents); elsewhere there is no such command,
 * and selfbench signals the descendants it finds itself (undefined).
 */
export function treeKillCommand(pid: number, platform: NodeJS.Platform): TreeKillCommand | undefined {
  return platform === 'win32' ? { command: 'taskkill', args: ['/T', '/F', '/PID', String(pid)] } : undefined;
}
