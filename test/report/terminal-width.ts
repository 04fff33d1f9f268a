import { stripVTControlCharacters } from 'node:util';

/** The widest line of terminal output, in characters, colours and other escape sequences left out. */
export function widestLine(text: string): number {
  return Math.max(...stripVTControlCharacters(text).split('\n').map((line) => [...line].length));
}
