import { describe, expect, it } from 'vitest';
import {
  apiEventNames,
  apiInputs,
  seriesSchema as contractSeries,
} from '../../src-main/api/contract';
import { API_EVENTS, API_METHODS } from '../../src-main/shared/apiNames';
import {
  progressFromLatest,
  progressLatestValues,
  PROGRESS_LATEST_KEYS,
} from '../../src-main/shared/latestValues';
import {
  EVALUATION_METRICS,
  METRICS,
  SERIES_NAMES,
  STEP_METRICS,
  SUBSETS,
  metricKey,
  probeSchema,
} from '../../src-main/shared/metricVocabulary';

describe('shared vocabulary', () => {
  it('declares each metric once, on a known series and subset', () => {
    const keys = METRICS.map((m) => metricKey(m.series, m.subset));
    expect(new Set(keys).size).toBe(keys.length);
    for (const m of METRICS) {
      expect(SERIES_NAMES).toContain(m.series);
      expect(SUBSETS).toContain(m.subset);
      expect(m.label.length).toBeGreaterThan(0);
    }
    expect(STEP_METRICS.length + EVALUATION_METRICS.length).toBe(METRICS.length);
  });

  it('has a metric for every series name, and the contract accepts exactly those names', () => {
    expect(new Set(METRICS.map((m) => m.series))).toEqual(new Set(SERIES_NAMES));
    expect(contractSeries.options).toEqual([...SERIES_NAMES]);
  });

  it('marks the pristine/corrupt splits and original-label accuracy as needing corruption', () => {
    for (const m of METRICS) {
      const split = m.subset === 'pristine' || m.subset === 'corrupt';
      const needsBothGroups = m.series === 'accuracyOriginal' || m.series === 'crossCoherence';
      expect(m.needsCorruption).toBe(split || needsBothGroups);
    }
  });

  it('accepts the four probe kinds, class<k> and train@<n> probe names, and nothing else', () => {
    for (const name of ['train', 'test', 'pristine', 'corrupt', 'class0', 'class9', 'train@100']) {
      expect(probeSchema.safeParse(name).success, name).toBe(true);
    }
    for (const name of ['class', 'classX', 'class-1', 'train@', 'train@0', 'train@1.5', 'val']) {
      expect(probeSchema.safeParse(name).success, name).toBe(false);
    }
  });

  it('names the same methods and events as the contract', () => {
    expect(Object.keys(apiInputs).sort()).toEqual([...API_METHODS].sort());
    expect([...apiEventNames]).toEqual([...API_EVENTS]);
  });

  it('round-trips a progress report through the latest values', () => {
    const progress = { done: 40, total: 100, rate: 12.5, etaSec: 4.8 };
    const latest: Record<string, number> = Object.fromEntries(
      progressLatestValues(progress).flatMap(({ key, value }) =>
        value === null ? [] : [[key, value]],
      ),
    );
    expect(latest).toEqual({
      [PROGRESS_LATEST_KEYS.done]: 40,
      [PROGRESS_LATEST_KEYS.total]: 100,
      [PROGRESS_LATEST_KEYS.rate]: 12.5,
      [PROGRESS_LATEST_KEYS.etaSec]: 4.8,
    });
    expect(progressFromLatest(latest)).toEqual(progress);
    // Stored without a finite ETA (null is not kept): read back as "not known yet".
    expect(progressFromLatest({ 'progress/done': 0, 'progress/total': 100 })).toEqual({
      done: 0,
      total: 100,
      rate: 0,
      etaSec: null,
    });
    expect(progressFromLatest({ 'accuracy/test': 0.9 })).toBeNull();
  });
});
