import type { RunProgress } from '../../shared/runProgress';

/**
 * Steps per second over a sliding window and the resulting ETA: the one progress shape
 * (done, total, rate, ETA) shared by the CLI bar and the UI (ARCHITECTURE example 11).
 */
export class ProgressMeter {
  private readonly samples: Array<{ t: number; done: number }> = [];

  constructor(
    private readonly total: number,
    private readonly windowMs = 5000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  update(done: number): RunProgress {
    const t = this.now();
    this.samples.push({ t, done });
    while (this.samples.length > 2 && t - this.samples[0].t > this.windowMs) this.samples.shift();
    const first = this.samples[0];
    const elapsedSec = (t - first.t) / 1000;
    const rate = elapsedSec > 0 ? (done - first.done) / elapsedSec : 0;
    const etaSec = rate > 0 ? (this.total - done) / rate : null;
    return { done, total: this.total, rate, etaSec };
  }
}
