import { useEffect, useRef, useState } from "react";
import { followEvents } from "../api/eventStream";
import type { LogLineView, ProgressView, RunDetail, RunView, StepView } from "../api/types";
import { mergeProgress } from "./progress";
import { mergeSteps } from "./runState";

export interface LiveRun {
  run: RunView;
  records: Map<string, StepView>;
  /** The latest progress of running records (ephemeral: only what this page heard live). */
  progress: Map<string, ProgressView>;
  connected: boolean;
  ended: boolean;
}

type LogListener = (line: LogLineView) => void;

/**
 * A run kept up to date from its event stream. Events are applied in batches (at most ~6 renders a
 * second) so a loop over hundreds of items that finish together does not redraw the graph per item.
 */
export function useRunEvents(detail: RunDetail): { live: LiveRun; onLog: (listener: LogListener) => () => void } {
  const [live, setLive] = useState<LiveRun>(() => ({
    run: detail,
    records: mergeSteps(new Map(), detail.steps),
    progress: new Map(),
    connected: false,
    ended: detail.status === "completed" || detail.status === "cancelled",
  }));
  const listeners = useRef(new Set<LogListener>());
  useEffect(() => {
    let steps: StepView[] = [];
    let reports: ProgressView[] = [];
    let run: RunView | undefined;
    let ended = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      const batch = steps;
      const heard = reports;
      const latestRun = run;
      steps = [];
      reports = [];
      setLive((old) => {
        const records = batch.length ? mergeSteps(old.records, batch) : old.records;
        const progress = heard.length || batch.length ? mergeProgress(old.progress, heard, records) : old.progress;
        return { ...old, run: latestRun ?? old.run, records, progress, ended: old.ended || ended };
      });
    };
    const schedule = () => {
      timer ??= setTimeout(flush, 160);
    };
    const stream = followEvents(`/api/runs/${detail.id}/events`, (event) => {
      const data = JSON.parse(event.data) as unknown;
      if (event.event === "step") steps.push(data as StepView);
      else if (event.event === "run") run = data as RunView;
      else if (event.event === "progress") reports.push(data as ProgressView);
      else if (event.event === "log") listeners.current.forEach((l) => l(data as LogLineView));
      else if (event.event === "end") ended = true;
      schedule();
    }, (connected) => setLive((old) => ({ ...old, connected })));
    return () => {
      stream.close();
      clearTimeout(timer);
    };
  }, [detail.id]);
  const onLog = (listener: LogListener) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  };
  return { live, onLog };
}
