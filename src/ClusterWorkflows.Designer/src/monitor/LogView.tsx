import { useEffect, useRef, useState } from "react";
import { api } from "../api/client";
import type { LogLineView, Page } from "../api/types";
import { ErrorBox } from "../ui/ErrorBox";
import { ansiSpans } from "./ansi";

const pageSize = 500;
const maxShown = 5000;

interface Props {
  runId: string;
  /** A journal path (one step of one item) or undefined for the whole run. */
  step: string | undefined;
  onLog: (listener: (line: LogLineView) => void) => () => void;
}

function Line({ line }: { line: LogLineView }) {
  return (
    <div className={`line lvl-${line.level}`}>
      {ansiSpans(line.text).map((span, i) => (
        <span key={i} style={{ color: span.fg, backgroundColor: span.bg, fontWeight: span.bold ? 700 : undefined }}>{span.text}</span>
      ))}
    </div>
  );
}

/** A step's (or the run's) log: pages of 500 lines from the API, then the live lines as they come. */
export function LogView({ runId, step, onLog }: Props) {
  const [lines, setLines] = useState<LogLineView[]>([]);
  const [next, setNextState] = useState<number | null>(null);
  const nextRef = useRef<number | null>(null);
  const setNext = (n: number | null) => {
    nextRef.current = n;
    setNextState(n);
  };
  const [error, setError] = useState<unknown>();
  const box = useRef<HTMLDivElement>(null);
  const atEnd = useRef(true);
  const load = async (after: number, replace: boolean) => {
    try {
      const page = await api<Page<LogLineView>>(`/api/runs/${runId}/logs?${new URLSearchParams({ ...(step ? { step } : {}), after: String(after), limit: String(pageSize) })}`);
      setLines((old) => (replace ? page.items : [...old, ...page.items]).slice(-maxShown));
      setNext(page.next);
    } catch (err) {
      setError(err);
    }
  };
  useEffect(() => {
    setLines([]);
    void load(0, true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runId, step]);
  useEffect(() => onLog((line) => {
    if (step && line.step !== step) return;
    // While older pages are still to be read, live lines would arrive out of order: they are read with them.
    if (nextRef.current === null) setLines((old) => (old.some((l) => l.sequence === line.sequence) ? old : [...old, line].slice(-maxShown)));
  }), [onLog, step]);
  useEffect(() => {
    if (box.current && atEnd.current) box.current.scrollTop = box.current.scrollHeight;
  }, [lines]);
  return (
    <div>
      <ErrorBox error={error} />
      <div className="log" ref={box} role="log" aria-live="polite" aria-label={step ? `Log of ${step}` : "Log of the run"}
        onScroll={(e) => { const el = e.currentTarget; atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < 20; }}>
        {lines.length === 0 && <div className="line lvl-debug">(no log lines)</div>}
        {lines.map((line) => <Line key={line.sequence} line={line} />)}
      </div>
      {next !== null && <button type="button" className="small" onClick={() => void load(next, false)}>Load the next {pageSize} lines</button>}
    </div>
  );
}
