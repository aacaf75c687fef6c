import { createContext, useContext } from "react";
import type { NodeState } from "../monitor/runState";

/** What the nodes need from the page around the graph, without passing callbacks through data. */
export interface GraphActions {
  states?: Map<string, NodeState>;
  problems?: Map<string, string[]>;
  selected?: string;
  select(id: string | undefined): void;
  openCall?(workflow: string, version?: number): void;
  showItems?(loopPath: string): void;
  /** Designer only: something (a palette activity or a step) was dropped on a node. */
  drop?(targetId: string, payload: DropPayload): void;
}

export type DropPayload = { activity: string } | { step: string };

export const dragTypes = { activity: "application/x-cw-activity", step: "application/x-cw-step" } as const;

export const GraphActionsContext = createContext<GraphActions>({ select: () => undefined });

export function useGraphActions(): GraphActions {
  return useContext(GraphActionsContext);
}
