import type { LrScheduleConfig } from '../config/configSchemas';

/**
 * Learning rate in effect for the update made at `step` (0-based) of a run of `totalSteps`:
 * the schedule's rate, scaled by (step + 1)/warmupSteps during the first warmupSteps updates.
 */
export function learningRateAt(
  baseLr: number,
  schedule: LrScheduleConfig,
  step: number,
  totalSteps: number,
  warmupSteps = 0,
): number {
  const scheduled = scheduledRate(baseLr, schedule, step, totalSteps);
  return step < warmupSteps ? (scheduled * (step + 1)) / warmupSteps : scheduled;
}

function scheduledRate(
  baseLr: number,
  schedule: LrScheduleConfig,
  step: number,
  totalSteps: number,
): number {
  switch (schedule.kind) {
    case 'constant':
      return baseLr;
    case 'step':
      return baseLr * Math.pow(schedule.gamma, Math.floor(step / schedule.every));
    case 'cosine': {
      const progress = totalSteps > 0 ? Math.min(1, step / totalSteps) : 1;
      return schedule.minLr + ((baseLr - schedule.minLr) * (1 + Math.cos(Math.PI * progress))) / 2;
    }
  }
}
