import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Who a run's trainer process is, recorded when it is launched so that another process (the
 * CLI's `cancel`, the app, the browser-mode server) can tell later whether the pid a project
 * file names is still that trainer — and never signal an unrelated process whose pid a project
 * file was edited to hold, or that reused the pid of a finished trainer.
 *
 * Three parts, all Linux /proc facts:
 * - the process start time (field 22 of /proc/<pid>/stat, clock ticks since boot) and the boot
 *   id: a pid reused after the trainer ended has another start time;
 * - a random nonce the trainer carries in its environment (COHERENCE_LAB_TRAINER_NONCE), read
 *   back from /proc/<pid>/environ: start time and boot id can be read for any process, so a
 *   forged record could name someone else's process, but only our trainer holds the nonce.
 *   (/proc/<pid>/environ is readable only by the process's owner and root.)
 *
 * Elsewhere (macOS, Windows) none of this can be read: nothing counts as verified, so another
 * process's trainer is never signalled there — `cancel` only marks the run (see cancelRun).
 */
export const TRAINER_NONCE_ENV = 'COHERENCE_LAB_TRAINER_NONCE';

export interface TrainerIdentity {
  readonly bootId: string;
  readonly startTicks: string;
  readonly nonce: string;
}

export function newTrainerNonce(): string {
  return randomBytes(16).toString('hex');
}

function readBootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}

/** Field 22 (starttime) of /proc/<pid>/stat; the command name (field 2) may hold spaces. */
function readStartTicks(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function parseIdentity(stored: string | null): TrainerIdentity | null {
  if (!stored) return null;
  try {
    const value = JSON.parse(stored) as Partial<TrainerIdentity>;
    return typeof value.bootId === 'string' &&
      typeof value.startTicks === 'string' &&
      typeof value.nonce === 'string'
      ? { bootId: value.bootId, startTicks: value.startTicks, nonce: value.nonce }
      : null;
  } catch {
    return null;
  }
}

/** The identity to store for a just-launched trainer, or null where /proc cannot tell. */
export function recordTrainerIdentity(pid: number | undefined, nonce: string): string | null {
  if (pid === undefined) return null;
  const bootId = readBootId();
  const startTicks = readStartTicks(pid);
  if (bootId === null || startTicks === null) return null;
  return JSON.stringify({ bootId, startTicks, nonce } satisfies TrainerIdentity);
}

/**
 * Is `pid` a live process? A trainer whose parent was killed is re-parented; until something
 * reaps it, it lingers as a zombie that kill(pid, 0) still finds (common in containers whose
 * init does not reap). On Linux /proc tells a zombie from a live process.
 */
export function isProcessAlive(pid: number): boolean {
  // A pid read from a project file may be anything: 0 and negative numbers address process
  // groups (kill(-1) reaches every process of the user), and non-integers are not pids.
  if (!Number.isSafeInteger(pid) || pid <= 1) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (process.platform !== 'linux') return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.charAt(stat.lastIndexOf(')') + 2);
    return state !== 'Z' && state !== 'X';
  } catch {
    return true;
  }
}

/**
 * Whether the trainer a run recorded may still be running: the pid is alive and, when a start
 * time was recorded, it is the same process (not a pid reused since). Used to find runs left
 * `running` by a trainer that is gone; deliberately lenient (no nonce check) so a live trainer
 * of another process is never declared dead by mistake.
 */
export function mayBeRecordedTrainer(pid: number, stored: string | null): boolean {
  if (!isProcessAlive(pid)) return false;
  const identity = parseIdentity(stored);
  if (!identity) return true;
  const startTicks = readStartTicks(pid);
  const bootId = readBootId();
  if (startTicks === null || bootId === null) return true;
  return identity.bootId === bootId && identity.startTicks === startTicks;
}

/**
 * Whether `pid` is verifiably the trainer recorded for a run: alive, same boot, same start
 * time, and holding the run's nonce in its environment. Only then may another process signal
 * it. Anything unreadable counts as not verified.
 */
export function isRecordedTrainer(pid: number, stored: string | null): boolean {
  const identity = parseIdentity(stored);
  if (!identity || !isProcessAlive(pid)) return false;
  if (readBootId() !== identity.bootId || readStartTicks(pid) !== identity.startTicks) return false;
  try {
    const environ = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
    return environ.includes(`${TRAINER_NONCE_ENV}=${identity.nonce}`);
  } catch {
    return false;
  }
}
