import { shallowRef, type ShallowRef } from 'vue';
import type { CoherencePoint, LabClient } from '../../../src-main/api/contract';
import type { SeriesName, SubsetName } from './seriesNames';

export interface Curve {
  readonly step: number[];
  readonly y: number[];
}

/** Everything the live view draws, grown by appending; `version` bumps on every change. */
export interface LiveRunData {
  readonly curves: Map<string, Curve>;
  readonly coherence: CoherencePoint[];
  readonly version: number;
}

/** Which stored series a reader follows, as (series, subset) pairs. */
export type WantedSeries = ReadonlyArray<readonly [SeriesName, SubsetName]>;

export const curveKey = (series: SeriesName, subset: SubsetName): string => `${series}/${subset}`;

/**
 * Incremental reader of a run's stored records: each refresh asks only for points after the
 * last step it already holds (`afterStep`) and appends them, so a live view costs the new
 * points, not the whole history. Refreshes never overlap: a request arriving while one runs
 * is folded into one follow-up.
 */
export class LiveRunReader {
  readonly data: ShallowRef<LiveRunData> = shallowRef({
    curves: new Map(),
    coherence: [],
    version: 0,
  });
  private readonly lastStep = new Map<string, number>();
  private lastCoherenceStep = -1;
  private inFlight: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly lab: LabClient,
    private readonly runId: number,
    private readonly wanted: WantedSeries,
  ) {}

  refresh(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.inFlight = this.readNew().finally(() => {
      this.inFlight = null;
      if (this.again) {
        this.again = false;
        void this.refresh();
      }
    });
    return this.inFlight;
  }

  private async readNew(): Promise<void> {
    const curveReads = this.wanted.map(async ([series, subset]) => {
      const key = curveKey(series, subset);
      const afterStep = this.lastStep.get(key) ?? -1;
      const [result] = await this.lab['runs.series']({
        runIds: [this.runId],
        series,
        subset,
        xAxis: 'step',
        afterStep,
      });
      return { key, result };
    });
    const coherenceRead = this.lab['runs.coherence']({
      runId: this.runId,
      afterStep: this.lastCoherenceStep,
    });
    const [curveResults, newCoherence] = await Promise.all([
      Promise.all(curveReads),
      coherenceRead,
    ]);
    const curves = new Map(this.data.value.curves);
    let changed = false;
    for (const { key, result } of curveResults) {
      if (!result || result.step.length === 0) continue;
      const previous = curves.get(key) ?? { step: [], y: [] };
      // New arrays (not push) so computed chart options see a new reference.
      curves.set(key, { step: previous.step.concat(result.step), y: previous.y.concat(result.y) });
      this.lastStep.set(key, result.step[result.step.length - 1]);
      changed = true;
    }
    let coherence = this.data.value.coherence;
    if (newCoherence.length > 0) {
      coherence = coherence.concat(newCoherence);
      this.lastCoherenceStep = Math.max(...newCoherence.map((p) => p.step));
      changed = true;
    }
    if (changed) {
      this.data.value = { curves, coherence, version: this.data.value.version + 1 };
    }
  }
}
