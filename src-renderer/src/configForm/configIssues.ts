import type { ApiIssue } from '../../../src-main/api/contract';
import type { ConfigField } from './configFields';

/** Issue paths name the input (`config.optimizer.lr`); fields name the config (`optimizer.lr`). */
const fieldPathOf = (issue: ApiIssue): string => issue.path.replace(/^config\./, '');

/** Validation messages by field path, to show next to their field. */
export function issuesByField(issues: readonly ApiIssue[]): Map<string, string> {
  return new Map(issues.map((i) => [fieldPathOf(i), i.message]));
}

/** The issues no field of the form shows (cross-field checks, unknown keys): listed below it. */
export function issuesOutsideFields(
  issues: readonly ApiIssue[],
  fields: readonly ConfigField[],
): ApiIssue[] {
  return issues.filter((i) => !fields.some((f) => f.path === fieldPathOf(i)));
}
