import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createLabApi, type LabApi } from '../api/labApi';
import { ApiError } from '../api/apiError';
import type { ApiInput, ApiMethod, ApiResult } from '../api/contract';
import { defaultProjectPath } from '../store/projectPaths';
import { terminalSafe, terminalSafeJson } from './terminalText';

/** Options every command accepts. */
export interface GlobalOptions {
  readonly db?: string;
  readonly json?: boolean;
  /** Training processes at once (default 1); each uses one core on the wasm/cpu backends. */
  readonly concurrency?: string;
}

/** How a command opens its project; `createProject` is set in code, never a flag. */
export interface SessionOptions extends GlobalOptions {
  /** Commands that make something (run, demo, import, datasets import) may create it. */
  readonly createProject?: boolean;
}

/** The options of a command that may create a missing project. */
export const creatingProject = (options: GlobalOptions): SessionOptions => ({
  ...options,
  createProject: true,
});

/**
 * A command's connection to the back end: the same typed API the desktop app and the browser
 * mode use, opened on the project named by --db (or the default project).
 */
export class CliSession {
  private constructor(
    readonly api: LabApi,
    readonly projectPath: string,
    readonly json: boolean,
  ) {}

  /**
   * `create`: only commands that make something (run, demo, import, datasets import) may
   * create a missing project; every other command on a missing project says so and creates
   * neither the file nor its folder.
   */
  static async open(options: GlobalOptions, create = false): Promise<CliSession> {
    const projectPath = resolve(options.db ?? defaultProjectPath());
    if (!create && !existsSync(projectPath)) {
      throw new Error(
        `no project at ${projectPath} (the file does not exist); \`coherence-lab run\`, \`demo\` or \`import\` create one`,
      );
    }
    const concurrency = options.concurrency === undefined ? 1 : Number(options.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
      throw new Error(
        `--concurrency must be a whole number from 1 to 64, got "${options.concurrency}"`,
      );
    }
    const api = await createLabApi({ projectPath, concurrency, create });
    return new CliSession(api, projectPath, options.json === true);
  }

  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiResult<M>> {
    return this.api.call(method, input);
  }

  close(): Promise<void> {
    return this.api.close();
  }
}

/** Exactly one JSON document on stdout, nothing else (inert on a terminal, see terminalSafeJson). */
export function printJson(document: unknown): void {
  process.stdout.write(`${terminalSafeJson(JSON.stringify(document, null, 2))}\n`);
}

export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    return error.body.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Run a command body with a session (creating a missing project only with `createProject`),
 * reporting failures as one clear line (or JSON) and exit code 1. */
export async function withSession(
  options: SessionOptions,
  body: (session: CliSession) => Promise<void>,
): Promise<void> {
  let session: CliSession | null = null;
  try {
    session = await CliSession.open(options, options.createProject === true);
    await body(session);
  } catch (error) {
    if (options.json) {
      printJson({
        error:
          error instanceof ApiError
            ? error.body
            : { code: 'failed', message: describeError(error) },
      });
    } else {
      const message = terminalSafe(describeError(error), { keepNewlines: true });
      process.stderr.write(`coherence-lab: ${message}\n`);
    }
    process.exitCode = process.exitCode && process.exitCode !== 0 ? process.exitCode : 1;
  } finally {
    await session?.close();
  }
}

export function parseRunIds(values: readonly string[]): number[] {
  return values.map((value) => {
    const id = Number(value);
    if (!Number.isInteger(id) || id <= 0)
      throw new Error(`run id must be a positive integer, got "${value}"`);
    return id;
  });
}
