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
