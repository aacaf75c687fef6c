import { describe, expect, it } from "vitest";
import { repoFile } from "../testing/fixtures";
import { allSteps, findStep, readRunbook } from "./stepTree";

describe("readRunbook", () => {
  it("bootstrap runbook: every kind of container is read with its branches and paths", () => {
    const { model } = readRunbook(repoFile("workflows/bootstrap-cluster.yaml"));

    expect(model.id).toBe("bootstrap-cluster");
    expect(model.inputs.etcdMembers).toMatchObject({ type: "integer", default: 3, allowed: [3, 5] });
    const prepare = findStep(model.steps, "prepare");
    expect(prepare?.kind).toBe("forEach");
    expect(prepare?.as).toBe("host");
    expect(findStep(model.steps, "prepare/authorized_keys/authorized_key")?.uses).toBe("ssh.ensureLine@1");
    expect(findStep(model.steps, "check_inventory/one_advertiser")?.docPath).toEqual(["steps", 1, "steps", 0]);
    expect([...allSteps(model.steps)].length).toBeGreaterThan(40);
  });

  it("if, switch, try, approval, delay and call: branches labelled, details kept", () => {
    const { model } = readRunbook(`id: kinds
version: 1
steps:
  - id: cond
    if: inputs.big
    then: [{ id: a, uses: core.log@1, with: { message: a } }]
  - id: pick
    switch: inputs.site
    cases:
      madrid: [{ id: m, uses: core.log@1 }]
      paris: [{ id: p, uses: core.log@1 }]
    default: [{ id: d, uses: core.log@1 }]
  - id: guard
    try: [{ id: t, uses: core.log@1 }]
    finally: [{ id: f, uses: core.log@1 }]
  - { id: ask, approval: { message: go? } }
  - { id: wait, delay: 30s }
  - { id: sub, call: { workflow: backup, version: 2 } }
`);
    const [cond, pick, guard, ask, wait, sub] = model.steps;

    expect(cond?.branches.map((b) => [b.label, b.exists, b.steps.length])).toEqual([["then", true, 1], ["else", false, 0]]);
    expect(pick?.branches.map((b) => b.label)).toEqual(["madrid", "paris", "default"]);
    expect(findStep(model.steps, "pick/p")?.docPath).toEqual(["steps", 1, "cases", "paris", 0]);
    expect(guard?.branches.map((b) => b.exists)).toEqual([true, false, true]);
    expect(ask).toMatchObject({ kind: "approval", detail: "go?" });
    expect(wait).toMatchObject({ kind: "delay", detail: "30s" });
    expect(sub?.call).toEqual({ workflow: "backup", version: 2 });
  });

  it("a step without id is named by its position, like the loader's diagnostics", () => {
    const { model } = readRunbook("id: x\nversion: 1\nsteps:\n  - id: g\n    steps:\n      - uses: core.log@1\n");

    expect(model.steps[0]?.branches[0]?.steps[0]?.path).toBe("g/[0]");
  });

  it("broken YAML: reports the syntax error and no steps", () => {
    const { model } = readRunbook("id: x\nsteps: [\n");

    expect(model.errors.length).toBeGreaterThan(0);
    expect(model.steps).toEqual([]);
  });
});
