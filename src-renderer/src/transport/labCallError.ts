import type { ApiErrorBody, ApiIssue } from '../../../src-main/api/contract';

/** A failed API call as the views see it, whichever transport carried it. */
export class LabCallError extends Error {
  readonly code: ApiErrorBody['code'];
  readonly issues: ApiIssue[];

  constructor(
    readonly method: string,
    body: ApiErrorBody,
    readonly status?: number,
  ) {
    super(body.message);
    this.name = 'LabCallError';
    this.code = body.code;
    this.issues = body.issues ?? [];
  }
}

/** A sentence a person can act on, from anything a call may throw. */
export function describeFailure(error: unknown): string {
  if (error instanceof LabCallError) return error.message;
  if (error instanceof Error) {
    // Electron wraps handler errors as "Error invoking remote method 'x': Error: message".
    return error.message.replace(/^Error invoking remote method '[^']+': (\w*Error: )?/, '');
  }
  return String(error);
}

/**
 * The validation problems of a call refused as invalid input, whichever transport carried it
 * (HTTP keeps the structured issues; Electron's bridge keeps the code in the error's name and
 * the issues in its message), or null for any other failure.
 */
export function invalidInputIssues(error: unknown): ApiIssue[] | null {
  const body = (error as { body?: { code?: string; issues?: ApiIssue[] } } | null)?.body;
  const code =
    error instanceof LabCallError
      ? error.code
      : (body?.code ??
        (error instanceof Error ? /^LabError:(.+)$/.exec(error.name)?.[1] : undefined));
  if (code !== 'invalid-input') return null;
  const issues = error instanceof LabCallError ? error.issues : (body?.issues ?? []);
  return issues.length ? issues : [{ path: '', message: describeFailure(error) }];
}
