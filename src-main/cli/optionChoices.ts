/**
 * A command-line value that must be one of the API's own names (statuses, series, formats…):
 * returned typed, or refused before anything runs with an error naming the option and every
 * accepted value.
 */
export function parseChoice<T extends string>(
  option: string,
  value: string,
  choices: readonly T[],
): T {
  const found = choices.find((choice) => choice === value);
  if (found === undefined) {
    throw new Error(`${option} must be one of ${choices.join(', ')}; got "${value}"`);
  }
  return found;
}
