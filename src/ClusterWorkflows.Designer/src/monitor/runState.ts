import type { ProgressView, StepView } from "../api/types";

/** What a node's colour says: completed splits into changed and unchanged. */
export type Shown = "pending" | "running" | "waiting" | "changed" | "unchanged" | "faulted" | "skipped" | "cancelled";

export const shownOrder: Shown[] = ["faulted", "running", "waiting", "pending", "changed", "unchanged", "skipped", "cancelled"];

export interface NodeState {
  shown: Shown;
  /** How many records (steps or loop items) are in each state, when there is more than one. */
  counts: Partial<Record<Shown, number>>;
  total: number;
  durationMs?: number;
  attempt?: number;
  /** A running step's latest progress (the bar on its card), from the event stream only. */
  progress?: ProgressView;
}

export function shown(step: Pick<StepView, "status" | "changed">): Shown {
  switch (step.status) {
    case "completed": return step.changed ? "changed" : "unchanged";
    case "pending": case "running": case "waiting": case "faulted": case "skipped": case "cancelled": return step.status;
    default: return "pending";
  }
}

/** The journal path split in segments, each with its loop item if any: `each[a/b]/say` → [each,a/b] [say]. */
export function segments(journalPath: string): Array<{ id: string; item?: string }> {
  const out: Array<{ id: string; item?: string }> = [];
  let id = "";
  let item: string | undefined;
  let depth = 0;
  for (const ch of journalPath) {
    if (depth > 0) {
      if (ch === "]" && --depth === 0) continue;
      if (ch === "[") depth++;
      item = (item ?? "") + ch;
    } else if (ch === "[") {
      depth = 1;
      item = "";
    } else if (ch === "/") {
      out.push(item === undefined ? { id } : { id, item });
      id = "";
      item = undefined;
    } else {
      id += ch;
    }
  }

  out.push(item === undefined ? { id } : { id, item });
  return out;
}

/** The step's path in the definition: the journal path without its loop items. */
export function definitionPath(journalPath: string): string {
  return segments(journalPath).map((s) => s.id).join("/");
}

/** Keeps the newest state of each journal record (events may repeat after a reconnect). */
export function mergeSteps(records: Map<string, StepView>, steps: Iterable<StepView>): Map<string, StepView> {
  const next = new Map(records);
  for (const step of steps) {
    const known = next.get(step.path);
    if (!known || known.revision <= step.revision) next.set(step.path, step);
  }

  return next;
}

function duration(step: StepView, now: number): number | undefined {
  if (!step.startedAt) return undefined;
  const end = step.endedAt ? Date.parse(step.endedAt) : now;
  return Math.max(0, end - Date.parse(step.startedAt));
}

function summarize(shownStates: Shown[], durations: number[]): NodeState {
  const counts: Partial<Record<Shown, number>> = {};
  for (const s of shownStates) counts[s] = (counts[s] ?? 0) + 1;
  const main = shownOrder.find((s) => counts[s]) ?? "pending";
  const state: NodeState = { shown: main, counts, total: shownStates.length };
  if (durations.length > 0) state.durationMs = Math.max(...durations);
  return state;
}

/**
 * The state of every graph node of a run: a step's own record, or for steps inside loops the
 * counts over all items; a container sums up what is inside it, and a forEach counts its items
 * (an item is as far as its worst step), so thousands of items never become thousands of nodes.
 */
export function nodeStates(records: Iterable<StepView>, loops: ReadonlySet<string>, now = Date.now()): Map<string, NodeState> {
  const byNode = new Map<string, { shown: Shown[]; durations: number[]; attempt: number }>();
  const items = new Map<string, Map<string, Shown[]>>();
  const add = (key: string, s: Shown, d: number | undefined, attempt: number) => {
    const entry = byNode.get(key) ?? { shown: [], durations: [], attempt: 0 };
    entry.shown.push(s);
    if (d !== undefined) entry.durations.push(d);
    entry.attempt = Math.max(entry.attempt, attempt);
    byNode.set(key, entry);
  };

  for (const record of records) {
    if (record.superseded) continue;
    const s = shown(record);
    const d = duration(record, now);
    const segs = segments(record.path);
    add(segs.map((x) => x.id).join("/"), s, d, record.attempt);
    for (let depth = 1; depth < segs.length; depth++) {
      const container = segs.slice(0, depth).map((x) => x.id).join("/");
      if (loops.has(container)) {
        const item = segs.slice(0, depth).map((x) => x.item ?? "").join("/");
        const perItem = items.get(container) ?? new Map<string, Shown[]>();
        perItem.set(item, [...(perItem.get(item) ?? []), s]);
        items.set(container, perItem);
      } else {
        add(container, s, d, 0);
      }
    }
  }

  const result = new Map<string, NodeState>();
  for (const [key, entry] of byNode) {
    const state = summarize(entry.shown, entry.durations);
    if (entry.attempt > 0) state.attempt = entry.attempt;
    result.set(key, state);
  }

  for (const [loop, perItem] of items) {
    const itemStates = [...perItem.values()].map((states) => summarize(states, []).shown);
    result.set(loop, summarize(itemStates, []));
  }

  return result;
}

export interface LoopItem {
  key: string;
  /** The journal path prefix of the item (`each[item3]`), to find its records and logs. */
  prefix: string;
  state: NodeState;
  records: StepView[];
}

/** The items of one forEach with their state, for the drill-down list. */
export function loopItems(records: Iterable<StepView>, loopPath: string): LoopItem[] {
  const depth = loopPath.split("/").length;
  const byItem = new Map<string, StepView[]>();
  for (const record of records) {
    if (record.superseded) continue;
    const segs = segments(record.path);
    if (segs.length <= depth || segs.slice(0, depth).map((s) => s.id).join("/") !== loopPath) continue;
    const prefix = prefixOf(record.path, depth);
    byItem.set(prefix, [...(byItem.get(prefix) ?? []), record]);
  }

  // Items in a stable, natural order (node2 before node10), whatever order they finished in.
  const order = new Intl.Collator(undefined, { numeric: true });
  return [...byItem.entries()].sort(([a], [b]) => order.compare(a, b)).map(([prefix, list]) => {
    const segs = segments(prefix);
    return {
      key: segs[segs.length - 1]?.item ?? prefix,
      prefix,
      state: summarize(list.map(shown), []),
      records: list.sort((a, b) => a.sequence - b.sequence),
    };
  });
}

/** The first depth segments of a journal path as written (items included). */
function prefixOf(journalPath: string, depth: number): string {
  let count = 0;
  let bracket = 0;
  for (let i = 0; i < journalPath.length; i++) {
    const ch = journalPath[i];
    if (ch === "[") bracket++;
    else if (ch === "]") bracket--;
    else if (ch === "/" && bracket === 0 && ++count === depth) return journalPath.slice(0, i);
  }

  return journalPath;
}
