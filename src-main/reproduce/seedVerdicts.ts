/**
 * How per-seed checks become one claim verdict. PAPER-CLAIMS section 3 states every rule "for
 * every seed" under a 3-seed protocol, so a claim holds only when every seed holds and there
 * are at least that many seeds; it fails when every seed fails; anything in between (seeds
 * disagree, a seed could not be judged, too few seeds) is inconclusive, with the reason.
 */
export type Verdict = 'holds' | 'fails' | 'inconclusive';

/** One seed against the rule: 'undetermined' when its data cannot decide (e.g. too few steps). */
export type SeedOutcome = 'holds' | 'fails' | 'undetermined';

/** The numbers a rule used for one seed, by name (null: the run has no such value). */
export type RuleNumbers = Record<string, number | null>;

export interface SeedResult {
  readonly outcome: SeedOutcome;
  readonly numbers: RuleNumbers;
  /** Why, in a few words, when the outcome needs it (which part failed, what was missing). */
  readonly note: string;
}

export interface SeedCheck extends SeedResult {
  readonly seed: number;
}

export interface ClaimVerdict {
  readonly verdict: Verdict;
  readonly reason: string;
  readonly seeds: readonly SeedCheck[];
}

/** The protocol's seed count (PAPER-CLAIMS section 3, "Common protocol"). */
export const PROTOCOL_SEEDS = 3;

export function combineSeeds(
  seeds: readonly SeedCheck[],
  minSeeds: number = PROTOCOL_SEEDS,
): ClaimVerdict {
  const holding = seeds.filter((s) => s.outcome === 'holds').length;
  const failing = seeds.filter((s) => s.outcome === 'fails').length;
  const undetermined = seeds.length - holding - failing;
  const tally = `${holding} of ${seeds.length} seeds hold, ${failing} fail${undetermined ? `, ${undetermined} undetermined` : ''}`;
  if (seeds.length < minSeeds) {
    return {
      verdict: 'inconclusive',
      reason: `${tally}; the rule needs at least ${minSeeds} seeds`,
      seeds,
    };
  }
  if (holding === seeds.length) return { verdict: 'holds', reason: tally, seeds };
  if (failing === seeds.length) return { verdict: 'fails', reason: tally, seeds };
  return { verdict: 'inconclusive', reason: tally, seeds };
}
