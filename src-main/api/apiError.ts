import type { z } from 'zod';
import type { ApiErrorBody, ApiIssue } from './contract';
import { zodIssues } from '../engine/config/configIssues';

/** The one error type handlers raise; every transport sends its body instead of a stack trace. */
export class ApiError extends Error {
  constructor(readonly body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
  }

  static invalidInput(where: string, issues: ApiIssue[]): ApiError {
    const detail = issues
      .map((i) => `${i.path || '(input)'}: ${i.message}${i.help ? ` (${i.help})` : ''}`)
      .join('; ');
    return new ApiError({ code: 'invalid-input', message: `${where}: ${detail}`, issues });
  }

  static notFound(message: string): ApiError {
    return new ApiError({ code: 'not-found', message });
  }

  static conflict(message: string): ApiError {
    return new ApiError({ code: 'conflict', message });
  }
}

export function issuesOf(error: z.ZodError): ApiIssue[] {
  return zodIssues(error);
}

/** Convert anything thrown by lower layers into a structured ApiError body. */
export function toApiErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof ApiError) return error.body;
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'failed', message };
}
