import { describe, expect, it } from "vitest";
import type { ProgressView, StepView } from "../api/types";
import { mergeProgress, percent, progressText, withProgress } from "./progress";
import type { NodeState } from "./runState";

function rec(path: string, status: string, attempt = 1): StepView {
  return {
    path, id: path, item: null, attempt, status, changed: false, startedAt: null, endedAt: null, inputs: null, outputs: null,
    error: null, handled: false, superseded: false, dueAt: null, bookmark: null, worker: null, sequence: 1, revision: 1,
  };
}

function report(path: string, done: number, extra: Partial<ProgressView> = {}): ProgressView {
  return { path, item: null, attempt: 1, done, total: 200, unit: "items", message: null, at: `2026-01-01T00:00:0${done % 10}Z`, ...extra };
}

describe("progress", () => {
  it("keeps the latest report of a running record and drops it once the record stops running", () => {
    const running = new Map([["copy", rec("copy", "running")]]);
    const kept = mergeProgress(new Map(), [report("copy", 1), report("copy", 2)], running);
    expect(kept.get("copy")?.done).toBe(2);

    const finished = mergeProgress(kept, [], new Map([["copy", rec("copy", "completed")]]));
    expect(finished.size).toBe(0);
  });

  it("ignores a report for another attempt or a step not running", () => {
    const records = new Map([["copy", rec("copy", "running", 2)], ["done", rec("done", "completed")]]);
    expect(mergeProgress(new Map(), [report("copy", 5), report("done", 5)], records).size).toBe(0);
  });

  it("puts the latest report of a loop's items on the step's node", () => {
    const states = new Map<string, NodeState>([["each/copy", { shown: "running", counts: { running: 2 }, total: 2 }]]);
    const progress = new Map([
      ["each[a]/copy", report("each[a]/copy", 3)],
      ["each[b]/copy", report("each[b]/copy", 7, { item: "b" })],
    ]);
    expect(withProgress(states, progress).get("each/copy")?.progress?.item).toBe("b");
  });

  it("formats done of total in the unit, bytes in binary multiples", () => {
    expect(progressText(report("copy", 50))).toBe("25% · 50 / 200 items");
    expect(progressText(report("up", 1536, { total: 1048576, unit: "bytes" }))).toBe("0% · 1.5 KiB / 1.0 MiB");
    expect(progressText(report("scan", 12, { total: null, unit: null }))).toBe("12");
    expect(percent(report("copy", 500))).toBe(100);
  });
});
