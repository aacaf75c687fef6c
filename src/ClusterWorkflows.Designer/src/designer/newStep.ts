import type { ActivityDescriptor } from "../api/types";
import { fieldsOf } from "../forms/schemaFields";

/** A new activity step: its required inputs present (default or empty) so the form shows what to fill. */
export function newActivityStep(activity: ActivityDescriptor): { step: Record<string, unknown>; idBase: string } {
  const required = fieldsOf(activity.inputs, activity.secretInputs).filter((f) => f.required);
  const step: Record<string, unknown> = { uses: activity.reference };
  if (required.length > 0) {
    step.with = Object.fromEntries(required.map((f) => [f.name, f.default ?? ""]));
  }

  return { step, idBase: activity.type.split(".").pop() ?? "step" };
}
