import ELK, { type ElkNode } from "elkjs/lib/elk.bundled.js";
import type { Graph, GraphNode } from "./buildGraph";

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const elk = new ELK();

/** Sizes of the nodes that do not hold others; groups take the size of what they hold. */
export function leafSize(node: GraphNode): { width: number; height: number } {
  switch (node.type) {
    case "fork": return { width: 160, height: 26 };
    case "join": return { width: 14, height: 14 };
    case "terminal": return { width: 70, height: 28 };
    default: return { width: 210, height: 54 };
  }
}

const groupPadding = "[top=44,left=14,bottom=14,right=14]";

/**
 * Lays the graph out top-down with ELK's layered algorithm. Each group is laid out on its own
 * (every edge joins two nodes of one group), children first, so positions come out relative to
 * their group, as React Flow's sub-flows want them.
 */
export async function layoutGraph(graph: Graph): Promise<Map<string, Box>> {
  const children = new Map<string | undefined, GraphNode[]>();
  for (const node of graph.nodes) {
    children.set(node.parent, [...(children.get(node.parent) ?? []), node]);
  }

  const parentOf = new Map(graph.nodes.map((n) => [n.id, n.parent]));
  const edgesIn = new Map<string | undefined, Graph["edges"]>();
  for (const edge of graph.edges) {
    const parent = parentOf.get(edge.source);
    edgesIn.set(parent, [...(edgesIn.get(parent) ?? []), edge]);
  }

  const toElk = (node: GraphNode | undefined): ElkNode => {
    const kids = children.get(node?.id) ?? [];
    const elkNode: ElkNode = {
      id: node?.id ?? "#root",
      children: kids.map(toElk),
      edges: (edgesIn.get(node?.id) ?? []).map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
    };
    if (node && kids.length === 0) {
      Object.assign(elkNode, leafSize(node));
    }

    if (!node || kids.length > 0) {
      elkNode.layoutOptions = {
        "elk.algorithm": "layered",
        "elk.direction": "DOWN",
        "elk.layered.spacing.nodeNodeBetweenLayers": "28",
        "elk.spacing.nodeNode": "22",
        "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
        "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
        "elk.padding": node ? groupPadding : "[top=10,left=10,bottom=10,right=10]",
      };
    }

    return elkNode;
  };

  const laid = await elk.layout(toElk(undefined));
  const boxes = new Map<string, Box>();
  const collect = (node: ElkNode) => {
    for (const child of node.children ?? []) {
      boxes.set(child.id, { x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? 0 });
      collect(child);
    }
  };
  collect(laid);
  return boxes;
}
