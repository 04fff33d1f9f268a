/** Reads the reports' CSV back into rows; enough for these files, whose cells hold no commas or quotes. */
export function readCsv(content: string): { header: string[]; rows: Record<string, string>[] } {
  if (content.includes('"')) throw new Error('quoted cells: use a real CSV parser');
  const [head = '', ...lines] = content.trimEnd().split('\n');
  const header = head.split(',');
  return { header, rows: lines.map((line) => Object.fromEntries(line.split(',').map((cell, index) => [header[index], cell]))) };
}
