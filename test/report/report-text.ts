/** Reads the words of report.md's and report.html's sections back, markup removed, so the two can be compared. */

/** The bullets of a `## title` section of report.md, without `**`, `*` and backticks. */
export function markdownBullets(report: string, title: string): string[] {
  const start = report.indexOf(`\n## ${title}\n`);
  if (start < 0) return [];
  const end = report.indexOf('\n## ', start + 1);
  return report
    .slice(start, end < 0 ? undefined : end)
    .split('\n')
    .filter((line) => line.startsWith('- '))
    .map((line) => line.slice(2).replace(/\*\*|\*|`/g, ''));
}

/** Text content of an HTML fragment: tags dropped, numeric character references read back. */
export function htmlText(html: string): string {
  return html.replace(/<[^>]+>/g, '').replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

/** The list items of report.html's section with this id, as text. */
export function htmlBullets(html: string, id: string): string[] {
  const start = html.indexOf(`<section id="${id}">`);
  if (start < 0) return [];
  const section = html.slice(start, html.indexOf('</section>', start));
  return [...section.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((match) => htmlText(match[1] ?? ''));
}
