import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomically } from '../atomicFile';
import type { SweepWorkFolder } from '../sweepWorkFolder';

/** One `sbatch` of a sweep: the first submission, or a resubmission of some tasks. */
export const submissionRecordSchema = z.strictObject({
  jobId: z.number().int().positive(),
  cluster: z.string().nullable(),
  taskIndices: z.array(z.number().int().min(0)).min(1),
  submittedAt: z.string(),
});

export type SubmissionRecord = z.infer<typeof submissionRecordSchema>;

/** submissions.json, oldest first; none yet → []. A damaged file is an error naming it. */
export function readSubmissions(folder: SweepWorkFolder): SubmissionRecord[] {
  let text: string;
  try {
    text = readFileSync(folder.submissionsFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${folder.submissionsFile}: not readable JSON (${(error as Error).message})`);
  }
  const result = z.array(submissionRecordSchema).safeParse(parsed);
  if (!result.success) {
    throw new Error(
      `${folder.submissionsFile}: not a list of submissions (${result.error.message})`,
    );
  }
  return result.data;
}

export function appendSubmission(folder: SweepWorkFolder, record: SubmissionRecord): void {
  const records = [...readSubmissions(folder), submissionRecordSchema.parse(record)];
  writeFileAtomically(folder.submissionsFile, `${JSON.stringify(records, null, 2)}\n`);
}

/** For each task, the job of its latest submission: where `squeue`/`scontrol` find it now. */
export function latestJobByTask(records: readonly SubmissionRecord[]): Map<number, number> {
  const latest = new Map<number, number>();
  for (const record of records) {
    for (const taskIndex of record.taskIndices) latest.set(taskIndex, record.jobId);
  }
  return latest;
}
