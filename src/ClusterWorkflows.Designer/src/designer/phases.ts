/** Moments of the latest opening (performance.now()), published with its timing to find where time goes. */
export const phases: Record<string, number> = {};

export function markPhase(name: string): void {
  phases[name] = performance.now();
}
