/**
 * A result kept per key and reused while its inputs are the same values (compared with
 * Object.is, so arrays and maps by identity). The dashboard rebuilds a panel's lines and chart
 * only when what that panel depends on changed: a new chart option object would make ECharts
 * redraw the panel, and with 20 runs × 5,000 points that is what a change must not cost the
 * panels it does not touch.
 */
export class MemoByInputs<T> {
  private readonly entries = new Map<string, { inputs: readonly unknown[]; value: T }>();

  get(key: string, inputs: readonly unknown[], build: () => T): T {
    const held = this.entries.get(key);
    if (
      held &&
      held.inputs.length === inputs.length &&
      held.inputs.every((v, i) => Object.is(v, inputs[i]))
    ) {
      return held.value;
    }
    const value = build();
    this.entries.set(key, { inputs, value });
    return value;
  }

  /** Forget the keys not in `keep` (panels that were removed). */
  retain(keep: ReadonlySet<string>): void {
    for (const key of this.entries.keys()) if (!keep.has(key)) this.entries.delete(key);
  }
}
