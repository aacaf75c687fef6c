import { Document, isMap, isSeq, parseDocument, type Node, YAMLSeq } from "yaml";
import type { DocPath } from "./stepTree";
import { parseRunbookDocument, rewrite, writeOptions } from "./yamlText";

/** Applies a change through the Document API and writes back only the lines it touched. */
export function editRunbook(source: string, change: (doc: Document) => void): string {
  const doc = parseRunbookDocument(source);
  change(doc);
  return rewrite(source, doc);
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === "" || (typeof value === "object" && value !== null && Object.keys(value).length === 0);
}

/** Sets (or, for undefined and empty text, removes) a value under a step: `with.message`, `when`... */
export function setStepValue(source: string, stepPath: DocPath, key: DocPath, value: unknown): string {
  return editRunbook(source, (doc) => {
    const at = [...stepPath, ...key];
    if (isEmpty(value)) {
      if (doc.hasIn(at)) doc.deleteIn(at);
      // An emptied `with:` would be an error on some activities and noise on others.
      const parent = at.slice(0, -1);
      if (parent.length > stepPath.length && isMap(doc.getIn(parent, true)) && (doc.getIn(parent, true) as { items: unknown[] }).items.length === 0) {
        doc.deleteIn(parent);
      }
      return;
    }

    doc.setIn(at, doc.createNode(value));
  });
}

/** Every step id used anywhere in the document (ids are unique in the whole workflow). */
export function stepIds(doc: Document): Set<string> {
  const ids = new Set<string>();
  const visit = (node: unknown): void => {
    if (isSeq(node)) {
      node.items.forEach(visit);
    } else if (isMap(node)) {
      const id = node.get("id");
      if (typeof id === "string") ids.add(id);
      for (const pair of node.items) visit(pair.value);
    }
  };
  visit(doc.get("steps", true));
  return ids;
}

export function uniqueId(taken: Set<string>, base: string): string {
  const clean = base.replace(/[^A-Za-z0-9_-]/g, "_").replace(/^[^A-Za-z_]/, "s_$&") || "step";
  let id = clean;
  for (let n = 2; taken.has(id); n++) {
    id = `${clean}_${n}`;
  }

  taken.add(id);
  return id;
}

function listAt(doc: Document, listPath: DocPath): YAMLSeq {
  const list = doc.getIn(listPath, true);
  if (isSeq(list)) {
    return list;
  }

  const created = new YAMLSeq();
  doc.setIn(listPath, created);
  return created;
}

/** Gives every step of a copied subtree an id not used in the document. */
function renameIds(node: unknown, taken: Set<string>): void {
  if (isSeq(node)) {
    node.items.forEach((item) => renameIds(item, taken));
  } else if (isMap(node)) {
    const id = node.get("id");
    if (typeof id === "string") node.set("id", uniqueId(taken, id));
    for (const pair of node.items) renameIds(pair.value, taken);
  }
}

export interface Inserted {
  text: string;
  id: string;
  docPath: DocPath;
}

/** Inserts a new step (plain data) at index of the list, with an id unique in the workflow. */
export function insertStep(source: string, listPath: DocPath, index: number, step: Record<string, unknown>, idBase: string): Inserted {
  let id = "";
  let at = index;
  const text = editRunbook(source, (doc) => {
    id = uniqueId(stepIds(doc), idBase);
    const list = listAt(doc, listPath);
    at = Math.max(0, Math.min(index, list.items.length));
    list.items.splice(at, 0, doc.createNode({ id, ...step }) as Node);
  });
  return { text, id, docPath: [...listPath, at] };
}

export function deleteStep(source: string, stepPath: DocPath): string {
  return editRunbook(source, (doc) => {
    const listPath = stepPath.slice(0, -1);
    const list = doc.getIn(listPath, true);
    if (isSeq(list)) {
      list.items.splice(Number(stepPath[stepPath.length - 1]), 1);
      // Lists that must not be empty (else, catch...) go away with their last step.
      if (list.items.length === 0 && listPath.length > 1) doc.deleteIn(listPath);
    }
  });
}

/** Moves a step to index of a list (the same list or another); the step keeps its comments. */
export function moveStep(source: string, stepPath: DocPath, toList: DocPath, index: number): string {
  return editRunbook(source, (doc) => {
    const fromList = doc.getIn(stepPath.slice(0, -1), true);
    if (!isSeq(fromList)) return;
    const from = Number(stepPath[stepPath.length - 1]);
    const [node] = fromList.items.splice(from, 1);
    const sameList = JSON.stringify(stepPath.slice(0, -1)) === JSON.stringify(toList);
    const target = listAt(doc, toList);
    const at = sameList && from < index ? index - 1 : index;
    target.items.splice(Math.max(0, Math.min(at, target.items.length)), 0, node);
  });
}

/** The YAML of one step, for the clipboard. */
export function copyStep(source: string, stepPath: DocPath): string {
  const doc = parseRunbookDocument(source);
  const node = doc.getIn(stepPath, true) as Node | undefined;
  if (!node) return "";
  const clip = new Document(node);
  return clip.toString(writeOptions);
}

/** Inserts a copied step (YAML text) at index of a list; its ids (and nested ones) are made unique. */
export function pasteStep(source: string, clipboard: string, listPath: DocPath, index: number): Inserted | undefined {
  const clip = parseDocument(clipboard);
  if (clip.errors.length > 0 || !isMap(clip.contents)) return undefined;
  let id = "";
  let at = index;
  const text = editRunbook(source, (doc) => {
    const node = clip.contents as Node;
    renameIds(node, stepIds(doc));
    id = String((node as unknown as { get(k: string): unknown }).get("id") ?? "");
    const list = listAt(doc, listPath);
    at = Math.max(0, Math.min(index, list.items.length));
    list.items.splice(at, 0, node);
  });
  return { text, id, docPath: [...listPath, at] };
}

/** A copy of the step right after it, with fresh ids. */
export function duplicateStep(source: string, stepPath: DocPath): Inserted | undefined {
  const clip = copyStep(source, stepPath);
  const index = Number(stepPath[stepPath.length - 1]);
  return pasteStep(source, clip, stepPath.slice(0, -1), index + 1);
}

/** A value under a step as plain data (what a form shows). */
export function readStepValue(doc: Document, stepPath: DocPath, key: DocPath): unknown {
  const node = doc.getIn([...stepPath, ...key], true) as Node | undefined;
  return node?.toJSON();
}
