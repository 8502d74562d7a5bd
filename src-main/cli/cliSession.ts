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

  static async open(options: GlobalOptions): Promise<CliSession> {
    const projectPath = options.db ?? defaultProjectPath();
    const concurrency = options.concurrency === undefined ? 1 : Number(options.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
      throw new Error(
        `--concurrency must be a whole number from 1 to 64, got "${options.concurrency}"`,
      );
    }
    const api = await createLabApi({ projectPath, concurrency });
    return new CliSession(api, projectPath, options.json === true);
  }

  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiResult<M>> {
    return this.api.call(method, input) as Promise<ApiResult<M>>;
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

/** Run a command body with a session, reporting failures as one clear line (or JSON) and exit code 1. */
export async function withSession(
  options: GlobalOptions,
  body: (session: CliSession) => Promise<void>,
): Promise<void> {
  let session: CliSession | null = null;
  try {
    session = await CliSession.open(options);
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
