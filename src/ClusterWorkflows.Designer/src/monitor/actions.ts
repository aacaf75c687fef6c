import { api } from "../api/client";
import type { RunView, StepView } from "../api/types";

export type Alteration = "retry" | "skip" | "resume-from" | "cancel" | "approve" | "reject";

/** One operator decision; the server audits it with the reason and answers 409 if the run's state forbids it. */
export function alter(runId: string, action: Alteration, body: Record<string, unknown>): Promise<RunView> {
  return api<RunView>(`/api/runs/${runId}/${action}`, { method: "POST", body });
}

/** Faulted steps nobody handled yet: what the incident panel offers to retry or skip. */
export function openIncidents(records: Iterable<StepView>): StepView[] {
  return [...records].filter((r) => r.status === "faulted" && !r.handled && !r.superseded);
}

export function waitingApprovals(records: Iterable<StepView>): StepView[] {
  return [...records].filter((r) => r.status === "waiting" && !r.superseded && (r.bookmark as { kind?: string } | null)?.kind === "approval");
}
