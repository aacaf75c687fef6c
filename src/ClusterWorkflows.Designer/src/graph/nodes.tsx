import { Handle, Position, type NodeProps } from "@xyflow/react";
import type { DragEvent, ReactNode } from "react";
import { percent, progressText } from "../monitor/progress";
import type { NodeState, Shown } from "../monitor/runState";
import { duration } from "../ui/format";
import type { GraphNode } from "./buildGraph";
import { dragTypes, useGraphActions, type DropPayload } from "./graphActions";

export type FlowNodeData = { node: GraphNode } & Record<string, unknown>;

const shownLabel: Record<Shown, string> = {
  pending: "pending", running: "running", waiting: "waiting", changed: "changed", unchanged: "unchanged",
  faulted: "faulted", skipped: "skipped", cancelled: "cancelled",
};

function Handles() {
  return (
    <>
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </>
  );
}

function Counts({ state }: { state: NodeState }) {
  if (state.total <= 1) return null;
  return (
    <span className="counts">
      {Object.entries(state.counts).map(([s, n]) => (
        <span key={s} className={`count status-${s}`} title={`${n} ${s}`}>{n} {s}</span>
      ))}
    </span>
  );
}

function readDrop(e: DragEvent): DropPayload | undefined {
  const activity = e.dataTransfer.getData(dragTypes.activity);
  if (activity) return { activity };
  const step = e.dataTransfer.getData(dragTypes.step);
  return step ? { step } : undefined;
}

/** Drop handling shared by every node kind that can receive a palette activity or a moved step. */
function useDropTarget(id: string) {
  const actions = useGraphActions();
  if (!actions.drop) return {};
  return {
    onDragOver: (e: DragEvent) => {
      if (e.dataTransfer.types.includes(dragTypes.activity) || e.dataTransfer.types.includes(dragTypes.step)) {
        e.preventDefault();
        e.dataTransfer.dropEffect = e.dataTransfer.types.includes(dragTypes.step) ? "move" : "copy";
      }
    },
    onDrop: (e: DragEvent) => {
      const payload = readDrop(e);
      if (payload) {
        e.preventDefault();
        e.stopPropagation();
        actions.drop!(id, payload);
      }
    },
  };
}

function stateClass(state: NodeState | undefined): string {
  return state ? `status-${state.shown}` : "";
}

function StepBox({ id, node, children, className }: { id: string; node: GraphNode; children?: ReactNode; className: string }) {
  const actions = useGraphActions();
  const state = actions.states?.get(id);
  const problems = actions.problems?.get(id);
  const drop = useDropTarget(id);
  const draggable = actions.drop !== undefined && node.stepPath !== undefined;
  return (
    <div
      className={`${className} ${stateClass(state)} ${problems ? "has-problems" : ""} ${actions.selected === id ? "selected" : ""}`}
      data-step={node.stepPath}
      data-status={state?.shown}
      draggable={draggable}
      onDragStart={draggable ? (e) => { e.dataTransfer.setData(dragTypes.step, id); e.dataTransfer.effectAllowed = "move"; } : undefined}
      {...drop}
    >
      {children}
      {problems && (
        <div className="node-problems" role="note" aria-label={`${problems.length} problem(s)`}>
          {problems.slice(0, 2).map((p, i) => <div key={i}>⚠ {p}</div>)}
          {problems.length > 2 && <div>… {problems.length - 2} more</div>}
        </div>
      )}
    </div>
  );
}

/**
 * A running step's progress: the figures in the status line and a bar along the card's bottom edge (drawn
 * over the border, so the card keeps the height the graph layout gave it). The message is the tooltip.
 */
function ProgressLine({ state }: { state: NodeState | undefined }) {
  const report = state?.shown === "running" ? state.progress : undefined;
  if (!report) return null;
  const pct = percent(report);
  const text = progressText(report);
  return (
    <span className="node-progress" role="progressbar" aria-label={`Progress of ${report.path}`} aria-valuemin={0}
      aria-valuemax={100} aria-valuenow={pct} aria-valuetext={text} title={report.message ?? text}>
      <span className="figures">{report.item ? `${report.item}: ` : ""}{text}</span>
      <span className={`bar ${pct === undefined ? "unknown" : ""}`}><span className="fill" style={{ width: `${pct ?? 100}%` }} /></span>
    </span>
  );
}

function StatusLine({ state }: { state: NodeState | undefined }) {
  if (!state) return null;
  return (
    <div className="status-line">
      <span className={`badge status-${state.shown}`}>{shownLabel[state.shown]}</span>
      {state.attempt !== undefined && state.attempt > 1 && <span className="attempt">attempt {state.attempt}</span>}
      {state.durationMs !== undefined && <span className="dur">{duration(state.durationMs)}</span>}
      <Counts state={state} />
      <ProgressLine state={state} />
    </div>
  );
}

export function StepNodeView({ id, data }: NodeProps) {
  const { node } = data as FlowNodeData;
  const actions = useGraphActions();
  const state = actions.states?.get(id);
  return (
    <StepBox id={id} node={node} className={`flow-step kind-${node.kind} ${node.waiting ? "waiting-point" : ""}`}>
      <Handles />
      <button type="button" className="node-title" onClick={() => actions.select(id)} aria-pressed={actions.selected === id}>
        {node.waiting && <span className="wait-icon" aria-hidden="true">{node.kind === "approval" ? "⚑" : "◷"}</span>}
        {node.label}
      </button>
      {node.sub && <div className="node-sub" title={node.sub}>{node.sub}</div>}
      {node.call && actions.openCall && (
        <button type="button" className="link small" onClick={() => actions.openCall!(node.call!.workflow, node.call!.version)}>
          open {node.call.workflow}
        </button>
      )}
      <StatusLine state={state} />
    </StepBox>
  );
}

export function GroupNodeView({ id, data }: NodeProps) {
  const { node } = data as FlowNodeData;
  const actions = useGraphActions();
  const state = actions.states?.get(id);
  return (
    <StepBox id={id} node={node} className={`flow-group kind-${node.kind}`}>
      <Handles />
      <div className="group-header">
        <button type="button" className="node-title" onClick={() => actions.select(id)} aria-pressed={actions.selected === id}>
          {node.label}
        </button>
        {node.sub && <span className="node-sub" title={node.sub}>{node.sub}</span>}
        {node.kind === "forEach" && state && actions.showItems && (
          <button type="button" className="link small" onClick={() => actions.showItems!(id)}>{state.total} items</button>
        )}
      </div>
      <StatusLine state={state} />
    </StepBox>
  );
}

export function RegionNodeView({ data }: NodeProps) {
  const { node } = data as FlowNodeData;
  return (
    <div className={`flow-region region-${node.label}`}>
      <Handles />
      <div className="region-label">{node.label}</div>
    </div>
  );
}

export function ForkNodeView({ data }: NodeProps) {
  const { node } = data as FlowNodeData;
  return (
    <div className={`flow-${node.type}`} title={node.label}>
      <Handles />
      {node.type === "fork" && <span>{node.label}</span>}
    </div>
  );
}

export function TerminalNodeView({ id, data }: NodeProps) {
  const { node } = data as FlowNodeData;
  const drop = useDropTarget(id);
  return (
    <div className="flow-terminal" {...drop}>
      <Handles />
      {node.label}
    </div>
  );
}

export const nodeTypes = {
  step: StepNodeView,
  group: GroupNodeView,
  region: RegionNodeView,
  fork: ForkNodeView,
  join: ForkNodeView,
  terminal: TerminalNodeView,
};
