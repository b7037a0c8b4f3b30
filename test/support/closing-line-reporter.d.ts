// Types for the part of closing-line-reporter.js (plain JS, as jest loads reporters) that the setups import.
export function failingSetupCounts<A extends unknown[]>(
  setup: (...args: A) => Promise<void>,
): (...args: A) => Promise<void>;
