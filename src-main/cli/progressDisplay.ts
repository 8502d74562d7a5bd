import cliProgress from 'cli-progress';
import type { RunProgress } from '../shared/runProgress';
import { terminalSafe } from './terminalText';

/**
 * Progress bars for long commands, on stderr so stdout stays machine-readable. One bar per run;
 * hidden entirely with --json on a non-TTY (a pipe expects exactly one JSON document).
 */
export class ProgressDisplay {
  private readonly multibar: cliProgress.MultiBar | null;
  private readonly bars = new Map<number, cliProgress.SingleBar>();

  constructor(enabled: boolean) {
    this.multibar = enabled
      ? new cliProgress.MultiBar(
          {
            stream: process.stderr,
            format:
              '{label} {bar} {percentage}% | step {value}/{total} | {rate} steps/s | ETA {etaText}',
            hideCursor: true,
            clearOnComplete: false,
            noTTYOutput: !process.stderr.isTTY,
            notTTYSchedule: 5000,
            etaBuffer: 50,
          },
          cliProgress.Presets.shades_classic,
        )
      : null;
  }

  update(runId: number, label: string, progress: RunProgress): void {
    if (!this.multibar) return;
    let bar = this.bars.get(runId);
    const payload = {
      label: terminalSafe(label).padEnd(12).slice(0, 12),
      rate: progress.rate.toFixed(1),
      etaText: progress.etaSec === null ? '—' : formatDuration(progress.etaSec),
    };
    if (!bar) {
      bar = this.multibar.create(progress.total, progress.done, payload);
      this.bars.set(runId, bar);
    }
    bar.setTotal(progress.total);
    bar.update(progress.done, payload);
  }

  stop(): void {
    this.multibar?.stop();
  }
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0
    ? `${h}h${String(m).padStart(2, '0')}m`
    : m > 0
      ? `${m}m${String(sec).padStart(2, '0')}s`
      : `${sec}s`;
}
