import { describe, expect, it } from "vitest";
import { lineDiff } from "./versionDiff";

describe("lineDiff", () => {
  it("identical versions: no lines at all", () => {
    expect(lineDiff("a\nb\n", "a\nb\n")).toEqual([]);
  });

  it("a changed line in a long file: the change with 3 lines of context, the rest collapsed", () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
    const after = before.replace("line 10\n", "line ten\n");

    const diff = lineDiff(before, after);

    expect(diff.map((l) => l.type)).toEqual(["gap", "same", "same", "same", "del", "add", "same", "same", "same", "gap"]);
    expect(diff[0]?.text).toBe("6 unchanged lines");
    expect(diff[4]).toEqual({ type: "del", text: "line 10", oldNo: 10 });
    expect(diff[5]).toEqual({ type: "add", text: "line ten", newNo: 10 });
  });

  it("added lines at the end are numbered in the new version", () => {
    expect(lineDiff("a\n", "a\nb\n")).toEqual([{ type: "same", text: "a", oldNo: 1, newNo: 1 }, { type: "add", text: "b", newNo: 2 }]);
  });
});
