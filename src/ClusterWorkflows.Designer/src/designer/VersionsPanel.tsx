import { useEffect, useId, useMemo, useState } from "react";
import { api } from "../api/client";
import type { DefinitionSummary, DefinitionView } from "../api/types";
import { ErrorBox } from "../ui/ErrorBox";
import { when } from "../ui/format";
import { useLoad } from "../ui/useLoad";
import { lineDiff } from "./versionDiff";

/** Every saved version, and the line diff between any two of them. */
export function VersionsPanel({ workflow, latest }: { workflow: string; latest: number }) {
  const id = useId();
  const versions = useLoad((signal) => api<DefinitionSummary[]>(`/api/definitions/${encodeURIComponent(workflow)}/versions`, { signal }), [workflow, latest]);
  const [from, setFrom] = useState<number>(Math.max(1, latest - 1));
  const [to, setTo] = useState<number>(latest);
  useEffect(() => {
    setFrom(Math.max(1, latest - 1));
    setTo(latest);
  }, [latest]);
  const texts = useLoad(async (signal) => {
    const get = (v: number) => api<DefinitionView>(`/api/definitions/${encodeURIComponent(workflow)}/versions/${v}`, { signal }).then((d) => d.content);
    return Promise.all([get(from), get(to)]);
  }, [workflow, from, to]);
  const diff = useMemo(() => (texts.data ? lineDiff(texts.data[0], texts.data[1]) : []), [texts.data]);
  const options = (versions.data ?? []).map((v) => <option key={v.version} value={v.version}>v{v.version} · {when(v.createdAt)}</option>);
  return (
    <section className="versions" aria-label="Versions">
      <ErrorBox error={versions.error ?? texts.error} />
      <div className="diff-pick">
        <label htmlFor={`${id}-from`}>From</label>
        <select id={`${id}-from`} value={from} onChange={(e) => setFrom(Number(e.target.value))}>{options}</select>
        <label htmlFor={`${id}-to`}>To</label>
        <select id={`${id}-to`} value={to} onChange={(e) => setTo(Number(e.target.value))}>{options}</select>
      </div>
      {texts.data && diff.length === 0 && <p className="hint">No difference.</p>}
      <pre className="diff" aria-label={`Changes from v${from} to v${to}`}>
        {diff.map((line, i) => (
          <div key={i} className={`diff-${line.type}`}>
            <span className="ln">{line.oldNo ?? ""}</span><span className="ln">{line.newNo ?? ""}</span>
            <span className="mark">{line.type === "add" ? "+" : line.type === "del" ? "-" : " "}</span>{line.text}
          </div>
        ))}
      </pre>
    </section>
  );
}
