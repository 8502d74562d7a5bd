import type { ApiIssue } from '../../../src-main/api/contract';

/** Issue paths name the input (`config.optimizer.lr`); fields name the config (`optimizer.lr`). */
const fieldPathOf = (issue: ApiIssue): string => issue.path.replace(/^config\./, '');

/** Validation messages by field path, to show next to their field. */
export function issuesByField(issues: readonly ApiIssue[]): Map<string, string> {
  return new Map(issues.map((i) => [fieldPathOf(i), i.message]));
}

/** Whether a field shows an issue: its own path, or an entry of it (`model.convs.0.kernel`). */
const showsIssue = (fieldPath: string, issuePath: string): boolean =>
  issuePath === fieldPath || issuePath.startsWith(`${fieldPath}.`);

/** The issues no field of the form shows (cross-field checks, unknown keys): listed below it. */
export function issuesOutsideFields(
  issues: readonly ApiIssue[],
  fields: readonly { readonly path: string }[],
): ApiIssue[] {
  return issues.filter((i) => !fields.some((f) => showsIssue(f.path, fieldPathOf(i))));
}
