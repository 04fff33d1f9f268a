/** Prose broken at spaces into lines of at most `width` characters; an interval `[a, b]` is not broken, and a longer word keeps a line of its own. */
export function wrapText(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of unbreakable(text)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  return [...lines, line].join('\n');
}

/** The text's words, those inside brackets joined with the spaces between them. */
function unbreakable(text: string): string[] {
  const words: string[] = [];
  let open = false;
  for (const word of text.split(' ')) {
    if (open) words[words.length - 1] += ` ${word}`;
    else words.push(word);
    open = (words[words.length - 1] ?? '').lastIndexOf('[') > (words[words.length - 1] ?? '').lastIndexOf(']');
  }
  return words;
}
