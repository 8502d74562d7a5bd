import { ConfigError } from '../engine/config/configIssues';

/** One problem with a sweep: where (a definition field, or a cell and its config key) and what. */
export interface SweepIssue {
  /** The cell's label (`labelNoise=0.5 aggregator.kind=m3`), absent for definition fields. */
  readonly cell?: string;
  /** Dotted key: a definition field (`axes.optimizer.lr`) or a run-config key (`optimizer.lr`). */
  readonly key: string;
  readonly message: string;
}

/** At most this many issues are spelled out in the message (all are kept in `issues`). */
const SHOWN_ISSUES = 12;

/**
 * A sweep that cannot be created: nothing was written. A ConfigError, so every adapter that
 * reports bad configs reports this one the same way; `issues` carries the structure for forms.
 */
export class SweepDefinitionError extends ConfigError {
  constructor(readonly issues: readonly SweepIssue[]) {
    super(describeSweepIssues(issues));
    this.name = 'SweepDefinitionError';
  }
}

function describeSweepIssues(issues: readonly SweepIssue[]): string {
  const lines = issues.slice(0, SHOWN_ISSUES).map((issue) => {
    const where = issue.cell === undefined ? issue.key : `cell ${issue.cell}: ${issue.key}`;
    return `${where || '(sweep)'}: ${issue.message}`;
  });
  if (issues.length > SHOWN_ISSUES) lines.push(`… and ${issues.length - SHOWN_ISSUES} more`);
  return `invalid sweep: ${lines.join('; ')}`;
}
