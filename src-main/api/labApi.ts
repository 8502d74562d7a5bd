import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ForkTrainerLauncher } from '../runs/forkTrainerLauncher';
import { RunManager } from '../runs/runManager';
import { StoreRunRecorder } from '../runs/storeRunRecorder';
import type { TrainerLauncher } from '../runs/trainerLauncher';
import { datasetCacheDir } from '../store/projectPaths';
import { ProjectStore } from '../store/projectStore';
import { ProjectStoreError } from '../store/storeErrors';
import { ApiError, issuesOf } from './apiError';
import type { ApiContext } from './apiContext';
import { isApiMethod } from '../shared/apiNames';
import { appVersion } from './appVersion';
import {
  apiInputs,
  type ApiEventArgs,
  type ApiInput,
  type ApiMethod,
  type ApiParsedInput,
  type ApiResult,
  type ProjectInfo,
} from './contract';
import { handlers } from './handlerTable';
import { markStaleRuns } from './handlers/runLifecycleHandlers';
import { readRecentProjects, rememberProject } from '../store/recentProjects';

/** Receives every API event; checking `event` narrows `payload` to that event's type. */
export type ApiEventListener = (...event: ApiEventArgs) => void;

/**
 * What a transport adapter (the Electron IPC bridge, the browser-mode server) needs from the
 * back end: the one entry that takes a method name and input exactly as they arrived over the
 * wire — untyped at compile time, validated at run time with the contract's zod schemas — and
 * the event stream.
 */
export interface LabApiTransport {
  /** Validate `rawInput` for `method` and run it; rejects with ApiError (structured body). */
  callUntyped(method: string, rawInput: unknown): Promise<unknown>;
  subscribe(listener: ApiEventListener): () => void;
}

/** The back end every front end calls: typed methods, pushed events, and close. */
export interface LabApi extends LabApiTransport {
  /** Run `method` with a typed input (validated all the same, which fills in defaults). */
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiResult<M>>;
  close(): Promise<void>;
}

export interface LabApiOptions {
  readonly projectPath: string;
  /**
   * Whether a missing project file is created (default true: the default project on first
   * use, a command that creates). false: the file must already be a project; a missing one
   * fails with not-found and nothing is created (read commands, reopening the last project).
   */
  readonly create?: boolean;
  /** How trainer processes start: child_process.fork headless, utilityProcess in Electron. */
  readonly launcher?: TrainerLauncher;
  readonly concurrency?: number;
  readonly cacheDir?: string;
}

class LabApiImpl implements LabApi {
  private ctx: ApiContext;
  private readonly listeners = new Set<ApiEventListener>();
  private unsubscribeRuns: () => void;

  constructor(
    private readonly options: LabApiOptions,
    ctx: ApiContext,
  ) {
    this.ctx = ctx;
    this.unsubscribeRuns = this.forwardRunEvents();
  }

  static open(options: LabApiOptions): LabApiImpl {
    const projectPath = resolve(options.projectPath);
    return new LabApiImpl(
      options,
      LabApiImpl.openContext(options, projectPath, options.create ?? true),
    );
  }

  private static openContext(
    options: LabApiOptions,
    projectPath: string,
    create: boolean,
  ): ApiContext {
    const version = appVersion();
    const store = ProjectStore.open(projectPath, { create, appVersion: version });
    const cacheDir = options.cacheDir ?? datasetCacheDir();
    const runs = new RunManager({
      recorder: new StoreRunRecorder(store),
      launcher: options.launcher ?? new ForkTrainerLauncher(),
      cacheDir,
      projectPath,
      concurrency: options.concurrency ?? 1,
    });
    const ctx: ApiContext = { store, runs, cacheDir, appVersion: version };
    markStaleRuns(ctx);
    rememberProject(projectPath);
    return ctx;
  }

  private forwardRunEvents(): () => void {
    return this.ctx.runs.subscribe((event) => {
      if (event.type === 'progress') {
        const { type: _type, ...payload } = event;
        this.emit('run.progress', payload);
      } else if (event.type === 'status') {
        this.emit('run.status', {
          runId: event.runId,
          status: event.status,
          error: event.error ?? null,
        });
        this.emit('runs.changed', {});
      } else {
        this.emit('run.data', { runId: event.runId, step: event.step });
      }
    });
  }

  private emit(...event: ApiEventArgs): void {
    for (const listener of this.listeners) {
      try {
        listener(...event);
      } catch {
        // One broken listener (closed stream) must not stop the others.
      }
    }
  }

  private projectInfo(): ProjectInfo {
    return {
      path: this.ctx.store.path,
      name: this.ctx.store.projectName(),
      runCount: this.ctx.store.runs.count(),
      schemaVersion: this.ctx.store.schemaVersion,
    };
  }

  async call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiResult<M>> {
    // The handler of `method` returns ApiResult<M> (the handler table is typed per method).
    return (await this.callUntyped(method, input)) as ApiResult<M>;
  }

  async callUntyped(method: string, rawInput: unknown): Promise<unknown> {
    if (!isApiMethod(method)) {
      throw new ApiError({ code: 'not-found', message: `unknown method "${method}"` });
    }
    const parsed = apiInputs[method].safeParse(rawInput ?? {});
    if (!parsed.success) throw ApiError.invalidInput(method, issuesOf(parsed.error));
    try {
      return await this.dispatch(method, parsed.data);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      if (error instanceof ProjectStoreError) {
        throw new ApiError({
          code:
            error.code === 'not-found'
              ? 'not-found'
              : error.code === 'invalid-state'
                ? 'conflict'
                : 'failed',
          message: error.message,
        });
      }
      throw new ApiError({
        code: 'failed',
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private async dispatch(method: ApiMethod, input: unknown): Promise<unknown> {
    switch (method) {
      case 'project.info':
        return this.projectInfo();
      case 'project.recent':
        return readRecentProjects();
      case 'project.open':
        return this.openProject(input as { path: string; create: boolean });
      case 'project.saveCopy': {
        const { path, overwrite } = input as ApiParsedInput<'project.saveCopy'>;
        return { path: this.ctx.store.saveCopy(path, { overwrite }) };
      }
      default: {
        const handler = handlers[method] as (ctx: ApiContext, input: unknown) => unknown;
        return handler(this.ctx, input);
      }
    }
  }

  private async openProject(input: { path: string; create: boolean }): Promise<ProjectInfo> {
    const path = resolve(input.path);
    if (path === this.ctx.store.path) return this.projectInfo();
    if (!input.create) {
      if (!existsSync(path)) throw ApiError.notFound(`${path} does not exist`);
    }
    const next = LabApiImpl.openContext(this.options, path, input.create);
    const previous = this.ctx;
    this.unsubscribeRuns();
    this.ctx = next;
    this.unsubscribeRuns = this.forwardRunEvents();
    // Runs of the previous project finish their current checkpoint and stay resumable there.
    await previous.runs.shutdown();
    previous.store.close();
    this.emit('runs.changed', {});
    return this.projectInfo();
  }

  subscribe(listener: ApiEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.unsubscribeRuns();
    await this.ctx.runs.shutdown();
    this.ctx.store.close();
    this.listeners.clear();
  }
}

export async function createLabApi(options: LabApiOptions): Promise<LabApi> {
  return LabApiImpl.open(options);
}
