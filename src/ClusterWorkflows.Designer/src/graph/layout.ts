import type { Graph, GraphNode } from "./buildGraph";

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Sizes of the nodes that do not hold others; groups take the size of what they hold. */
export function leafSize(node: GraphNode): { width: number; height: number } {
  switch (node.type) {
    case "fork": return { width: 160, height: 26 };
    case "join": return { width: 14, height: 14 };
    case "terminal": return { width: 70, height: 28 };
    default: return { width: 210, height: 54 };
  }
}

const gapY = 28;
const gapX = 22;
const pad = { top: 44, left: 14, right: 14, bottom: 14 };
const rootPad = 10;

/** What a container holds, as the builder made it: chains, and forks whose branches meet again. */
type Block =
  | { kind: "node"; id: string; width: number; height: number }
  | { kind: "sequence"; items: Block[]; width: number; height: number }
  | { kind: "parallel"; branches: Block[]; width: number; height: number };

function sequence(items: Block[]): Block {
  return {
    kind: "sequence",
    items,
    width: Math.max(0, ...items.map((b) => b.width)),
    height: items.reduce((h, b) => h + b.height, 0) + gapY * Math.max(0, items.length - 1),
  };
}

function parallel(branches: Block[]): Block {
  return {
    kind: "parallel",
    branches,
    width: branches.reduce((w, b) => w + b.width, 0) + gapX * Math.max(0, branches.length - 1),
    height: Math.max(0, ...branches.map((b) => b.height)),
  };
}

/**
 * Lays the graph out top-down. The builder only makes series-parallel graphs inside each group
 * (chains; forks whose branches end in one join; try → catch → finally), so each group is read back
 * as nested sequences and side-by-side branches and placed in one pass, children before their
 * group: O(nodes). A general layered layout (ELK) drew the same picture but took over a second for
 * a 300-step runbook in the browser; this takes milliseconds. Positions are relative to the
 * parent group, as React Flow's sub-flows want them.
 */
export function layoutGraph(graph: Graph): Map<string, Box> {
  const children = new Map<string | undefined, GraphNode[]>();
  for (const node of graph.nodes) {
    children.set(node.parent, [...(children.get(node.parent) ?? []), node]);
  }

  const out = new Map<string, string[]>();
  const indegree = new Map<string, number>();
  for (const edge of graph.edges) {
    out.set(edge.source, [...(out.get(edge.source) ?? []), edge.target]);
    indegree.set(edge.target, (indegree.get(edge.target) ?? 0) + 1);
  }

  const boxes = new Map<string, Box>();
  const sizes = new Map<string, { width: number; height: number }>();

  const sizeOf = (node: GraphNode): { width: number; height: number } => {
    const known = sizes.get(node.id);
    if (known) return known;
    const kids = children.get(node.id);
    const size = kids ? layoutContainer(kids, pad.left, pad.top, pad.right, pad.bottom) : leafSize(node);
    sizes.set(node.id, size);
    return size;
  };

  /** Places a container's children; returns the container's size with its padding. */
  const layoutContainer = (kids: GraphNode[], left: number, top: number, right: number, bottom: number): { width: number; height: number } => {
    const inside = new Set(kids.map((k) => k.id));
    const byId = new Map(kids.map((k) => [k.id, k]));
    const seen = new Set<string>();
    const leaf = (id: string): Block => ({ kind: "node", id, ...sizeOf(byId.get(id)!) });

    // From a node down to the next node where branches meet (or the end): that node is returned, not consumed.
    const chain = (start: string): { block: Block; stop?: string } => {
      const items: Block[] = [];
      let current: string | undefined = start;
      while (current !== undefined && !seen.has(current)) {
        seen.add(current);
        items.push(leaf(current));
        const next: string[] = (out.get(current) ?? []).filter((t) => inside.has(t));
        if (next.length === 0) return { block: sequence(items) };
        if (next.length === 1) {
          if ((indegree.get(next[0]!) ?? 0) > 1) return { block: sequence(items), stop: next[0]! };
          current = next[0];
          continue;
        }

        let join: string | undefined;
        const branches = next.map((target) => {
          if ((indegree.get(target) ?? 0) > 1) {
            join ??= target;
            return sequence([]);
          }

          const branch = chain(target);
          join ??= branch.stop;
          return branch.block;
        });
        items.push(parallel(branches));
        current = join;
      }

      return { block: sequence(items) };
    };

    const blocks: Block[] = [];
    for (const kid of kids) {
      if (!seen.has(kid.id) && (indegree.get(kid.id) ?? 0) === 0) blocks.push(chain(kid.id).block);
    }

    // Anything not reached from a source (never made by the builder) still gets a place.
    for (const kid of kids) {
      if (!seen.has(kid.id)) blocks.push(chain(kid.id).block);
    }

    const root = blocks.length === 1 ? blocks[0]! : parallel(blocks);
    place(root, left, top);
    return { width: root.width + left + right, height: root.height + top + bottom };
  };

  const place = (block: Block, x: number, y: number): void => {
    switch (block.kind) {
      case "node":
        boxes.set(block.id, { x, y, width: block.width, height: block.height });
        break;
      case "sequence": {
        let top = y;
        for (const item of block.items) {
          place(item, x + (block.width - item.width) / 2, top);
          top += item.height + gapY;
        }

        break;
      }
      case "parallel": {
        let left = x;
        for (const branch of block.branches) {
          place(branch, left, y);
          left += branch.width + gapX;
        }

        break;
      }
    }
  };

  layoutContainer(children.get(undefined) ?? [], rootPad, rootPad, rootPad, rootPad);
  return boxes;
}
