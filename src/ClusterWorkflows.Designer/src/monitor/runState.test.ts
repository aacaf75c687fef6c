import { describe, expect, it } from "vitest";
import type { StepView } from "../api/types";
import { definitionPath, loopItems, mergeSteps, nodeStates, segments } from "./runState";

let revision = 0;
function rec(path: string, status: string, extra: Partial<StepView> = {}): StepView {
  revision++;
  return {
    path, id: path.split("/").pop()!.replace(/\[.*$/, ""), item: null, attempt: 1, status, changed: false,
    startedAt: null, endedAt: null, inputs: null, outputs: null, error: null, handled: false, superseded: false,
    dueAt: null, bookmark: null, worker: null, sequence: revision, revision, ...extra,
  };
}

describe("journal paths", () => {
  it("loop items are cut out of the path, even items holding slashes and brackets", () => {
    expect(segments("prepare[h/1]/keys[k[0]]/key")).toEqual([{ id: "prepare", item: "h/1" }, { id: "keys", item: "k[0]" }, { id: "key" }]);
    expect(definitionPath("prepare[h1]/keys[k1]/key")).toBe("prepare/keys/key");
  });

  it("merge keeps the newest revision of each record and ignores an older replay", () => {
    const first = rec("a", "running");
    const done = rec("a", "completed");

    const merged = mergeSteps(mergeSteps(new Map(), [first, done]), [first]);

    expect(merged.get("a")?.status).toBe("completed");
  });
});

describe("nodeStates", () => {
  it("completed splits into changed and unchanged; durations come from start and end", () => {
    const states = nodeStates([
      rec("a", "completed", { changed: true, startedAt: "2026-01-01T00:00:00Z", endedAt: "2026-01-01T00:00:02Z" }),
      rec("b", "completed"),
      rec("c", "skipped"),
    ], new Set());

    expect(states.get("a")).toMatchObject({ shown: "changed", durationMs: 2000 });
    expect(states.get("b")?.shown).toBe("unchanged");
    expect(states.get("c")?.shown).toBe("skipped");
  });

  it("a forEach over 500 items: one state per node with counts, items counted on the loop", () => {
    const records: StepView[] = [];
    for (let i = 0; i < 500; i++) {
      records.push(rec(`each[host${i}]/say`, i < 490 ? "completed" : i < 498 ? "running" : "faulted"));
    }

    const states = nodeStates(records, new Set(["each"]));

    expect(states.get("each/say")).toMatchObject({ shown: "faulted", total: 500, counts: { unchanged: 490, running: 8, faulted: 2 } });
    expect(states.get("each")).toMatchObject({ shown: "faulted", total: 500 });
    expect(states.size).toBe(2);
  });

  it("an item with one faulted step of two counts as faulted on its loop", () => {
    const states = nodeStates([rec("each[a]/x", "completed"), rec("each[a]/y", "faulted"), rec("each[b]/x", "completed"), rec("each[b]/y", "completed")], new Set(["each"]));

    expect(states.get("each")?.counts).toEqual({ faulted: 1, unchanged: 1 });
  });

  it("a sequence group sums up its children; superseded attempts do not count", () => {
    const states = nodeStates([rec("g/a", "faulted", { superseded: true }), rec("g/a", "completed", { attempt: 2 }), rec("g/b", "running")], new Set());

    expect(states.get("g")).toMatchObject({ shown: "running", counts: { unchanged: 1, running: 1 } });
    expect(states.get("g/a")).toMatchObject({ shown: "unchanged", attempt: 2 });
  });
});

describe("loopItems", () => {
  it("lists each item of a nested loop with its records and state", () => {
    const records = [rec("p[h1]/k[a]/x", "completed"), rec("p[h1]/k[b]/x", "faulted"), rec("p[h2]/k[a]/x", "completed"), rec("other", "completed")];

    const outer = loopItems(records, "p");
    const inner = loopItems(records, "p/k");

    expect(outer.map((i) => [i.key, i.state.shown, i.records.length])).toEqual([["h1", "faulted", 2], ["h2", "unchanged", 1]]);
    expect(inner.map((i) => i.prefix)).toEqual(["p[h1]/k[a]", "p[h1]/k[b]", "p[h2]/k[a]"]);
  });
});
