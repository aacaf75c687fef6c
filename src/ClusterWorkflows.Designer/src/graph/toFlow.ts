import { MarkerType, type Edge, type Node } from "@xyflow/react";
import type { Graph } from "./buildGraph";
import type { Box } from "./layout";
import type { FlowNodeData } from "./nodes";

/** React Flow's nodes and edges for a laid-out graph (positions relative to the parent group). */
export function toFlow(graph: Graph, boxes: Map<string, Box>): { nodes: Node<FlowNodeData>[]; edges: Edge[] } {
  const nodes = graph.nodes.map((node): Node<FlowNodeData> => {
    const box = boxes.get(node.id) ?? { x: 0, y: 0, width: 200, height: 50 };
    const flowNode: Node<FlowNodeData> = {
      id: node.id,
      type: node.type,
      position: { x: box.x, y: box.y },
      data: { node },
      width: box.width,
      height: box.height,
      style: { width: box.width, height: box.height },
      draggable: false,
      connectable: false,
      selectable: false,
      focusable: false,
    };
    if (node.parent) flowNode.parentId = node.parent;
    return flowNode;
  });
  const edges = graph.edges.map((edge): Edge => {
    const flowEdge: Edge = {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      type: "smoothstep",
      markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14 },
      focusable: false,
      selectable: false,
    };
    if (edge.label) {
      flowEdge.label = edge.label;
      flowEdge.labelBgPadding = [4, 2];
      flowEdge.className = "labelled";
    }

    return flowEdge;
  });
  return { nodes, edges };
}
