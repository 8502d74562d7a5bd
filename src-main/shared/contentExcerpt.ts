/** The most bytes of a file's contents any message may repeat. */
export const MAX_EXCERPT_BYTES = 16;

/**
 * A short, quoted excerpt of file contents for an error message: at most 16 bytes, printable
 * ASCII as is and every other byte as a `\xNN` escape, with `…` when there was more. Messages
 * say what was expected and where; they never repeat what a file holds beyond this, so a
 * secret imported by mistake (a text file given as a dataset or a bundle) is not echoed back.
 */
export function contentExcerpt(content: string | Uint8Array): string {
  return `'${bareExcerpt(content)}'`;
}

/** contentExcerpt without the quotes, for text already set apart (e.g. in parentheses). */
export function bareExcerpt(content: string | Uint8Array): string {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  let text = '';
  const shown = Math.min(bytes.length, MAX_EXCERPT_BYTES);
  for (let i = 0; i < shown; i++) {
    const b = bytes[i];
    text +=
      b >= 0x20 && b < 0x7f && b !== 0x5c && b !== 0x27
        ? String.fromCharCode(b)
        : `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return `${text}${bytes.length > shown ? '…' : ''}`;
}

/**
 * Why `text` is not JSON, without V8's own message (which quotes up to ~20 characters around
 * the error): the byte offset when V8 reports one, and the first bytes of the text so a wrong
 * file is recognisable.
 */
export function describeJsonError(error: unknown, text: string): string {
  const position = /at position (\d+)/.exec(error instanceof Error ? error.message : '');
  const where = position ? ` at character ${position[1]}` : '';
  if (text.trim() === '') return 'not valid JSON (it is empty)';
  return `not valid JSON${where} (it starts with ${contentExcerpt(text.trimStart())})`;
}
