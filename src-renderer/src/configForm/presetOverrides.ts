/** Preset overrides as typed: one `key=value` per line (or separated by `;`), blanks ignored. */
export function parsePresetOverrides(text: string): string[] {
  return text
    .split(/[\n;]+/)
    .map((l) => l.trim())
    .filter(Boolean);
}
