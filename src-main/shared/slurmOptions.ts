import { z } from 'zod';

/** No line breaks, quotes, backslashes, `$` or backticks: they could end or extend a script line. */
const SCRIPT_SAFE = /^[^\n\r"'\\`$]*$/;

/** Options the sweep itself sets: the job only works with its own values for these. */
const MANAGED_OPTIONS = new Set([
  '--array',
  '-a',
  '--output',
  '-o',
  '--error',
  '-e',
  '--job-name',
  '-J',
  '--chdir',
  '-D',
  '--open-mode',
  '--requeue',
  '--no-requeue',
  '--parsable',
  '--wrap',
]);

function optionName(arg: string): string {
  if (arg.startsWith('--')) return arg.split('=')[0];
  return arg.slice(0, 2);
}

/**
 * The Slurm executor's options (CLI `sweep run ID --executor slurm …`, the desktop's form).
 * Each becomes one `#SBATCH` line of the job script; values are checked here so a typo is
 * reported by name before anything is submitted, and nothing can inject a script line.
 */
export const slurmOptionsSchema = z.strictObject({
  /** `--partition`: one partition or a comma list. */
  partition: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*$/, 'must be a partition name or a comma list')
    .optional(),
  /** `--time` per task: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS. */
  time: z
    .string()
    .regex(
      /^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d{1,2}|\d+-\d{1,2}:\d{1,2}|\d+-\d{1,2}:\d{1,2}:\d{1,2}|UNLIMITED|INFINITE)$/,
      'must be a Slurm time: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS',
    )
    .optional(),
  /** `--gres`, e.g. gpu:1 or gpu:a100:2. */
  gres: z
    .string()
    .regex(/^[A-Za-z0-9_.:=,-]+$/, 'must be a generic resource such as gpu:1 or gpu:a100:2')
    .optional(),
  cpusPerTask: z.number().int().min(1).max(4096).optional(),
  /** `--mem` per task: a number with an optional K, M, G or T unit (default MB). */
  mem: z
    .string()
    .regex(/^\d+[KMGT]?$/i, 'must be a size such as 4G or 16000 (MB)')
    .optional(),
  account: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, 'must be an account name (letters, digits, ".", "_", "-")')
    .optional(),
  /** The `%P` of `--array=…%P`: at most this many tasks at once (default: no limit). */
  maxConcurrent: z.number().int().min(1).max(100_000).optional(),
  /** Further `#SBATCH` options, each as given (e.g. `--qos=long`, `--constraint=avx2`). */
  sbatchArgs: z
    .array(
      z
        .string()
        .regex(/^--?[A-Za-z]/, 'must be an sbatch option starting with - or --')
        .regex(SCRIPT_SAFE, 'must not contain quotes, backslashes, $, backticks or line breaks')
        .refine((arg) => !MANAGED_OPTIONS.has(optionName(arg)), {
          message:
            'is set by the sweep itself (array, logs, job name, folder, requeue); use the dedicated option where there is one',
        }),
    )
    .max(50)
    .default([]),
  /**
   * How the tool is invoked on the cluster nodes; `worker --task FILE --db SHARD` is appended.
   * Inserted into the script as written, e.g. `node /shared/coherence-lab/bin/coherence-lab.js`
   * or `apptainer exec lab.sif coherence-lab`.
   */
  command: z
    .string()
    .trim()
    .min(1)
    .max(1000)
    .regex(/^[^\n\r]*$/, 'must be one line')
    .default('coherence-lab'),
});

export type SlurmOptions = z.infer<typeof slurmOptionsSchema>;
export type SlurmOptionsInput = z.input<typeof slurmOptionsSchema>;
