import { useCallback, useMemo, useRef, useState } from "react";
import { readRunbook, type RunbookModel } from "../model/stepTree";
import { TextHistory } from "./history";
import { markPhase } from "./phases";

export interface RunbookText {
  source: string;
  model: RunbookModel;
  /** The last text without YAML syntax errors: the graph keeps showing it while the YAML is broken. */
  lastGood: RunbookModel;
  lastGoodSource: string;
  apply(text: string): void;
  reset(text: string): void;
  undo(): void;
  redo(): void;
  canUndo: boolean;
  canRedo: boolean;
}

/** The text being edited with its undo/redo history and its step tree. */
export function useRunbookText(initial: string): RunbookText {
  const history = useRef<TextHistory>(null!);
  history.current ??= new TextHistory(initial);
  const [source, setSource] = useState(initial);
  const model = useMemo(() => {
    const read = readRunbook(source).model;
    markPhase("parsed");
    return read;
  }, [source]);
  const good = useRef({ model, source });
  if (model.errors.length === 0) good.current = { model, source };
  const apply = useCallback((text: string) => {
    history.current.push(text);
    setSource(history.current.current);
  }, []);
  const reset = useCallback((text: string) => {
    history.current = new TextHistory(text);
    setSource(text);
  }, []);
  const undo = useCallback(() => setSource(history.current.undo()), []);
  const redo = useCallback(() => setSource(history.current.redo()), []);
  return {
    source, model, lastGood: good.current.model, lastGoodSource: good.current.source, apply, reset, undo, redo,
    canUndo: history.current.canUndo, canRedo: history.current.canRedo,
  };
}
