import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * JSON for a `<script type="application/json">`. Every `<` becomes `\u003c`, which JSON.parse
 * reads back as `<`: model text can then neither close the element (`</script>`) nor open a
 * comment (`<!--`) that would swallow the rest of the page.
 */
export function embedJson(value: unknown): string {
  return `<script type="application/json" id="report-data">${JSON.stringify(value).replace(/</g, '\\u003c')}</script>`;
}

/** An inline script; `</script` inside it (only possible in a string or comment) is written `<\/script`. */
export function inlineScript(code: string): string {
  return `<script>${code.replace(/<\/(script)/gi, '<\\/$1')}</script>`;
}

let chartLibrary: string | undefined;

/**
 * Chart.js's self-contained browser build, read from the installed package so the page needs
 * no network. The package exports only its ES/CJS entries, so the UMD file is found beside the
 * resolved entry. Its source-map comment is dropped: the map is not shipped with the page.
 */
export function chartLibrarySource(): string {
  if (chartLibrary === undefined) {
    const entry = createRequire(import.meta.url).resolve('chart.js');
    const source = readFileSync(join(dirname(entry), 'chart.umd.min.js'), 'utf8');
    chartLibrary = source.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  }
  return chartLibrary;
}
