/**
 * Characters a terminal acts on instead of showing: C0 and C1 control characters (escape
 * sequences such as OSC 52 clipboard writes or cursor moves, CR that rewrites a line, BEL),
 * DEL, the Unicode line and paragraph separators, and bidirectional embeddings, overrides and
 * isolates (which make text display in another order than it is stored).
 */
const UNSAFE = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/gu;

function visibleEscape(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (char === '\n') return '\\n';
  if (char === '\t') return '\\t';
  if (char === '\r') return '\\r';
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Text safe to print to a terminal: every character it would act on is shown as a visible
 * escape (`\x1b`, `\u202e`). Names, tags and notes are refused with such characters at the API,
 * but projects written before that check, or edited by hand, may still hold them.
 */
export function terminalSafe(text: string, options: { keepNewlines?: boolean } = {}): string {
  return text.replace(UNSAFE, (char) =>
    options.keepNewlines && char === '\n' ? char : visibleEscape(char),
  );
}

/** Characters JSON.stringify leaves raw that a terminal still acts on (C1, separators, bidi). */
const RAW_IN_JSON = /[\u007f-\u009f\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/**
 * JSON text with those characters written as \u escapes: the same document to a parser, inert
 * on a terminal (`--json` output read by a person).
 */
export function terminalSafeJson(json: string): string {
  return json.replace(
    RAW_IN_JSON,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
