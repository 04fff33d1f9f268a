import { thisHost, type Host } from './host.js';

/**
 * The legacy Windows console (conhost, as cmd.exe and PowerShell open it) shows box-drawing characters only in some
 * fonts and code pages. Windows Terminal, VS Code, ConEmu, JetBrains' terminal and terminals that set TERM (mintty,
 * MSYS2, Cygwin) show them, as does every console elsewhere: the signals is-unicode-supported reads, taken as
 * arguments here so that a test can be any console.
 */
export function isLegacyWindowsConsole({ platform, env }: Pick<Host, 'platform' | 'env'>): boolean {
  if (platform !== 'win32') return false;
  const modern = env.WT_SESSION || env.TERM_PROGRAM || env.TERM || env.ConEmuANSI === 'ON' || env.TERMINAL_EMULATOR === 'JetBrains-JediTerm';
  return !modern;
}

/** Tables in ASCII when asked (`--ascii`) or on the legacy Windows console. */
export function usesAscii(asked: boolean | undefined, host: Pick<Host, 'platform' | 'env'> = thisHost()): boolean {
  return asked === true || isLegacyWindowsConsole(host);
}
