import { endId, startId } from "../graph/buildGraph";
import { allSteps, type DocPath, type StepNode } from "../model/stepTree";

/** Where something dropped on a graph node goes: a list of steps and an index in it. */
export interface Placement {
  listPath: DocPath;
  index: number;
}

/**
 * On a step: right after it. On a container (its box, not one of its children): at the end of its
 * first branch, or of the try/catch/finally region it was dropped on. On start/end: first/last.
 */
export function placementFor(steps: StepNode[], targetId: string): Placement | undefined {
  if (targetId === startId) return { listPath: ["steps"], index: 0 };
  if (targetId === endId) return { listPath: ["steps"], index: steps.length };
  const [path, region] = targetId.split("#");
  const step = [...allSteps(steps)].find((s) => s.path === path);
  if (!step) return undefined;
  if (region) {
    const branch = step.branches.find((b) => b.key === region);
    return branch ? { listPath: branch.listPath, index: branch.steps.length } : undefined;
  }

  const first = step.branches[0];
  if (first) return { listPath: first.listPath, index: first.steps.length };
  return { listPath: step.docPath.slice(0, -1), index: Number(step.docPath[step.docPath.length - 1]) + 1 };
}

/** True when the list at listPath is inside the step at stepPath (a step cannot move into itself). */
export function isInside(listPath: DocPath, stepPath: DocPath): boolean {
  return stepPath.every((part, i) => listPath[i] === part);
}

export function pathAtDocPath(steps: StepNode[], docPath: DocPath): string | undefined {
  const key = JSON.stringify(docPath);
  return [...allSteps(steps)].find((s) => JSON.stringify(s.docPath) === key)?.path;
}
