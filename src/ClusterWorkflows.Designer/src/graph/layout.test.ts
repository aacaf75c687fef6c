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
  it("every node gets a box and children fit inside their group", async () => {
    const graph = buildGraph(readRunbook(repoFile("workflows/bootstrap-cluster.yaml")).model.steps);

    const boxes = await layoutGraph(graph);

    expect(boxes.size).toBe(graph.nodes.length);
    for (const node of graph.nodes.filter((n) => n.parent)) {
      const box = boxes.get(node.id)!;
      const parent = boxes.get(node.parent!)!;
      expect(box.x + box.width).toBeLessThanOrEqual(parent.width + 0.5);
      expect(box.y + box.height).toBeLessThanOrEqual(parent.height + 0.5);
    }
  });

  it("a chain is laid out top-down in document order", async () => {
    const graph = buildGraph(readRunbook("id: x\nversion: 1\nsteps:\n  - { id: a, uses: core.log@1 }\n  - { id: b, uses: core.log@1 }\n").model.steps);

    const boxes = await layoutGraph(graph);

    expect(boxes.get("a")!.y).toBeLessThan(boxes.get("b")!.y);
  });

  it("a 300-step runbook lays out completely", async () => {
    const { model } = readRunbook(largeRunbook());
    const graph = buildGraph(model.steps);
    const started = performance.now();

    const boxes = await layoutGraph(graph);

    console.log(`layout of ${graph.nodes.length} nodes: ${(performance.now() - started).toFixed(0)} ms`);
    expect(boxes.size).toBe(graph.nodes.length);
  });
});
