export const masked = "••••••";

/** A copy of values with the named keys masked (secret inputs of an activity or of a runbook). */
export function maskKeys(values: Record<string, unknown> | null | undefined, secretKeys: readonly string[]): Record<string, unknown> | null {
  if (!values) return null;
  const copy: Record<string, unknown> = { ...values };
  for (const key of secretKeys) {
    if (key in copy && copy[key] !== null && copy[key] !== undefined) copy[key] = masked;
  }

  return copy;
}
