import { useId, useState } from "react";
import { api, query } from "../api/client";
import type { AuditView } from "../api/types";
import { Link } from "../app/router";
import { ErrorBox } from "../ui/ErrorBox";
import { when } from "../ui/format";
import { useLoad } from "../ui/useLoad";

interface AuditPage {
  items: AuditView[];
  next?: number | null;
}

const pageSize = 50;

/** The audit log, newest first, filtered by actor, action or run; older pages by sequence. */
export function AuditPage() {
  const id = useId();
  const [actor, setActor] = useState("");
  const [action, setAction] = useState("");
  const [run, setRun] = useState("");
  const [before, setBefore] = useState<number[]>([]);
  const cursor = before[before.length - 1];
  const list = useLoad((signal) => api<AuditPage>(`/api/audit${query({ actor: actor.trim(), action: action.trim(), run: run.trim(), before: cursor, limit: pageSize })}`, { signal }), [actor, action, run, cursor]);
  const items = list.data?.items ?? [];
  const reset = () => setBefore([]);
  return (
    <section className="page">
      <div className="page-head"><h1>Audit</h1></div>
      <div className="filters">
        <div className="field"><label htmlFor={`${id}-actor`}>Actor</label><input id={`${id}-actor`} value={actor} onChange={(e) => { setActor(e.target.value); reset(); }} /></div>
        <div className="field"><label htmlFor={`${id}-action`}>Action</label><input id={`${id}-action`} value={action} onChange={(e) => { setAction(e.target.value); reset(); }} placeholder="run.retry" /></div>
        <div className="field"><label htmlFor={`${id}-run`}>Run id</label><input id={`${id}-run`} value={run} onChange={(e) => { setRun(e.target.value); reset(); }} /></div>
      </div>
      <ErrorBox error={list.error} />
      <table className="table">
        <thead><tr><th>When</th><th>Actor</th><th>Action</th><th>Run / step</th><th>Reason</th><th>From</th></tr></thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.sequence} data-audit={a.action}>
              <td>{when(a.at)}</td>
              <td>{a.actor}</td>
              <td><code>{a.action}</code>{a.details ? <div className="hint">{JSON.stringify(a.details)}</div> : null}</td>
              <td>{a.run ? <Link to={`/runs/${a.run}`}>{a.run.slice(0, 8)}…</Link> : ""}{a.step ? ` ${a.step}` : ""}</td>
              <td>{a.reason ?? ""}</td>
              <td className="hint">{a.source ?? ""}</td>
            </tr>
          ))}
          {list.data && items.length === 0 && <tr><td colSpan={6} className="hint">Nothing recorded.</td></tr>}
        </tbody>
      </table>
      <div className="pager">
        <button type="button" disabled={before.length === 0} onClick={() => setBefore(before.slice(0, -1))}>Newer</button>
        <button type="button" disabled={items.length < pageSize} onClick={() => setBefore([...before, items[items.length - 1]!.sequence])}>Older</button>
      </div>
    </section>
  );
}
