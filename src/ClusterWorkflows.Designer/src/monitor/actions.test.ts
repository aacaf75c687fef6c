import { describe, expect, it } from "vitest";
import type { StepView } from "../api/types";
import { openIncidents, waitingApprovals } from "./actions";

const base = { id: "x", item: null, attempt: 1, changed: false, startedAt: null, endedAt: null, inputs: null, outputs: null, error: null, handled: false, superseded: false, dueAt: null, bookmark: null, worker: null, sequence: 1, revision: 1 };

describe("incidents and approvals from the journal", () => {
  it("only unhandled, current faults are incidents", () => {
    const records: StepView[] = [
      { ...base, path: "a", status: "faulted" },
      { ...base, path: "b", status: "faulted", handled: true },
      { ...base, path: "c", status: "faulted", superseded: true },
      { ...base, path: "d", status: "completed" },
    ];

    expect(openIncidents(records).map((r) => r.path)).toEqual(["a"]);
  });

  it("a waiting step is an approval only when its bookmark says so (a delay also waits)", () => {
    const records: StepView[] = [
      { ...base, path: "ask", status: "waiting", bookmark: { kind: "approval", message: "go?" } },
      { ...base, path: "nap", status: "waiting", bookmark: { kind: "timer" } },
    ];

    expect(waitingApprovals(records).map((r) => r.path)).toEqual(["ask"]);
  });
});
