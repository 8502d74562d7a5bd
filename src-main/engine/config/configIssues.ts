import type { z } from 'zod';
import { contentExcerpt } from '../../shared/contentExcerpt';

/** One validation problem, naming the dotted key it is about ("" for the whole input). */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * A key as it may appear in a message. Record keys and unknown keys are the input's own text (a
 * config or bundle file), so a key longer than 16 bytes or not plain printable ASCII is shown
 * as a short excerpt (contentExcerpt), never whole.
 */
const keyInMessage = (key: PropertyKey): string => {
  const text = String(key);
  return text.length <= 16 && /^[\x20-\x7e]*$/.test(text) ? text : contentExcerpt(text);
};

/** Validation problems with the dotted key each one is about. */
export function zodIssues(error: z.ZodError): ConfigIssue[] {
  return error.issues.map((issue) => {
    const base = issue.path.map(keyInMessage).join('.');
    // Unknown keys are reported on the parent object; name the key itself so it can be fixed.
    if (issue.code === 'unrecognized_keys') {
      return {
        path: issue.keys
          .map(keyInMessage)
          .map((k) => (base ? `${base}.${k}` : k))
          .join(', '),
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
