import { describe, expect, it } from 'vitest';
import type { CoherenceMeasurement } from '../../src-main/engine/records/engineRecords';
import { createTestRun, measurement, openTempStore, point } from './storeFixtures';

describe('series', () => {
  it('writes a batch atomically: a failure mid-batch leaves nothing of it', () => {
    const store = openTempStore();
    const id = createTestRun(store);
    const many = Array.from({ length: 150 }, (_, i) => point(i, i)); // multi-row and single-row inserts
    const badPoint = { ...point(200, 3), step: null as unknown as number };
    expect(() => store.series.append(id, { points: [...many, badPoint] })).toThrow();
    // A failure in the coherence part also undoes the points and latest values before it.
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const badMeasurement = {
      ...measurement(5, 2),
      layers: circular,
    } as unknown as CoherenceMeasurement;
    expect(() =>
      store.series.append(id, {
        points: many,
        latest: [{ key: 'loss/train', step: 1, value: 1 }],
        coherence: [measurement(1, 2), badMeasurement],
      }),
    ).toThrow();
    expect(store.series.allPoints(id)).toEqual([]);
    expect(store.series.readCoherence(id)).toEqual([]);
    expect(store.series.latest(id)).toEqual({});
    // Series codes created inside the rolled-back batch are looked up again, not reused.
    store.series.append(id, { points: many });
    expect(store.series.allPoints(id)).toHaveLength(150);
    store.close();
  });

  it('an outer store transaction that fails undoes the appends inside it', () => {
    const store = openTempStore();
    const id = createTestRun(store);
    expect(() =>
      store.transaction(() => {
        store.series.append(id, { points: [point(0, 1, 'lr', 'batch')] });
        throw new Error('recorder failed');
      }),
    ).toThrow('recorder failed');
    expect(store.series.allPoints(id)).toEqual([]);
    store.series.append(id, { points: [point(0, 1, 'lr', 'batch')] });
    expect(store.series.seriesOf(id)).toEqual([{ series: 'lr', subset: 'batch' }]);
    store.close();
  });

  it('reads series on every x axis as typed columns, in step order, after a step', () => {
    const store = openTempStore();
    const a = createTestRun(store);
    const b = createTestRun(store);
    const none = createTestRun(store);
    // Out of order and mixed with another series: kept, and read back by step.
    store.series.append(a, {
      points: [point(20, 0.25), point(0, 1), point(10, 0.5), point(10, 9, 'accuracy')],
    });
    store.series.append(b, { points: [point(0, 2)] });
    const expected = {
      step: [0, 10, 20],
      epoch: [0, 1, 2],
      examplesSeen: [0, 1000, 2000],
      wallMs: [0, 50, 100],
    } as const;
    for (const xAxis of ['step', 'epoch', 'examplesSeen', 'wallMs'] as const) {
      const [sa, sb, sn] = store.series.readSeries([a, b, none], 'loss', 'train', { xAxis });
      expect(sa.x).toBeInstanceOf(Float64Array);
      expect(Array.from(sa.x), xAxis).toEqual(expected[xAxis]);
      expect(Array.from(sa.y)).toEqual([1, 0.5, 0.25]);
      expect(Array.from(sa.step)).toEqual([0, 10, 20]);
      expect(sb).toMatchObject({ runId: b });
      expect(Array.from(sb.y)).toEqual([2]);
      expect(sn.x.length).toBe(0);
    }
    const [after] = store.series.readSeries([a], 'loss', 'train', {
      xAxis: 'wallMs',
      afterStep: 0,
    });
    expect(Array.from(after.x)).toEqual([50, 100]);
    expect(store.series.readSeries([a], 'loss', 'test')[0].x.length).toBe(0);
    expect(store.series.seriesOf(a)).toEqual([
      { series: 'accuracy', subset: 'train' },
      { series: 'loss', subset: 'train' },
    ]);
    store.close();
  });

  it('keeps non-finite values: NaN comes back as NaN, infinities as infinities', () => {
    const store = openTempStore();
    const id = createTestRun(store);
    store.series.append(id, {
      points: [point(0, 1), point(1, NaN), point(2, Infinity)],
      coherence: [{ ...measurement(1, 1), m: 1, alphaHat: NaN, layers: { d: { N: NaN, Q: 0 } } }],
      latest: [{ key: 'loss/train', step: 2, value: NaN }],
    });
    const [columns] = store.series.readSeries([id], 'loss', 'train');
    expect(Array.from(columns.y)).toEqual([1, NaN, Infinity]);
    const [c] = store.series.readCoherence(id);
    expect(c.alphaHat).toBeNaN();
    expect(c.layers.d.N).toBeNaN();
    expect(store.series.latest(id)).toEqual({});
    store.close();
  });

  it('reads probe m-coherence as columns on every x-axis, in step order, keeping NaN and infinities', () => {
    const store = openTempStore();
    const id = createTestRun(store);
    const none = createTestRun(store);
    store.series.append(id, {
      coherence: [
        measurement(20, Infinity),
        measurement(0, 5),
        { ...measurement(10, 3), value: NaN, alphaHat: NaN },
        measurement(10, 7, 'test'),
      ],
    });
    for (const xAxis of ['step', 'epoch', 'examplesSeen', 'wallMs'] as const) {
      const [c, empty] = store.series.coherenceColumns([id, none], 'train', { xAxis });
      const scale = { step: 1, epoch: 0.1, examplesSeen: 100, wallMs: 5 }[xAxis];
      expect(c.x).toBeInstanceOf(Float64Array);
      expect(Array.from(c.x), xAxis).toEqual([0, 10, 20].map((s) => s * scale));
      expect(Array.from(c.step)).toEqual([0, 10, 20]);
      expect(Array.from(c.y)).toEqual([5, NaN, Infinity]);
      expect(c.m).toBe(10);
      expect(empty).toMatchObject({ runId: none, m: 0 });
      expect(empty.x.length + empty.y.length + empty.step.length).toBe(0);
    }
    const [alpha] = store.series.coherenceColumns([id], 'train', { quantity: 'alphaHat' });
    expect(Array.from(alpha.y)).toEqual([4 / 9, NaN, Infinity]);
    // The step column is its own array even when it is also x: a caller may change one.
    expect(alpha.x).not.toBe(alpha.step);
    store.close();
  });

  it('round-trips coherence measurements with their layers, by probe', () => {
    const store = openTempStore();
    const id = createTestRun(store);
    const train = [measurement(10, 3), measurement(0, 5)];
    const test = measurement(10, 1.5, 'test');
    store.series.append(id, { coherence: [...train, test] });
    expect(store.series.readCoherence(id, { probe: 'train' })).toEqual(
      [train[1], train[0]].map((m) => ({ runId: id, ...m })),
    );
    expect(store.series.readCoherence(id).map((m) => `${m.step}/${m.probe}`)).toEqual([
      '0/train',
      '10/test',
      '10/train',
    ]);
    expect(store.series.readCoherence(id, { afterStep: 0 })).toHaveLength(2);
    store.close();
  });

  it('replaces a re-recorded step and discards from a step on resume', () => {
    const store = openTempStore();
    const id = createTestRun(store);
    store.series.append(id, {
      points: [point(0, 1), point(5, 2), point(9, 3)],
      coherence: [measurement(5, 3)],
      latest: [
        { key: 'loss/train', step: 9, value: 3 },
        { key: 'progress/done', step: 9, value: 9 },
      ],
    });
    store.series.discardFrom(id, 5);
    expect(store.series.allPoints(id).map((p) => p.step)).toEqual([0]);
    expect(store.series.readCoherence(id)).toEqual([]);
    // The discarded future no longer holds back the latest values of the resumed run.
    store.series.append(id, {
      points: [point(0, 7)],
      latest: [{ key: 'progress/done', step: 6, value: 6 }],
    });
    expect(store.series.allPoints(id).map((p) => p.value)).toEqual([7]);
    expect(store.series.latest(id)).toEqual({ 'progress/done': 6 });
    store.close();
  });

  it('keeps the latest value per key by step', () => {
    const store = openTempStore();
    const id = createTestRun(store);
    store.series.append(id, { latest: [{ key: 'accuracy/test', step: 10, value: 0.5 }] });
    store.series.append(id, { latest: [{ key: 'accuracy/test', step: 5, value: 0.1 }] });
    expect(store.series.latest(id)).toEqual({ 'accuracy/test': 0.5 });
    store.series.append(id, { latest: [{ key: 'accuracy/test', step: 10, value: 0.6 }] });
    expect(store.series.latest(id)).toEqual({ 'accuracy/test': 0.6 });
    store.close();
  });
});
