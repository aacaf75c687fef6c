import { diffLines } from "diff";

export interface DiffLine {
  type: "add" | "del" | "same" | "gap";
  text: string;
  oldNo?: number;
  newNo?: number;
}

/**
 * A unified line diff of two versions with `context` unchanged lines around each change; longer
 * unchanged runs collapse into one "gap" line so a one-line change in a long runbook stays short.
 */
export function lineDiff(before: string, after: string, context = 3): DiffLine[] {
  const all: DiffLine[] = [];
  let oldNo = 1;
  let newNo = 1;
  for (const part of diffLines(before, after)) {
    const partLines = part.value.replace(/\n$/, "").split("\n");
    for (const text of partLines) {
      if (part.added) all.push({ type: "add", text, newNo: newNo++ });
      else if (part.removed) all.push({ type: "del", text, oldNo: oldNo++ });
      else all.push({ type: "same", text, oldNo: oldNo++, newNo: newNo++ });
    }
  }

  const keep = all.map(() => false);
  all.forEach((line, i) => {
    if (line.type !== "same") {
      for (let j = Math.max(0, i - context); j <= Math.min(all.length - 1, i + context); j++) keep[j] = true;
    }
  });

  const out: DiffLine[] = [];
  let hidden = 0;
  all.forEach((line, i) => {
    if (keep[i]) {
      if (hidden > 0) out.push({ type: "gap", text: `${hidden} unchanged line${hidden === 1 ? "" : "s"}` });
      hidden = 0;
      out.push(line);
    } else {
      hidden++;
    }
  });
  if (hidden > 0 && out.length > 0) out.push({ type: "gap", text: `${hidden} unchanged line${hidden === 1 ? "" : "s"}` });
  return out;
}
