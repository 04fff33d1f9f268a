/**
 * Text files as Windows saves them may start with a UTF-8 byte-order mark (Notepad before 2019, PowerShell 5's
 * `Out-File -Encoding utf8`) and end lines with CRLF (those editors, and git's `core.autocrlf` on checkout).
 * YAML reads both; JSON takes a CR as white space but not a BOM.
 */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The text with neither: LF line ends and no BOM, so that the same words saved on Windows are the same text. */
export function withLfLines(text: string): string {
  return withoutBom(text).replace(/\r\n/g, '\n');
}
