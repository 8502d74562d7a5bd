import { z } from 'zod';

/**
 * Stored text (names, tags, notes) is shown in terminals, tables and reports. It must not
 * carry what a terminal would act on instead of showing: C0/C1 control characters (escape
 * sequences such as an OSC 52 clipboard write or cursor moves, CR that rewrites a line), DEL,
 * the Unicode line/paragraph separators, or bidirectional embeddings, overrides and isolates
 * (text displayed in another order than stored). Multi-line text (notes) keeps \n and \t.
 * A leaf of its own so that schemas outside the API contract (sweep definitions) share it.
 */
export const UNSAFE_TEXT_MESSAGE =
  'must not contain control characters (escape sequences, line breaks) or bidirectional overrides';
export const SINGLE_LINE = /^[^\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]*$/u;
const MULTI_LINE = /^(?:[\n\t]|[^\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069])*$/u;
/** A single line of display text of at most `max` characters. */
export const lineText = (max: number) =>
  z.string().max(max).regex(SINGLE_LINE, UNSAFE_TEXT_MESSAGE);
/** Display text that may span lines (tabs and \n allowed) of at most `max` characters. */
export const multilineText = (max: number) =>
  z.string().max(max).regex(MULTI_LINE, UNSAFE_TEXT_MESSAGE);
