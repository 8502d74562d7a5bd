import type { EngineRecord, MetricPoint } from '../records/engineRecords';

/**
 * Per-step metric points collected between hand-outs: the consumer gets one `metrics` record
 * per flush instead of one per point. The session decides when to flush (its progress
 * interval, evaluations, checkpoints and the end).
 */
export class RecordBuffer {
  private points: MetricPoint[] = [];

  constructor(private readonly emit: (record: EngineRecord) => void | Promise<void>) {}

  add(points: readonly MetricPoint[]): void {
    this.points.push(...points);
  }

  async flush(): Promise<void> {
    if (this.points.length === 0) return;
    const points = this.points;
    this.points = [];
    await this.emit({ kind: 'metrics', points });
  }
}
