/** Markdown building blocks shared by every section. */

export function markdownTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A `##` section: title and blocks separated by blank lines; empty blocks are dropped. */
export function section(title: string, ...blocks: string[]): string {
  return [`## ${title}`, ...blocks].filter((block) => block !== '').join('\n\n');
}

export function bullets(items: readonly string[]): string {
  return items.map((item) => `- ${item}`).join('\n');
}

export { markdownCode as code } from '../rich-text.js';
