import type { z } from 'zod';

/** One validation problem, naming the dotted key it is about ("" for the whole input). */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
}

/** Validation problems with the dotted key each one is about. */
export function zodIssues(error: z.ZodError): ConfigIssue[] {
  return error.issues.map((issue) => {
    const base = issue.path.map(String).join('.');
    // Unknown keys are reported on the parent object; name the key itself so it can be fixed.
    if (issue.code === 'unrecognized_keys') {
      return {
        path: issue.keys.map((k) => (base ? `${base}.${k}` : k)).join(', '),
        message: 'unknown key',
      };
    }
    return { path: base, message: issue.message };
  });
}

/** Human-readable list of validation problems, each naming its dotted key. */
export function describeConfigIssues(error: z.ZodError): string {
  return zodIssues(error)
    .map((issue) => `${issue.path || '(config)'}: ${issue.message}`)
    .join('; ');
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
