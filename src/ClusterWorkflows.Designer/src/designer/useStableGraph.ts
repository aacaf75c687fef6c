import { useMemo, useRef } from "react";
import { buildGraph, type Graph } from "../graph/buildGraph";
import type { StepNode } from "../model/stepTree";
import { markPhase } from "./phases";

/**
 * The graph of the steps, as the same object while nothing visible changed: typing in a form field
 * rewrites the text on every key, and the layout should only run again when the drawing changes.
 */
export function useStableGraph(steps: StepNode[]): Graph {
  const previous = useRef<{ key: string; graph: Graph } | null>(null);
  return useMemo(() => {
    const graph = buildGraph(steps);
    const key = JSON.stringify(graph);
    markPhase("graphBuilt");
    if (previous.current?.key === key) return previous.current.graph;
    previous.current = { key, graph };
    return graph;
  }, [steps]);
}
