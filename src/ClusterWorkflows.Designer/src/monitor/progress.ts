import type { ProgressView, StepView } from "../api/types";
import { definitionPath, type NodeState } from "./runState";

/**
 * Keeps the latest progress of each running record. A report is only kept while its record is running the
 * same attempt: the stream may send one just after the step's final record, and it must not bring the bar back.
 */
export function mergeProgress(progress: Map<string, ProgressView>, reports: Iterable<ProgressView>, records: Map<string, StepView>): Map<string, ProgressView> {
  const next = new Map(progress);
  for (const report of reports) next.set(report.path, report);
  for (const [path, report] of next) {
    const record = records.get(path);
    if (!record || record.status !== "running" || record.attempt !== report.attempt) next.delete(path);
  }

  return next;
}

/** Node states with a bar on each step that has a running record with progress (the latest report among a loop's items). */
export function withProgress(states: Map<string, NodeState>, progress: Map<string, ProgressView>): Map<string, NodeState> {
  if (progress.size === 0) return states;
  const latest = new Map<string, ProgressView>();
  for (const report of progress.values()) {
    const node = definitionPath(report.path);
    const known = latest.get(node);
    if (!known || known.at <= report.at) latest.set(node, report);
  }

  const next = new Map(states);
  for (const [node, report] of latest) {
    const state = next.get(node);
    if (state) next.set(node, { ...state, progress: report });
  }

  return next;
}

/** The bar's fill, 0 to 100, or undefined when the total is unknown. */
export function percent(report: ProgressView): number | undefined {
  if (!report.total || report.total <= 0) return undefined;
  return Math.min(100, Math.max(0, Math.floor((report.done * 100) / report.total)));
}

/** "45% · 450 / 1,000 items" (bytes in binary multiples). */
export function progressText(report: ProgressView): string {
  const unit = report.unit ?? "";
  const amount = (n: number) => (unit === "bytes" || unit === "B" ? bytes(n) : n.toLocaleString("en-US"));
  const suffix = unit && unit !== "bytes" && unit !== "B" ? ` ${unit}` : "";
  const pct = percent(report);
  const figures = report.total ? `${amount(report.done)} / ${amount(report.total)}${suffix}` : `${amount(report.done)}${suffix}`;
  return pct === undefined ? figures : `${pct}% · ${figures}`;
}

function bytes(n: number): string {
  const names = ["B", "KiB", "MiB", "GiB", "TiB"];
  let size = n;
  let i = 0;
  while (size >= 1024 && i < names.length - 1) {
    size /= 1024;
    i++;
  }

  return i === 0 ? `${size} B` : `${size.toFixed(1)} ${names[i]}`;
}
