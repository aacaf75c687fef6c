import { describe, expect, it } from "vitest";
import { readRunbook } from "../model/stepTree";
import { repoFile } from "../testing/fixtures";
import { buildGraph, endId, startId } from "./buildGraph";

function graphOf(source: string) {
  return buildGraph(readRunbook(source).model.steps);
}

describe("buildGraph", () => {
  it("a sequence is a chain from start to end", () => {
    const g = graphOf("id: x\nversion: 1\nsteps:\n  - { id: a, uses: core.log@1 }\n  - { id: b, uses: core.log@1 }\n");

    expect(g.edges.map((e) => [e.source, e.target])).toEqual([["a", "b"], [startId, "a"], ["b", endId]]);
    expect(g.nodes.find((n) => n.id === "a")).toMatchObject({ type: "step", sub: "core.log@1" });
  });

  it("parallel and forEach fan out from a fork and join; every edge stays inside one group", () => {
    const g = graphOf(repoFile("tests/ClusterWorkflows.Server.Tests/Runbooks/steps.yaml"));

    expect(g.nodes.find((n) => n.id === "each")).toMatchObject({ type: "group" });
    expect(g.edges).toContainEqual(expect.objectContaining({ source: "each#fork", target: "each/say", label: "each item" }));
    expect(g.edges).toContainEqual(expect.objectContaining({ source: "each/say", target: "each#join" }));
    const parentOf = new Map(g.nodes.map((n) => [n.id, n.parent]));
    for (const edge of g.edges) {
      expect(parentOf.get(edge.source)).toBe(parentOf.get(edge.target));
    }
  });

  it("if without else: labelled then branch and an else edge straight to the join", () => {
    const g = graphOf("id: x\nversion: 1\nsteps:\n  - id: c\n    if: inputs.go\n    then: [{ id: a, uses: core.log@1 }]\n");

    expect(g.edges.filter((e) => e.source === "c#fork").map((e) => [e.target, e.label])).toEqual([["c/a", "then"], ["c#join", "else"]]);
  });

  it("try/catch/finally are regions of one group, linked on error and then", () => {
    const g = graphOf(repoFile("workflows/examples/approval.yaml"));
    const regions = g.nodes.filter((n) => n.type === "region");

    expect(regions.length).toBeGreaterThanOrEqual(2);
    expect(g.edges.some((e) => e.label === "then" || e.label === "on error")).toBe(true);
  });

  it("approval and delay are waiting points; call keeps its target", () => {
    const g = graphOf("id: x\nversion: 1\nsteps:\n  - { id: ask, approval: { message: go? } }\n  - { id: nap, delay: 5s }\n  - { id: sub, call: { workflow: other, version: 3 } }\n");

    expect(g.nodes.filter((n) => n.waiting).map((n) => n.id)).toEqual(["ask", "nap"]);
    expect(g.nodes.find((n) => n.id === "sub")?.call).toEqual({ workflow: "other", version: 3 });
  });

  it("the bootstrap runbook: one node per step, no dangling edges", () => {
    const g = graphOf(repoFile("workflows/bootstrap-cluster.yaml"));
    const ids = new Set(g.nodes.map((n) => n.id));

    expect(ids.size).toBe(g.nodes.length);
    for (const edge of g.edges) {
      expect(ids.has(edge.source) && ids.has(edge.target)).toBe(true);
    }
  });
});
