/**
 * A run's colour depends on its id only, so it is the same in every chart and every session.
 * Golden-angle hue steps keep consecutive ids far apart on the colour wheel.
 */
export function runColor(runId: number, dark: boolean): string {
  const hue = (runId * 137.508 + 200) % 360;
  return dark ? `hsl(${hue.toFixed(1)} 70% 65%)` : `hsl(${hue.toFixed(1)} 65% 42%)`;
}
