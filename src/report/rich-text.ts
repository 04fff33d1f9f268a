/**
 * Report prose that report.md and report.html both print, built once by the shared sentence builders (at a glance,
 * caveats, configuration): plain text, a name in bold, an aside in italics, a config value as code. Each reporter
 * renders the spans its own way — markdown with `**`, `*` and backticks, the page with escaped elements — so the two
 * say the same words.
 */
export type Span = string | { strong: string } | { em: string } | { code: string };

/** One paragraph or list item. */
export type RichText = readonly Span[];

export function strong(text: string): Span {
  return { strong: text };
}

export function em(text: string): Span {
  return { em: text };
}

export function code(text: string): Span {
  return { code: text };
}

export function markdownText(text: RichText): string {
  return text
    .map((span) => {
      if (typeof span === 'string') return span;
      if ('strong' in span) return `**${span.strong}**`;
      if ('em' in span) return `*${span.em}*`;
      return markdownCode(span.code);
    })
    .join('');
}

/** Inline code in markdown; a backtick inside would end it, so it is written as a quote. */
export function markdownCode(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}
