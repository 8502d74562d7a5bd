export interface DrawnSeries {
  readonly runId: number;
  readonly runName: string;
  /** What is drawn, e.g. "probe m-coherence (train)". */
  readonly label: string;
  readonly x: readonly number[];
  readonly step: readonly number[];
  readonly raw: readonly number[];
  readonly smoothed: readonly number[];
  /** Points the run has stored: x.length, or more while only the drawn points are held. */
  readonly storedPoints?: number;
  /** The downsampled line (a subset of the stored points) when the series was read so. */
  readonly drawn?: {
    readonly x: readonly number[];
    readonly raw: readonly number[];
    readonly step: readonly number[];
  };
}

/** One CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvField(value: string | number): string {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The data a chart draws, one row per point, with the raw value and the smoothed value in
 * columns that say which is which (and the smoothing weight in the smoothed column's name).
 */
export function drawnDataCsv(
  series: readonly DrawnSeries[],
  xAxisLabel: string,
  smoothingWeight: number,
): string {
  const header = [
    'run_id',
    'run_name',
    'series',
    xAxisLabel,
    'step',
    'raw_value',
    `smoothed_value_ema_${smoothingWeight}`,
  ];
  const lines = [header.map(csvField).join(',')];
  for (const s of series) {
    for (let i = 0; i < s.x.length; i++) {
      lines.push(
        [s.runId, s.runName, s.label, s.x[i], s.step[i], s.raw[i], s.smoothed[i]]
          .map(csvField)
          .join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
