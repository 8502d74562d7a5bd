import type { ReferenceLearnState } from '../engine/data/learnedSubset';
import type { EngineCheckpoint, EngineRecord } from '../engine/records/engineRecords';
import type { SerializedTensors } from '../engine/records/serializedTensors';
import type { RunConfig } from '../engine/config/configSchemas';
import type { FromTrainer } from '../trainer/trainerProtocol';
import { RESUMABLE_RUN_STATUSES, type RunStatus } from '../shared/runStatus';
import type { RunEvent, RunEventListener } from './runEvents';
import { TRAINER_NONCE_ENV, newTrainerNonce, recordTrainerIdentity } from './trainerIdentity';
import type { TrainerHandle, TrainerLauncher } from './trainerLauncher';

/**
 * The persistence side of a run, implemented over the project store (storeRunRecorder.ts).
 * Kept as an interface so the queue/process logic here reads without SQL in the way.
 */
export interface RunRecorder {
  /** The stored config of a run (validated when the run was created). */
  configOf(runId: number): RunConfig;
  statusOf(runId: number): RunStatus;
  setStatus(
    runId: number,
    status: RunStatus,
    fields?: { error?: string | null; pid?: number | null; trainerIdentity?: string | null },
  ): void;
  latestCheckpoint(runId: number): EngineCheckpoint | null;
  /** A run's final weights (what a run with init.fromRun starts from), or null if it has none. */
  finalWeights(runId: number): SerializedTensors | null;
  /** A completed run's learn state: what a run with dataset.learnedSubset splits into easy/hard. */
  referenceLearnState(runId: number): ReferenceLearnState;
  /** Remove everything recorded at or after `step` (a resumed run re-computes it identically). */
  discardFrom(runId: number, step: number): void;
  /** Persist one record; returns the step it brings data up to, if any. */
  record(runId: number, record: EngineRecord): number | null;
}

interface ActiveRun {
  readonly runId: number;
  readonly trainer: TrainerHandle;
  ended: boolean;
}

export interface RunManagerOptions {
  readonly recorder: RunRecorder;
  readonly launcher: TrainerLauncher;
  readonly cacheDir: string;
  /** The project file, which trainer processes read imported datasets from (read-only). */
  readonly projectPath: string;
  /** Training processes at once (default 1: runs compete for the same cores). */
  readonly concurrency?: number;
}

/**
 * Queue and lifecycle of training processes. One trainer process per run; records stream back
 * and are persisted as they arrive; listeners get progress, status changes and "new data".
 */
export class RunManager {
  private readonly queue: number[] = [];
  private readonly active = new Map<number, ActiveRun>();
  private readonly listeners = new Set<RunEventListener>();
  private readonly idleWaiters: Array<() => void> = [];
  private closed = false;
  private concurrencyLimit: number;

  constructor(private readonly options: RunManagerOptions) {
    this.concurrencyLimit = options.concurrency ?? 1;
  }

  /** Training processes at once from now on (a local sweep asks for one per core). */
  setConcurrency(concurrency: number): void {
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
    }
    this.concurrencyLimit = concurrency;
    this.pump();
  }

  /** Training processes allowed at once. */
  get concurrency(): number {
    return this.concurrencyLimit;
  }

  subscribe(listener: RunEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs this process is training or will train. */
  owns(runId: number): boolean {
    return this.active.has(runId) || this.queue.includes(runId);
  }

  /** Queue a run that is stored as `queued`. A run already queued or running is left alone. */
  enqueue(runId: number): void {
    if (this.closed) throw new Error('the run manager is shut down');
    if (this.owns(runId)) return;
    this.queue.push(runId);
    this.pump();
  }

  /** Continue an interrupted or cancelled run from its last checkpoint. */
  resume(runId: number): void {
    const status = this.options.recorder.statusOf(runId);
    if (!RESUMABLE_RUN_STATUSES.has(status)) {
      throw new Error(
        `run ${runId} is ${status}; only interrupted or cancelled runs can be resumed`,
      );
    }
    if (this.owns(runId)) return;
    this.options.recorder.setStatus(runId, 'queued');
    this.emit({ type: 'status', runId, status: 'queued' });
    this.queue.push(runId);
    this.pump();
  }

  /** Ask a run to stop. A running trainer checkpoints first, so the run stays resumable. */
  cancel(runId: number): boolean {
    const queuedAt = this.queue.indexOf(runId);
    if (queuedAt >= 0) {
      this.queue.splice(queuedAt, 1);
      this.options.recorder.setStatus(runId, 'cancelled');
      this.emit({ type: 'status', runId, status: 'cancelled' });
      this.notifyIdle();
      return true;
    }
    const run = this.active.get(runId);
    if (!run) return false;
    run.trainer.send({ type: 'cancel' });
    return true;
  }

  /** Resolves when nothing is queued or running. */
  whenIdle(): Promise<void> {
    if (this.queue.length === 0 && this.active.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Stop everything this process owns: queued runs go back to `queued` for another session,
   * running trainers are asked to cancel (checkpoint) and are killed if they do not finish in
   * time; those are then marked interrupted and resumable.
   */
  async shutdown(graceMs = 10_000): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    const running = [...this.active.values()];
    for (const run of running) {
      if (run.ended) continue;
      run.trainer.send({ type: 'cancel' });
    }
    if (running.length === 0) return;
    await Promise.race([this.whenIdle(), new Promise((r) => setTimeout(r, graceMs))]);
    for (const run of this.active.values()) run.trainer.kill('SIGKILL');
    await Promise.race([this.whenIdle(), new Promise((r) => setTimeout(r, 2000))]);
  }

  private emit(event: RunEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A failing listener (e.g. a closed SSE stream) must not break training bookkeeping.
      }
    }
  }

  private notifyIdle(): void {
    if (this.queue.length === 0 && this.active.size === 0) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  private pump(): void {
    const limit = this.concurrency;
    while (!this.closed && this.active.size < limit && this.queue.length > 0) {
      const runId = this.queue.shift() as number;
      try {
        this.start(runId);
      } catch (error) {
        this.fail(runId, error instanceof Error ? error.message : String(error));
      }
    }
    this.notifyIdle();
  }

  private start(runId: number): void {
    const { recorder } = this.options;
    const config = recorder.configOf(runId);
    const checkpoint = recorder.latestCheckpoint(runId);
    // A fresh run with init.fromRun starts from its parent's final weights (checked when it was
    // created; the parent may have been deleted since).
    const parentId = checkpoint ? undefined : config.init?.fromRun;
    const initialWeights = parentId === undefined ? null : recorder.finalWeights(parentId);
    if (parentId !== undefined && !initialWeights) {
      throw new Error(
        `init.fromRun: run ${parentId} has no final weights any more (deleted?); nothing to start from`,
      );
    }
    // A run on another run's easy/hard examples re-derives its split from that run's learn
    // times every time it starts (fresh or resumed); prepareData refuses a changed split.
    const referenceId = config.dataset.learnedSubset?.referenceRun;
    const learnedSubsetReference =
      referenceId === undefined ? null : recorder.referenceLearnState(referenceId);
    if (learnedSubsetReference && learnedSubsetReference.learned.length === 0) {
      throw new Error(
        `dataset.learnedSubset: run ${referenceId} has no stored examples any more (deleted?); nothing to select from`,
      );
    }
    recorder.discardFrom(runId, checkpoint ? checkpoint.step : 0);
    const nonce = newTrainerNonce();
    const trainer = this.options.launcher.launch({ env: { [TRAINER_NONCE_ENV]: nonce } });
    const run: ActiveRun = { runId, trainer, ended: false };
    this.active.set(runId, run);
    recorder.setStatus(runId, 'running', {
      pid: trainer.pid ?? null,
      trainerIdentity: recordTrainerIdentity(trainer.pid, nonce),
      error: null,
    });
    this.emit({ type: 'status', runId, status: 'running' });
    trainer.onMessage((message) => this.onTrainerMessage(run, message));
    trainer.onExit((code, signal) => this.onTrainerExit(run, code, signal));
    trainer.send({
      type: 'train',
      runId,
      config,
      dataContext: { cacheDir: this.options.cacheDir },
      projectPath: this.options.projectPath,
      ...(checkpoint ? { resumeFrom: checkpoint } : {}),
      ...(initialWeights ? { initialWeights } : {}),
      ...(learnedSubsetReference ? { learnedSubsetReference } : {}),
    });
  }

  private onTrainerMessage(run: ActiveRun, message: FromTrainer): void {
    if (message.type === 'failed') {
      this.finish(run, 'failed', message.message);
      return;
    }
    const { record } = message;
    try {
      const step = this.options.recorder.record(run.runId, record);
      if (record.kind === 'progress') {
        const { kind: _kind, ...progress } = record;
        this.emit({ type: 'progress', runId: run.runId, ...progress });
      } else if (step !== null) {
        this.emit({ type: 'data', runId: run.runId, step });
      }
      if (record.kind === 'end') this.finish(run, record.status, record.message ?? null);
    } catch (error) {
      // The store refused a write (disk full, read-only…): stop training rather than lose data silently.
      run.trainer.kill('SIGKILL');
      this.finish(
        run,
        'failed',
        `could not save the run: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private onTrainerExit(run: ActiveRun, code: number | null, signal: string | null): void {
    if (!run.ended) {
      const how = signal ? `signal ${signal}` : `exit code ${code}`;
      // The trainer vanished without an end record: resumable from its last checkpoint.
      this.finish(run, 'interrupted', `trainer process ended unexpectedly (${how})`);
    }
    this.active.delete(run.runId);
    this.pump();
  }

  private finish(run: ActiveRun, status: RunStatus, error: string | null): void {
    if (run.ended) return;
    run.ended = true;
    const message = status === 'completed' || status === 'cancelled' ? null : error;
    try {
      this.options.recorder.setStatus(run.runId, status, { error: message, pid: null });
    } catch {
      // Status could not be written (project gone): the next open marks the run interrupted.
    }
    this.emit({ type: 'status', runId: run.runId, status, error: message });
  }

  private fail(runId: number, error: string): void {
    try {
      this.options.recorder.setStatus(runId, 'failed', { error, pid: null });
    } catch {
      // see finish()
    }
    this.emit({ type: 'status', runId, status: 'failed', error });
  }
}
