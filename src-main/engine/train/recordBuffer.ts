import type { EngineRecord, MetricPoint } from '../records/engineRecords';

/**
 * Per-step metric points collected between hand-outs: the consumer gets one `metrics` record
 * per flush instead of one per point, at most every `intervalMs` (plus at evaluations,
 * checkpoints and the end).
 */
export class RecordBuffer {
  private points: MetricPoint[] = [];
  private lastFlush = performance.now();

  constructor(
    private readonly emit: (record: EngineRecord) => void | Promise<void>,
    private readonly intervalMs: number,
  ) {}

  add(points: readonly MetricPoint[]): void {
    this.points.push(...points);
  }

  due(): boolean {
    return performance.now() - this.lastFlush >= this.intervalMs;
  }

  async flush(): Promise<void> {
    this.lastFlush = performance.now();
    if (this.points.length === 0) return;
    const points = this.points;
    this.points = [];
    await this.emit({ kind: 'metrics', points });
  }
}
