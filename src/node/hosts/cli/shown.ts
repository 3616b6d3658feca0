/**
 * Text that came from a dataset or the user (class names, file names, messages quoting them) as a
 * terminal may show it: control characters are written as visible escapes, so an ESC sequence in
 * a folder name cannot recolour or rewrite the screen, and a newline cannot forge a report line.
 */
export function shown(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

/** An error or report line whose own newlines are kept but whose other control characters are not. */
export function shownLines(text: string): string {
  return text.split('\n').map(shown).join('\n');
}
