import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, type Edge, type Node, type ReactFlowInstance } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useEffect, useMemo, useRef, useState } from "react";
import type { Graph } from "./buildGraph";
import { markPhase } from "../designer/phases";
import { GraphActionsContext, type GraphActions } from "./graphActions";
import { layoutGraph } from "./layout";
import { nodeTypes, type FlowNodeData } from "./nodes";
import { toFlow } from "./toFlow";

interface Props {
  graph: Graph;
  actions: GraphActions;
  /** Called once the first layout is on screen, with performance.now() at that moment. */
  onRendered?: (at: number) => void;
  label: string;
}

/** The step graph, laid out top-down; a new graph is laid out again and replaces the old one. */
export function GraphView({ graph, actions, onRendered, label }: Props) {
  const flow = useMemo(() => {
    markPhase("layoutStart");
    const laid = toFlow(graph, layoutGraph(graph));
    markPhase("laidOut");
    return laid;
  }, [graph]);
  const [rendered, setRendered] = useState(false);
  const reported = useRef(false);
  const container = useRef<HTMLDivElement>(null);
  // A tall graph starts at its top at a readable zoom (fitting all of it would make it unreadable).
  const onInit = (instance: ReactFlowInstance<Node<FlowNodeData>, Edge>) => {
    const el = container.current;
    if (!el) return;
    const bounds = instance.getNodesBounds(flow.nodes.filter((n) => !n.parentId));
    const width = el.clientWidth;
    const zoom = Math.max(0.45, Math.min(1, (width - 40) / bounds.width));
    if (bounds.height * zoom <= el.clientHeight) {
      void instance.fitView({ maxZoom: 1, padding: 0.05 });
    } else {
      void instance.setViewport({ x: (width - bounds.width * zoom) / 2 - bounds.x * zoom, y: 16 - bounds.y * zoom, zoom });
    }
  };
  useEffect(() => {
    if (reported.current) return;
    markPhase("committed");
    // The frame after React committed the laid-out nodes is when people see the graph.
    requestAnimationFrame(() => {
      reported.current = true;
      setRendered(true);
      onRendered?.(performance.now());
    });
  }, [flow, onRendered]);
  return (
    <GraphActionsContext.Provider value={actions}>
      <div className="graph" ref={container} role="region" aria-label={label} data-ready={rendered ? "true" : "false"}>
        <ReactFlowProvider>
            <ReactFlow
              nodes={flow.nodes}
              edges={flow.edges}
              nodeTypes={nodeTypes}
              nodesDraggable={false}
              nodesConnectable={false}
              elementsSelectable={false}
              onlyRenderVisibleElements={flow.nodes.length > 150}
              onInit={onInit}
              minZoom={0.1}
              proOptions={{ hideAttribution: true }}
              onPaneClick={() => actions.select(undefined)}
              // Also what gives nodes pointer events at all (React Flow turns them off on inert nodes).
              onNodeClick={(_, node) => {
                if (node.data.node.stepPath) actions.select(node.id);
              }}
            >
              <Background gap={24} size={1} />
              <Controls showInteractive={false} />
              <MiniMap pannable zoomable ariaLabel="Overview of the graph" />
            </ReactFlow>
        </ReactFlowProvider>
      </div>
    </GraphActionsContext.Provider>
  );
}
