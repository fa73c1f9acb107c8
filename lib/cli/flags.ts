// Command-line flags shared by the tools: Kafka's scripts take `--flag value` pairs, and a bad
// flag is a usage error (exit 2 with the usage text, through tool-main).

export class UsageError extends Error {}

/** A token that is itself a flag (so not a value): `--` then a letter; `--`, `-1` are values. */
function isFlag(token: string): boolean {
  return /^--[a-zA-Z]/.test(token);
}

/** The value following the flag at argv[i]. */
export function flagValue(argv: readonly string[], i: number, flag: string): string {
  const value = argv[i + 1];
  if (value === undefined || isFlag(value)) throw new UsageError(`${flag} needs a value`);
  return value;
}

/** A whole number of at least `min` given to `flag`. */
export function integerFlag(text: string, flag: string, min: number): number {
  if (!/^-?\d+$/.test(text) || Number(text) < min) {
    const what = min === 0 ? 'a non-negative integer' : min === 1 ? 'a positive integer' : `an integer >= ${min}`;
    throw new UsageError(`${flag} must be ${what}, got '${text}'`);
  }
  return Number(text);
}
