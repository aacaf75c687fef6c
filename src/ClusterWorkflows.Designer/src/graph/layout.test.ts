import { describe, expect, it } from "vitest";
import { readRunbook } from "../model/stepTree";
import { repoFile } from "../testing/fixtures";
import { buildGraph } from "./buildGraph";
import { layoutGraph } from "./layout";

/** 300 steps in groups of ten, some in loops and conditions, like a large real runbook. */
export function largeRunbook(steps = 300): string {
  const out = ["id: large", "version: 1", "steps:"];
  for (let g = 0; g < steps / 10; g++) {
    const kind = g % 3;
    out.push(`  - id: group${g}`);
    if (kind === 1) out.push("    forEach: [a, b, c]", "    steps:");
    else if (kind === 2) out.push("    if: inputs.go", "    then:");
    else out.push("    steps:");
    for (let s = 0; s < 9; s++) out.push(`      - { id: g${g}_s${s}, uses: core.log@1, with: { message: "step ${s}" } }`);
  }

  return out.join("\n") + "\n";
}

describe("layoutGraph", () => {
  it("every node gets a box and children fit inside their group", () => {
    const graph = buildGraph(readRunbook(repoFile("workflows/bootstrap-cluster.yaml")).model.steps);

    const boxes = layoutGraph(graph);

    expect(boxes.size).toBe(graph.nodes.length);
    for (const node of graph.nodes.filter((n) => n.parent)) {
      const box = boxes.get(node.id)!;
      const parent = boxes.get(node.parent!)!;
      expect(box.x + box.width).toBeLessThanOrEqual(parent.width + 0.5);
      expect(box.y + box.height).toBeLessThanOrEqual(parent.height + 0.5);
    }
  });

  it("branches of a fork sit side by side below it and above their join; nothing overlaps", () => {
    const graph = buildGraph(readRunbook("id: x\nversion: 1\nsteps:\n  - id: c\n    if: inputs.go\n    then: [{ id: a, uses: core.log@1 }, { id: a2, uses: core.log@1 }]\n    else: [{ id: b, uses: core.log@1 }]\n").model.steps);

    const boxes = layoutGraph(graph);

    const [fork, a, b, join] = ["c#fork", "c/a", "c/b", "c#join"].map((id) => boxes.get(id)!);
    expect(a!.y).toBe(b!.y);
    expect(a!.x + a!.width).toBeLessThan(b!.x);
    expect(fork!.y).toBeLessThan(a!.y);
    expect(join!.y).toBeGreaterThan(boxes.get("c/a2")!.y);
    for (const [i, p] of [...boxes.entries()].entries()) {
      for (const [j, q] of [...boxes.entries()].entries()) {
        if (j <= i || graph.nodes.find((n) => n.id === p[0])?.parent !== graph.nodes.find((n) => n.id === q[0])?.parent) continue;
        const apart = p[1].x + p[1].width <= q[1].x || q[1].x + q[1].width <= p[1].x || p[1].y + p[1].height <= q[1].y || q[1].y + q[1].height <= p[1].y;
        expect(apart, `${p[0]} and ${q[0]} overlap`).toBe(true);
      }
    }
  });

  it("try, catch and finally regions are stacked in that order", () => {
    const graph = buildGraph(readRunbook("id: x\nversion: 1\nsteps:\n  - id: g\n    try: [{ id: t, uses: core.log@1 }]\n    catch: [{ id: c, uses: core.log@1 }]\n    finally: [{ id: f, uses: core.log@1 }]\n").model.steps);

    const boxes = layoutGraph(graph);

    expect(boxes.get("g#try")!.y).toBeLessThan(boxes.get("g#catch")!.y);
    expect(boxes.get("g#catch")!.y).toBeLessThan(boxes.get("g#finally")!.y);
  });

  it("a chain is laid out top-down in document order", () => {
    const graph = buildGraph(readRunbook("id: x\nversion: 1\nsteps:\n  - { id: a, uses: core.log@1 }\n  - { id: b, uses: core.log@1 }\n").model.steps);

    const boxes = layoutGraph(graph);

    expect(boxes.get("a")!.y).toBeLessThan(boxes.get("b")!.y);
  });

  it("a 300-step runbook lays out completely", () => {
    const { model } = readRunbook(largeRunbook());
    const graph = buildGraph(model.steps);
    const started = performance.now();

    const boxes = layoutGraph(graph);

    const took = performance.now() - started;

    expect(boxes.size).toBe(graph.nodes.length);
    console.log(`layout of ${graph.nodes.length} nodes: ${took.toFixed(1)} ms`);
  });
});
