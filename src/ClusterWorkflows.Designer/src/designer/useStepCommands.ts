import { useCallback, useRef } from "react";
import type { ActivityDescriptor } from "../api/types";
import type { DropPayload } from "../graph/graphActions";
import { copyStep, deleteStep, duplicateStep, insertStep, moveStep, pasteStep } from "../model/stepEdits";
import { findStep, readRunbook, type StepNode } from "../model/stepTree";
import { isInside, pathAtDocPath, placementFor, type Placement } from "./dropTarget";
import { newActivityStep } from "./newStep";
import { findActivity } from "./StepPanel";
import type { RunbookText } from "./useRunbookText";

export interface StepCommands {
  addActivity(reference: string, placement?: Placement): void;
  drop(targetId: string, payload: DropPayload): void;
  move(path: string, delta: -1 | 1): void;
  remove(path: string): void;
  duplicate(path: string): void;
  copy(path: string): void;
  paste(): void;
}

/** The graph's editing commands; each writes a new text (one undo step) and selects what it made. */
export function useStepCommands(text: RunbookText, activities: ActivityDescriptor[], selected: string | undefined, select: (path: string | undefined) => void): StepCommands {
  const clipboard = useRef<string>("");
  const stepsRef = useRef<StepNode[]>(text.lastGood.steps);
  stepsRef.current = text.lastGood.steps;
  const sourceRef = useRef(text.source);
  sourceRef.current = text.source;

  const commit = useCallback((next: string, docPath?: (string | number)[]) => {
    text.apply(next);
    if (docPath) select(pathAtDocPath(readRunbook(next).model.steps, docPath));
  }, [text, select]);

  /** Where a new step goes without a drop: after the selected step, inside a selected container, or last. */
  const defaultPlacement = useCallback((): Placement => {
    const steps = stepsRef.current;
    return (selected && placementFor(steps, selected)) || { listPath: ["steps"], index: steps.length };
  }, [selected]);

  const addActivity = useCallback((reference: string, placement?: Placement) => {
    const activity = findActivity(activities, reference);
    if (!activity) return;
    const where = placement ?? defaultPlacement();
    const { step, idBase } = newActivityStep(activity);
    const inserted = insertStep(sourceRef.current, where.listPath, where.index, step, idBase);
    commit(inserted.text, inserted.docPath);
  }, [activities, commit, defaultPlacement]);

  const drop = useCallback((targetId: string, payload: DropPayload) => {
    const placement = placementFor(stepsRef.current, targetId);
    if (!placement) return;
    if ("activity" in payload) {
      addActivity(payload.activity, placement);
      return;
    }

    const moving = findStep(stepsRef.current, payload.step);
    if (!moving || moving.path === targetId || isInside(placement.listPath, moving.docPath)) return;
    const next = moveStep(sourceRef.current, moving.docPath, placement.listPath, placement.index);
    text.apply(next);
    select(findStep(readRunbook(next).model.steps, moving.path) ? moving.path : undefined);
  }, [addActivity, text, select]);

  const move = useCallback((path: string, delta: -1 | 1) => {
    const step = findStep(stepsRef.current, path);
    if (!step) return;
    const index = Number(step.docPath[step.docPath.length - 1]);
    const listPath = step.docPath.slice(0, -1);
    const target = delta < 0 ? index - 1 : index + 2;
    if (target < 0) return;
    text.apply(moveStep(sourceRef.current, step.docPath, listPath, target));
  }, [text]);

  const remove = useCallback((path: string) => {
    const step = findStep(stepsRef.current, path);
    if (!step) return;
    text.apply(deleteStep(sourceRef.current, step.docPath));
    select(undefined);
  }, [text, select]);

  const duplicate = useCallback((path: string) => {
    const step = findStep(stepsRef.current, path);
    const inserted = step && duplicateStep(sourceRef.current, step.docPath);
    if (inserted) commit(inserted.text, inserted.docPath);
  }, [commit]);

  const copy = useCallback((path: string) => {
    const step = findStep(stepsRef.current, path);
    if (step) clipboard.current = copyStep(sourceRef.current, step.docPath);
  }, []);

  const paste = useCallback(() => {
    if (!clipboard.current) return;
    const where = defaultPlacement();
    const inserted = pasteStep(sourceRef.current, clipboard.current, where.listPath, where.index);
    if (inserted) commit(inserted.text, inserted.docPath);
  }, [commit, defaultPlacement]);

  return { addActivity, drop, move, remove, duplicate, copy, paste };
}
