import type { Branch, StepKind, StepNode } from "../model/stepTree";

export type GraphNodeType = "step" | "group" | "region" | "fork" | "join" | "terminal";

export interface GraphNode {
  id: string;
  type: GraphNodeType;
  parent?: string;
  label: string;
  /** A second line: the activity, the loop's items, the condition, the delay. */
  sub?: string;
  stepPath?: string;
  kind?: StepKind;
  /** Approval, delay and waitUntil: the run waits there for people or time. */
  waiting?: boolean;
  call?: { workflow: string; version?: number };
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  label?: string;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export const startId = "#start";
export const endId = "#end";

const waitingKinds: ReadonlySet<StepKind> = new Set(["approval", "delay", "waitUntil"]);

/**
 * The step tree as a top-down graph: a sequence is a chain, parallel/forEach/if/switch fan out from
 * a fork node and join again (branches labelled), try/catch/finally are regions of one group, and
 * approval/delay are waiting points. Containers are groups that hold their children, so a layout
 * engine can place each container's inside on its own (every edge joins two nodes of one group).
 */
export function buildGraph(steps: StepNode[]): Graph {
  const builder = new GraphBuilder();
  builder.nodes.push({ id: startId, type: "terminal", label: "start" });
  const { first, last } = builder.chain(steps, undefined);
  builder.nodes.push({ id: endId, type: "terminal", label: "end" });
  if (first && last) {
    builder.edge(startId, first);
    builder.edge(last, endId);
  } else {
    builder.edge(startId, endId);
  }

  return { nodes: builder.nodes, edges: builder.edges };
}

class GraphBuilder {
  readonly nodes: GraphNode[] = [];
  readonly edges: GraphEdge[] = [];

  edge(source: string, target: string, label?: string): void {
    const edge: GraphEdge = { id: `${source}->${target}`, source, target };
    if (label) edge.label = label;
    this.edges.push(edge);
  }

  chain(steps: StepNode[], parent: string | undefined): { first?: string; last?: string } {
    let first: string | undefined;
    let last: string | undefined;
    for (const step of steps) {
      const id = this.step(step, parent);
      if (last) this.edge(last, id);
      first ??= id;
      last = id;
    }

    return first && last ? { first, last } : {};
  }

  private node(step: StepNode, parent: string | undefined, type: GraphNodeType, sub?: string): GraphNode {
    const node: GraphNode = { id: step.path, type, label: step.name ?? step.id, stepPath: step.path, kind: step.kind };
    if (parent) node.parent = parent;
    if (sub) node.sub = sub;
    if (step.name) node.sub = sub ? `${step.id} · ${sub}` : step.id;
    this.nodes.push(node);
    return node;
  }

  step(step: StepNode, parent: string | undefined): string {
    switch (step.kind) {
      case "sequence":
        this.node(step, parent, "group");
        this.chain(step.branches[0]?.steps ?? [], step.path);
        return step.path;
      case "parallel":
        this.node(step, parent, "group", "parallel");
        this.fanOut(step, step.branches[0]?.steps.map((s) => ({ label: "", steps: [s] })) ?? [], "all of");
        return step.path;
      case "forEach":
        this.node(step, parent, "group", `for each ${step.as} in ${step.detail ?? ""}`);
        this.fanOut(step, [{ label: `each ${step.as}`, steps: step.branches[0]?.steps ?? [] }], "for each");
        return step.path;
      case "if":
        this.node(step, parent, "group", `if ${step.detail ?? ""}`);
        this.fanOut(step, step.branches, `if ${step.detail ?? ""}`, true);
        return step.path;
      case "switch":
        this.node(step, parent, "group", `switch ${step.detail ?? ""}`);
        this.fanOut(step, step.branches.filter((b) => b.exists), `switch ${step.detail ?? ""}`);
        return step.path;
      case "try":
        this.node(step, parent, "group", "try / catch / finally");
        this.regions(step);
        return step.path;
      default: {
        const node = this.node(step, parent, "step", step.kind === "activity" ? step.uses : kindLabel(step));
        if (waitingKinds.has(step.kind)) node.waiting = true;
        if (step.call) node.call = step.call;
        return step.path;
      }
    }
  }

  /** fork → each branch → join; an empty branch (an if without else) is an edge straight to the join. */
  private fanOut(step: StepNode, branches: Array<Pick<Branch, "label" | "steps">>, forkLabel: string, keepEmpty = false): void {
    const fork = `${step.path}#fork`;
    const join = `${step.path}#join`;
    this.nodes.push({ id: fork, type: "fork", parent: step.path, label: forkLabel });
    for (const branch of branches) {
      const { first, last } = this.chain(branch.steps, step.path);
      if (first && last) {
        this.edge(fork, first, branch.label);
        this.edge(last, join);
      } else if (keepEmpty) {
        this.edge(fork, join, branch.label);
      }
    }

    this.nodes.push({ id: join, type: "join", parent: step.path, label: "" });
    if (!this.edges.some((e) => e.target === join)) this.edge(fork, join);
  }

  private regions(step: StepNode): void {
    const present = step.branches.filter((b) => b.exists);
    for (const branch of present) {
      const id = `${step.path}#${branch.key}`;
      this.nodes.push({ id, type: "region", parent: step.path, label: branch.label });
      this.chain(branch.steps, id);
    }

    const has = (key: string) => present.some((b) => b.key === key);
    if (has("catch")) this.edge(`${step.path}#try`, `${step.path}#catch`, "on error");
    if (has("finally")) {
      this.edge(`${step.path}#try`, `${step.path}#finally`, "then");
      if (has("catch")) this.edge(`${step.path}#catch`, `${step.path}#finally`);
    }
  }
}

export function kindLabel(step: Pick<StepNode, "kind" | "detail">): string {
  switch (step.kind) {
    case "approval": return `approval${step.detail ? ": " + step.detail : ""}`;
    case "delay": return `delay ${step.detail ?? ""}`;
    case "waitUntil": return `wait until ${step.detail ?? ""}`;
    case "call": return `call ${step.detail ?? ""}`;
    default: return step.kind;
  }
}
