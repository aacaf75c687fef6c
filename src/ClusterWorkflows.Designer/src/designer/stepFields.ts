import type { Field } from "../forms/schemaFields";
import type { DocPath, StepKind } from "../model/stepTree";

/** A field of the step itself (not of its activity): where it lives under the step, and its control. */
export interface StepField {
  key: DocPath;
  field: Field;
}

const base = { nullable: false, duration: false, required: false } as const;
const text = (name: string, description: string, extra: Partial<Field> = {}): Field => ({ ...base, name, type: "string", kind: "text", description, ...extra });
const duration = (name: string, description: string): Field => text(name, description, { duration: true, pattern: "^(\\d+(ms|s|m|h|d))+$|^\\d{1,2}:\\d{2}:\\d{2}(\\.\\d+)?$" });
const integer = (name: string, description: string, minimum = 0): Field => ({ ...base, name, type: "integer", kind: "integer", description, minimum });
const structured = (name: string, type: "array" | "object", description: string): Field => ({ ...base, name, type, kind: "structured", description });

// The keys of the runbook format itself (docs/runbook-format.md), which is the language the
// designer edits; activities' own inputs always come from the server's descriptors.
const common: StepField[] = [
  { key: ["name"], field: text("name", "A title for people.") },
  { key: ["when"], field: text("when", "Condition; false skips the step (bare expression or ${{ }}).") },
  { key: ["timeout"], field: duration("timeout", "Duration of one attempt (30s, 5m, 1h30m).") },
  { key: ["retry"], field: structured("retry", "object", "{ maxAttempts, delay, backoff, maxDelay, on }") },
  { key: ["continueOnError"], field: { ...base, name: "continueOnError", type: "boolean", kind: "boolean", description: "A failure of this step does not fail its parent." } },
];

const byKind: Partial<Record<StepKind, StepField[]>> = {
  forEach: [
    { key: ["forEach"], field: text("forEach", "A ${{ }} expression yielding a list, or a literal list.", { required: true }) },
    { key: ["as"], field: text("as", "Loop variable name (default: item).") },
    { key: ["concurrency"], field: integer("concurrency", "Items running at once inside a batch (default 5).", 1) },
    { key: ["serial"], field: structured("serial", "array", "Batch sizes: counts or percentages, the last repeats.") },
    { key: ["maxFailPercentage"], field: integer("maxFailPercentage", "Failed items tolerated, in % of all items.") },
  ],
  if: [{ key: ["if"], field: text("if", "Condition (bare expression or ${{ }}).", { required: true }) }],
  switch: [{ key: ["switch"], field: text("switch", "Value compared with the case keys as text.", { required: true }) }],
  approval: [
    { key: ["approval", "message"], field: text("message", "What the approvers are asked.") },
    { key: ["approval", "approvers"], field: structured("approvers", "array", "Who may approve (optional).") },
    { key: ["approval", "role"], field: text("role", "Or anyone with this role (optional).") },
    { key: ["approval", "minApprovals"], field: integer("minApprovals", "Distinct approvals needed (default 1).", 1) },
    { key: ["approval", "timeout"], field: duration("timeout", "Then the step faults with approval.timeout.") },
  ],
  delay: [{ key: ["delay"], field: text("delay", "Duration, or an expression ending in a unit.", { required: true }) }],
  waitUntil: [{ key: ["waitUntil"], field: text("waitUntil", "An instant with an offset (2026-12-01T03:00:00Z).", { required: true }) }],
  call: [
    { key: ["call", "workflow"], field: text("workflow", "The runbook to call.", { required: true }) },
    { key: ["call", "version"], field: integer("version", "Calls are pinned to a version.", 1) },
    { key: ["call", "with"], field: structured("with", "object", "Inputs of the called runbook.") },
  ],
};

export function stepFields(kind: StepKind): StepField[] {
  return [...(byKind[kind] ?? []), ...common];
}

export const idField: Field = text("id", "Unique in the whole workflow; the journal's key, keep it stable.", { required: true, pattern: "^[A-Za-z_][A-Za-z0-9_-]*$" });
