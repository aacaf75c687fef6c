import { isMap, isScalar, isSeq, LineCounter, type Document, type Node, type YAMLMap } from "yaml";
import { parseRunbookDocument } from "./yamlText";

export type StepKind =
  | "activity" | "sequence" | "parallel" | "forEach" | "if" | "switch" | "try"
  | "approval" | "delay" | "waitUntil" | "call" | "unknown";

/** A path into the YAML document (keys and sequence indexes), as the yaml package's getIn/setIn take it. */
export type DocPath = (string | number)[];

/** The kind keys of docs/runbook-format.md; forEach first because a loop also has `steps`. */
export const kindKeys: ReadonlyArray<[string, StepKind]> = [
  ["forEach", "forEach"], ["uses", "activity"], ["steps", "sequence"], ["parallel", "parallel"],
  ["if", "if"], ["switch", "switch"], ["try", "try"], ["approval", "approval"], ["delay", "delay"],
  ["waitUntil", "waitUntil"], ["call", "call"],
];

/** A list of child steps of a step (a branch of an if, the body of a loop, a try's catch...). */
export interface Branch {
  key: string;
  label: string;
  listPath: DocPath;
  exists: boolean;
  steps: StepNode[];
}

export interface StepNode {
  id: string;
  /** Ids from the top joined with '/', as the journal, logs and diagnostics name steps. */
  path: string;
  kind: StepKind;
  name?: string;
  uses?: string;
  /** The kind's own value, short (the loop's items, the condition, the delay, the approval message). */
  detail?: string;
  as?: string;
  call?: { workflow: string; version?: number };
  docPath: DocPath;
  line: number;
  branches: Branch[];
}

export interface InputSpec {
  type?: string;
  required?: boolean;
  default?: unknown;
  allowed?: unknown[];
  secret?: boolean;
  description?: string;
}

export interface RunbookModel {
  id?: string;
  version?: number;
  description?: string;
  inputs: Record<string, InputSpec>;
  steps: StepNode[];
  /** YAML syntax problems; the tree is empty when there are any. */
  errors: string[];
}

export function text(node: unknown): string | undefined {
  if (node === undefined || node === null) {
    return undefined;
  }

  if (isScalar(node)) {
    return node.value === null ? undefined : String(node.value);
  }

  const value = (node as Node).toJSON ? (node as Node).toJSON() : node;
  return JSON.stringify(value);
}

function kindOf(map: YAMLMap): [StepKind, string | undefined] {
  for (const [key, kind] of kindKeys) {
    if (map.has(key)) {
      return [kind, key];
    }
  }

  return ["unknown", undefined];
}

class TreeBuilder {
  constructor(private readonly lineCounter: LineCounter) {}

  list(node: unknown, listPath: DocPath, parentPath: string): StepNode[] {
    if (!isSeq(node)) {
      return [];
    }

    return node.items.map((item, index) => this.step(item, [...listPath, index], parentPath, index));
  }

  step(node: unknown, docPath: DocPath, parentPath: string, index: number): StepNode {
    const map = isMap(node) ? node : undefined;
    const id = map ? text(map.get("id", true)) : undefined;
    const own = id ?? `[${index}]`;
    const path = parentPath ? `${parentPath}/${own}` : own;
    const offset = (node as Node | undefined)?.range?.[0] ?? 0;
    const step: StepNode = {
      id: own,
      path,
      kind: "unknown",
      docPath,
      line: this.lineCounter.linePos(offset).line,
      branches: [],
    };
    if (!map) {
      return step;
    }

    const [kind, key] = kindOf(map);
    step.kind = kind;
    const name = text(map.get("name", true));
    if (name !== undefined) {
      step.name = name;
    }

    const branch = (branchKey: string, label: string, listPath: DocPath = [...docPath, branchKey]): Branch => {
      const value = map.getIn(listPath.slice(docPath.length), true);
      return { key: branchKey, label, listPath, exists: value !== undefined, steps: this.list(value, listPath, path) };
    };

    switch (kind) {
      case "activity":
        step.uses = text(map.get("uses", true)) ?? "";
        break;
      case "sequence":
        step.branches = [branch("steps", "")];
        break;
      case "parallel":
        step.branches = [branch("parallel", "")];
        break;
      case "forEach":
        step.detail = text(map.get("forEach", true));
        step.as = text(map.get("as", true)) ?? "item";
        step.branches = [branch("steps", "")];
        break;
      case "if":
        step.detail = text(map.get("if", true));
        step.branches = [branch("then", "then"), branch("else", "else")];
        break;
      case "switch": {
        step.detail = text(map.get("switch", true));
        const cases = map.get("cases", true);
        const names = isMap(cases) ? cases.items.map((pair) => text(pair.key) ?? "") : [];
        step.branches = [
          ...names.map((name) => branch(`cases.${name}`, name, [...docPath, "cases", name])),
          branch("default", "default"),
        ];
        break;
      }
      case "try":
        step.branches = [branch("try", "try"), branch("catch", "catch"), branch("finally", "finally")];
        break;
      case "approval":
        step.detail = text(map.getIn(["approval", "message"], true));
        break;
      case "delay":
      case "waitUntil":
        step.detail = text(map.get(key!, true));
        break;
      case "call": {
        const workflow = text(map.getIn(["call", "workflow"], true)) ?? "";
        const version = Number(text(map.getIn(["call", "version"], true)));
        step.call = Number.isInteger(version) ? { workflow, version } : { workflow };
        step.detail = `${workflow}${step.call.version ? "@" + step.call.version : ""}`;
        break;
      }
      default:
        break;
    }

    return step;
  }
}

function inputsOf(doc: Document): Record<string, InputSpec> {
  const inputs = doc.get("inputs", true);
  const result: Record<string, InputSpec> = {};
  if (!isMap(inputs)) {
    return result;
  }

  for (const pair of inputs.items) {
    const name = text(pair.key);
    if (name === undefined) {
      continue;
    }

    const spec = isMap(pair.value) ? (pair.value.toJSON() as InputSpec) : {};
    result[name] = spec;
  }

  return result;
}

/** The step tree of a runbook's text, each step knowing where it is in the document. */
export function readRunbook(source: string): { model: RunbookModel; doc: Document.Parsed } {
  const lineCounter = new LineCounter();
  const doc = parseRunbookDocument(source, lineCounter);
  const errors = doc.errors.map((e) => e.message);
  const model: RunbookModel = { inputs: {}, steps: [], errors };
  if (errors.length > 0 || !isMap(doc.contents)) {
    return { model, doc };
  }

  const id = text(doc.get("id", true));
  if (id !== undefined) model.id = id;
  const version = Number(text(doc.get("version", true)));
  if (Number.isInteger(version)) model.version = version;
  const description = text(doc.get("description", true));
  if (description !== undefined) model.description = description;
  model.inputs = inputsOf(doc);
  model.steps = new TreeBuilder(lineCounter).list(doc.get("steps", true), ["steps"], "");
  return { model, doc };
}

/** Every step of the tree, depth first in document order. */
export function* allSteps(steps: StepNode[]): Generator<StepNode> {
  for (const step of steps) {
    yield step;
    for (const branch of step.branches) {
      yield* allSteps(branch.steps);
    }
  }
}

export function findStep(steps: StepNode[], path: string): StepNode | undefined {
  for (const step of allSteps(steps)) {
    if (step.path === path) {
      return step;
    }
  }

  return undefined;
}
