/**
 * The shared report prose as HTML: every span escaped (names and config values are user text), names in <strong>,
 * and each abbreviation of the glossary (pp, Δ, McNemar, AUROC, τ, …) in an <abbr> whose hover is its definition.
 * Table headers get the definitions of the terms they name the same way, from the same list.
 */
import { glossaryTerms, hoverText, termsIn } from '../glossary-terms.js';
import type { RichText } from '../rich-text.js';
import { escapeHtml } from './embed.js';

const abbreviations = glossaryTerms.filter((term) => term.abbreviation);

/** Text we wrote, escaped, with its abbreviations explained on hover. */
export function proseHtml(text: string): string {
  let html = '';
  let at = 0;
  for (const match of termsIn(text, abbreviations)) {
    html += `${escapeHtml(text.slice(at, match.start))}<abbr title="${escapeHtml(hoverText([match]))}">${escapeHtml(text.slice(match.start, match.end))}</abbr>`;
    at = match.end;
  }
  return html + escapeHtml(text.slice(at));
}

export function richHtml(text: RichText): string {
  return text
    .map((span) => {
      if (typeof span === 'string') return proseHtml(span);
      if ('strong' in span) return `<strong>${escapeHtml(span.strong)}</strong>`;
      if ('em' in span) return `<em>${escapeHtml(span.em)}</em>`;
      return `<code>${escapeHtml(span.code)}</code>`;
    })
    .join('');
}

/** A table header: a title with the definition of every glossary term it names. */
export function headerCell(text: string, numeric: boolean): string {
  const terms = termsIn(text);
  const title = terms.length === 0 ? '' : ` title="${escapeHtml(hoverText(terms))}"`;
  return `<th${numeric ? ' class="number"' : ''}${title}>${escapeHtml(text)}</th>`;
}
