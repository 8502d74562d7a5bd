import { writeFileAtomically } from '../atomicFile';
import type { SweepWorkFolder } from '../sweepWorkFolder';
import { renderSbatchScript } from './sbatchScript';
import { submitBatchScript, type Submission } from './sbatchSubmit';
import type { SlurmClientOptions } from './slurmCommand';
import type { SlurmOptions } from '../../shared/slurmOptions';
import { appendSubmission } from './sweepSubmissions';

export interface SweepJobRequest {
  readonly sweepId: string;
  readonly sweepName: string;
  readonly folder: SweepWorkFolder;
  /** All tasks for a first submission; the unfinished ones for a resubmission. */
  readonly taskIndices: readonly number[];
  readonly totalTasks: number;
  readonly options: SlurmOptions;
  readonly client?: SlurmClientOptions;
}

/**
 * Render the job script into the work folder (sweep.sbatch), submit it, and record the
 * submission. The task files must already be there. If sbatch fails (missing, controller
 * unreachable, rejected) the SlurmError propagates and no submission is recorded; the script
 * stays, so the user can read what was refused.
 */
export async function submitSweepJob(request: SweepJobRequest): Promise<Submission> {
  const script = renderSbatchScript(request);
  writeFileAtomically(request.folder.scriptFile, script, 0o755);
  const submission = await submitBatchScript(request.folder.scriptFile, request.client);
  appendSubmission(request.folder, {
    jobId: submission.jobId,
    cluster: submission.cluster,
    taskIndices: [...request.taskIndices].sort((a, b) => a - b),
    submittedAt: new Date().toISOString(),
  });
  return submission;
}
