import { describe, expect, it } from "vitest";
import { repoFile } from "../testing/fixtures";
import { copyStep, deleteStep, duplicateStep, insertStep, moveStep, pasteStep, setStepValue } from "./stepEdits";
import { findStep, readRunbook } from "./stepTree";

const bootstrap = repoFile("workflows/bootstrap-cluster.yaml");

function changedLines(before: string, after: string): string[] {
  const a = before.split("\n");
  return after.split("\n").filter((line, i) => line !== a[i]);
}

describe("edits keep the author's text", () => {
  it("changing one field of one step: every other line, comments and flow styles included, is unchanged", () => {
    const step = findStep(readRunbook(bootstrap).model.steps, "check_inventory/known_hosts")!;

    const after = setStepValue(bootstrap, step.docPath, ["with", "message"], "pin the host keys");

    expect(after.split("\n").length).toBe(bootstrap.split("\n").length);
    expect(changedLines(bootstrap, after)).toEqual(['          message: pin the host keys']);
    expect(after).toContain("# yaml-language-server: $schema=../docs/runbook.schema.json");
    expect(after).toContain("allowed: [3, 5]");
  });

  it("inserting a step from the palette: only the new step's lines are added", () => {
    const after = insertStep(bootstrap, ["steps"], 1, { uses: "core.log@1", with: { message: "hello" } }, "log");

    const added = after.text.split("\n").length - bootstrap.split("\n").length;
    expect(added).toBe(4);
    expect(after.id).toBe("log");
    expect(readRunbook(after.text).model.steps[1]).toMatchObject({ id: "log", uses: "core.log@1" });
    expect(after.text).toContain("# Root may keep logging in with a key only when root is the account this runbook itself uses.");
  });

  it("removing a field leaves no empty with: behind", () => {
    const source = "id: x\nversion: 1\nsteps:\n  - id: a\n    uses: core.log@1\n    with:\n      message: hi\n";

    expect(setStepValue(source, ["steps", 0], ["with", "message"], "")).toBe("id: x\nversion: 1\nsteps:\n  - id: a\n    uses: core.log@1\n");
  });

  it("key order of a changed step is kept", () => {
    const source = "id: x\nversion: 1\nsteps:\n  - id: a\n    name: first\n    uses: core.log@1\n    with: { message: hi, level: info }\n    timeout: 5s\n";

    const after = setStepValue(source, ["steps", 0], ["with", "level"], "warning");

    expect(after).toBe(source.replace("with: { message: hi, level: info }", "with: {message: hi, level: warning}"));
  });
});

describe("structure edits", () => {
  const source = "id: x\nversion: 1\nsteps:\n  # the first\n  - id: a\n    uses: core.log@1\n  - id: b\n    uses: core.log@1\n  - id: c\n    uses: core.log@1\n";

  it("delete removes the step and nothing else", () => {
    expect(readRunbook(deleteStep(source, ["steps", 1])).model.steps.map((s) => s.id)).toEqual(["a", "c"]);
  });

  it("move down within a list reorders, the moved step keeps its comment", () => {
    const after = moveStep(source, ["steps", 0], ["steps"], 3);

    expect(readRunbook(after).model.steps.map((s) => s.id)).toEqual(["b", "c", "a"]);
    expect(after).toContain("# the first");
  });

  it("duplicate inserts a copy after the step with a fresh id", () => {
    const after = duplicateStep(source, ["steps", 0])!;

    expect(after.id).toBe("a_2");
    expect(readRunbook(after.text).model.steps.map((s) => s.id)).toEqual(["a", "a_2", "b", "c"]);
  });

  it("copy then paste into another runbook's branch renames nested ids that are taken", () => {
    const group = "id: y\nversion: 1\nsteps:\n  - id: g\n    steps:\n      - id: a\n        uses: core.log@1\n  - id: b\n    uses: core.log@1\n";
    const clip = copyStep(group, ["steps", 0]);

    const pasted = pasteStep(source, clip, ["steps"], 0)!;

    expect(pasted.id).toBe("g");
    expect(readRunbook(pasted.text).model.steps[0]?.branches[0]?.steps[0]?.id).toBe("a_2");
  });

  it("inserting into a branch that does not exist yet creates it (an if's else)", () => {
    const cond = "id: x\nversion: 1\nsteps:\n  - id: c\n    if: inputs.go\n    then:\n      - id: a\n        uses: core.log@1\n";

    const after = insertStep(cond, ["steps", 0, "else"], 0, { uses: "core.log@1" }, "otherwise");

    expect(findStep(readRunbook(after.text).model.steps, "c/otherwise")).toBeDefined();
  });

  it("deleting the last step of a branch removes the branch key", () => {
    const cond = "id: x\nversion: 1\nsteps:\n  - id: c\n    if: inputs.go\n    then:\n      - id: a\n        uses: core.log@1\n    else:\n      - id: b\n        uses: core.log@1\n";

    expect(deleteStep(cond, ["steps", 0, "else", 0])).not.toContain("else");
  });
});
