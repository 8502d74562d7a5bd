import { describe, expect, it } from 'vitest';
import { debiasedEma } from '../../src-renderer/src/charts/debiasedEma';
import { csvField, drawnDataCsv } from '../../src-renderer/src/charts/drawnDataCsv';
import { runColor } from '../../src-renderer/src/charts/runColors';
import { readServerSentEvents } from '../../src-renderer/src/transport/serverSentEvents';

/** TensorBoard's debiased EMA for evenly spaced points, the reference for the uniform case. */
function tensorBoardEma(y: number[], w: number): number[] {
  let last = 0;
  return y.map((v, i) => {
    last = last * w + (1 - w) * v;
    return last / (1 - w ** (i + 1));
  });
}

describe('debiasedEma', () => {
  it('equals TensorBoard’s debiased EMA on evenly spaced x', () => {
    const y = [5, 3, 4, 8, 1, 2, 9, 4];
    const x = y.map((_, i) => 10 * i);
    const ours = debiasedEma(x, y, 0.6);
    tensorBoardEma(y, 0.6).forEach((v, i) => expect(ours[i]).toBeCloseTo(v, 12));
  });

  it('is unbiased at the start and the identity at weight 0', () => {
    for (const v of debiasedEma([0, 1, 2], [7, 7, 7], 0.9)) expect(v).toBeCloseTo(7, 12);
    expect(debiasedEma([0, 1, 2], [1, 2, 3], 0)).toEqual([1, 2, 3]);
  });

  it('weights by x-distance: a far point dominates, a near one barely moves the average', () => {
    // Spacing reference 1: after a gap of 10 the old value keeps weight 0.5^10.
    const far = debiasedEma([0, 10], [0, 1], 0.5, 1);
    expect(far[1]).toBeCloseTo(1 / (1 + 0.5 ** 10), 12);
    const near = debiasedEma([0, 0.01], [0, 1], 0.5, 1);
    expect(near[1]).toBeCloseTo(1 / (1 + 0.5 ** 0.01), 12);
  });

  it('passes non-finite values through as NaN without disturbing the average', () => {
    const s = debiasedEma([0, 1, 2], [2, Number.NaN, 2], 0.5);
    expect(s[0]).toBe(2);
    expect(Number.isNaN(s[1])).toBe(true);
    expect(s[2]).toBe(2);
  });
});

describe('drawn-data CSV', () => {
  it('names raw and smoothed columns and writes one row per point', () => {
    const csv = drawnDataCsv(
      [
        {
          runId: 3,
          runName: 'a, "b"',
          label: 'loss',
          x: [0, 1],
          step: [0, 1],
          raw: [2, 1],
          smoothed: [2, 1.5],
        },
      ],
      'x_step',
      0.6,
    );
    expect(csv.split('\n')).toEqual([
      'run_id,run_name,series,x_step,step,raw_value,smoothed_value_ema_0.6',
      '3,"a, ""b""",loss,0,0,2,2',
      '3,"a, ""b""",loss,1,1,1,1.5',
      '',
    ]);
    expect(csvField(Number.NaN)).toBe('');
  });
});

describe('run colours', () => {
  it('depend on the run id only', () => {
    expect(runColor(7, false)).toBe(runColor(7, false));
    expect(runColor(7, false)).not.toBe(runColor(8, false));
  });
});

describe('server-sent events parser', () => {
  it('splits events across chunk boundaries and skips comments', async () => {
    const chunks = [
      ': hi\n\nevent: run.da',
      'ta\ndata: {"runId":1}\n',
      '\nevent: runs.changed\ndata: {}\n\n',
    ];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const c of chunks) controller.enqueue(new TextEncoder().encode(c));
        controller.close();
      },
    });
    const events = [];
    for await (const e of readServerSentEvents(body)) events.push(e);
    expect(events).toEqual([
      { event: 'run.data', data: '{"runId":1}' },
      { event: 'runs.changed', data: '{}' },
    ]);
  });
});
