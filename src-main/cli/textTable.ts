import { terminalSafe } from './terminalText';

const safeCells = (cells: readonly string[]): string[] => cells.map((c) => terminalSafe(c));

/**
 * Plain-text and Markdown tables for terminal output and README results. Every cell is made
 * terminal-safe (stored names may carry escape sequences), so a table can never move the
 * cursor, rewrite lines or reorder text.
 */
export function formatTable(
  rawHeader: readonly string[],
  rawRows: ReadonlyArray<readonly string[]>,
): string {
  const header = safeCells(rawHeader);
  const rows = rawRows.map(safeCells);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function formatMarkdownTable(
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
): string {
  const escape = (c: string): string => terminalSafe(c).replace(/\|/g, '\\|');
  return [
    `| ${header.map(escape).join(' | ')} |`,
    `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(escape).join(' | ')} |`),
  ].join('\n');
}

export const fmtNumber = (value: number | null | undefined, digits = 3): string =>
  value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);
