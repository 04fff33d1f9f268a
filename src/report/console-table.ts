import type Table from 'cli-table3';

/** A table's frame in ASCII, for `--ascii` and the legacy Windows console. */
const ASCII_TABLE_CHARS = {
  top: '-',
  'top-mid': '+',
  'top-left': '+',
  'top-right': '+',
  bottom: '-',
  'bottom-mid': '+',
  'bottom-left': '+',
  'bottom-right': '+',
  left: '|',
  'left-mid': '+',
  mid: '-',
  'mid-mid': '+',
  right: '|',
  'right-mid': '+',
  middle: '|',
};

/** cli-table3's options for a table printed on the console: no colours, and a frame in ASCII when `ascii`. */
export function consoleTableOptions(ascii: boolean): Table.TableConstructorOptions {
  return { style: { head: [], border: [] }, ...(ascii ? { chars: ASCII_TABLE_CHARS } : {}) };
}
